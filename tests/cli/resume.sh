#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/resume.sh: a copy killed part-way leaves a prefix of the source
# that --resume completes; resume onto a complete target, a larger target,
# a partial made by hand (no record), --no-verify; and the resume matrix of
# partial sizes 0, 1, 1 KiB, around the 64 KiB window, 1 MiB, S-1, S.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))

# larger_than FILE N: FILE exists and has more than N bytes.
larger_than() {
	[ -f "$1" ] && [ "$(tap_size "$1")" -gt "$2" ]
}

# has_record: a resume record exists where XDG_STATE_HOME says.
has_record() {
	compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null
}

# ---------------------------------------------------------------- killed

tap_random big.bin $((8 * MiB))

# killed_copy_resumes DIR: DIR (get or put) at 1 MiB/s, killed with -9
# once more than 1 MiB has arrived, leaves a strict prefix of the source
# and a record; --resume completes it byte for byte and drops the record.
killed_copy_resumes() {
	local dir=$1 part=$1.killed.bin pid
	tap_bg "$FERRY" -q --limit-rate 1M "$dir" big.bin "$part"
	pid=$TAP_BG
	tap_ok "rate_limited_${dir}_writes_more_than_1_MiB_within_30_s" \
	    tap_wait_for 30 larger_than "$part" "$MiB"
	tap_ok "rate_limited_${dir}_is_still_running_after_1_MiB" \
	    tap_alive "$pid"
	tap_kill "$pid"
	tap_is "${dir}_killed_with_9_dies_of_it" "$TAP_BG_STATUS" 137
	tap_prefix "killed_${dir}_leaves_a_strict_prefix_of_the_source" \
	    "$part" big.bin
	tap_ok "killed_${dir}_leaves_a_resume_record_under_xdg_state_home" \
	    has_record
	tap_not "killed_${dir}_writes_no_state_under_home" \
	    test -e "$HOME/.local/state"
	tap_exit_is "resume_of_the_killed_${dir}_exits_0" 0 \
	    "$FERRY" -q "$dir" --resume big.bin "$part"
	tap_same_file "resume_of_the_killed_${dir}_completes_it" \
	    big.bin "$part"
	tap_not "completed_${dir}_resume_leaves_no_record" has_record
}
killed_copy_resumes get
killed_copy_resumes put

# ---------------------------------------------------------------- edges

# A complete target is checked and left alone.  Its mtime is the source's,
# so that neither writing it nor setting its time leaves it unchanged.
cp big.bin done.bin
touch -r big.bin done.bin
sum=$(tap_sha done.bin)
mtime=$(stat -c %Y done.bin)
tap_exit_is "resume_onto_a_complete_target_exits_0" 0 \
    "$FERRY" -q -c get big.bin done.bin
tap_is "resume_onto_a_complete_target_leaves_its_bytes" \
    "$(tap_sha done.bin)" "$sum"
tap_is "resume_onto_a_complete_target_does_not_write_it" \
    "$(stat -c %Y done.bin)" "$mtime"

# A target larger than the source is no partial copy of it, even when it
# starts with the whole source.
tap_random tail.bin 1000
cat big.bin tail.bin >larger.bin
sum=$(tap_sha larger.bin)
tap_exit_is "resume_onto_a_larger_target_exits_5" 5 \
    "$FERRY" -q --resume get big.bin larger.bin
tap_is "resume_onto_a_larger_target_leaves_it" "$(tap_sha larger.bin)" "$sum"
tap_err_names "resume_onto_a_larger_target_says_so_in_one_line_naming_it" \
    larger.bin
tap_exit_is "put_resume_onto_a_larger_target_exits_5" 5 \
    "$FERRY" -q --resume put big.bin larger.bin
tap_is "put_resume_onto_a_larger_target_leaves_it" \
    "$(tap_sha larger.bin)" "$sum"

# A partial made by hand has no record: the overlap check alone decides.
head -c $((MiB + 5)) big.bin >clean.bin
tap_exit_is "resume_of_a_partial_without_record_exits_0" 0 \
    "$FERRY" -v --resume get big.bin clean.bin
tap_same_file "resume_of_a_partial_without_record_completes_it" \
    big.bin clean.bin
# (what the benchmark weighs against the resumed transfer's time)
tap_ok "v_says_how_long_checking_the_overlap_took" \
    grep -qE "^ferry: clean.bin: checking the overlap took [0-9]+\.[0-9]{3} s$" \
    "$TAP_ERR"

head -c $((2 * MiB)) big.bin >noverify.bin
tap_exit_is "resume_with_no_verify_exits_0" 0 \
    "$FERRY" -v --resume --no-verify get big.bin noverify.bin
tap_same_file "resume_with_no_verify_of_a_good_partial_completes_it" \
    big.bin noverify.bin
tap_not "resume_with_no_verify_says_no_check_took_time" \
    grep -q "checking the overlap took" "$TAP_ERR"

tap_exit_is "resume_without_a_target_exits_0" 0 \
    "$FERRY" -q --resume get big.bin absent.bin
tap_same_file "resume_without_a_target_copies_the_whole_file" \
    big.bin absent.bin

# ---------------------------------------------------------------- matrix

S=$((3 * MiB + 17))
tap_random matrix.bin "$S"

# resume_from DIR P: DIR (get or put) --resume onto the first P bytes of
# the source completes it.
resume_from() {
	local dir=$1 p=$2 part=m.$1.$2
	head -c "$p" matrix.bin >"$part"
	tap_exit_is "${dir}_resume_from_${p}_of_${S}_bytes_exits_0" 0 \
	    "$FERRY" -q -c "$dir" matrix.bin "$part"
	tap_same_file "${dir}_resume_from_${p}_of_${S}_bytes_completes_it" \
	    matrix.bin "$part"
}
for dir in get put; do
	for p in 0 1 1024 65535 65536 65537 $((MiB)) $((S - 1)) "$S"; do
		resume_from "$dir" "$p"
	done
done

tap_done
