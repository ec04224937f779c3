#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/cli/overwrite.sh: --overwrite keeps the old file whole until the
# new one is complete.  The new copy is written beside the target, as
# TARGET.ferry-part with a resume record naming it, and renamed over the
# target at the end; a copy killed part-way leaves the old file as it was
# plus the partial, which --resume (or the same --overwrite again)
# completes and puts in place.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))

# larger_than FILE N: FILE exists and has more than N bytes.
larger_than() {
	[ -f "$1" ] && [ "$(tap_size "$1")" -gt "$2" ]
}

# record_names FILE: a resume record names FILE as its target.
record_names() {
	grep -qsF "target $PWD/$1" "$XDG_STATE_HOME"/ferry/*.rec
}

# has_record: any resume record at all.
has_record() {
	compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null
}

tap_random new.bin $((8 * MiB))

# killed_overwrite DIR: DIR (get or put) -o at 1 MiB/s over an existing
# complete file, killed with -9 after more than 1 MiB.
killed_overwrite() {
	local dir=$1 t=$1.old.bin pid sum
	tap_random "$t" $((3 * MiB))
	chmod 0640 "$t"
	sum=$(tap_sha "$t")
	tap_bg "$FERRY" -q --limit-rate 1M "$dir" -o new.bin "$t"
	pid=$TAP_BG
	tap_ok "overwrite_by_${dir}_writes_more_than_1_MiB_within_30_s" \
	    tap_wait_for 30 larger_than "$t.ferry-part" "$MiB"
	tap_kill "$pid"
	tap_is "killed_overwrite_by_${dir}_leaves_the_old_file_unchanged" \
	    "$(tap_sha "$t")" "$sum"
	tap_prefix "killed_overwrite_by_${dir}_leaves_a_prefix_beside_it" \
	    "$t.ferry-part" new.bin
	tap_ok "killed_overwrite_by_${dir}_leaves_a_record_naming_the_partial" \
	    record_names "$t.ferry-part"
	tap_exit_is "resume_of_the_killed_overwrite_by_${dir}_exits_0" 0 \
	    "$FERRY" -q "$dir" --resume new.bin "$t"
	tap_same_file "resumed_overwrite_by_${dir}_puts_the_new_file_in_place" \
	    new.bin "$t"
	tap_not "resumed_overwrite_by_${dir}_leaves_no_partial" \
	    test -e "$t.ferry-part"
	tap_not "resumed_overwrite_by_${dir}_leaves_no_record" has_record
	tap_is "overwrite_by_${dir}_keeps_the_old_files_mode" \
	    "$(stat -c %a "$t")" 640
}
killed_overwrite get
killed_overwrite put

# The same -o again after a kill starts the partial over, and completes.
tap_random again.bin $((3 * MiB))
sum=$(tap_sha again.bin)
tap_bg "$FERRY" -q --limit-rate 1M get -o new.bin again.bin
pid=$TAP_BG
tap_wait_for 30 larger_than again.bin.ferry-part "$MiB"
tap_kill "$pid"
tap_is "killed_overwrite_keeps_the_old_file_before_a_second_overwrite" \
    "$(tap_sha again.bin)" "$sum"
tap_exit_is "second_overwrite_after_a_kill_exits_0" 0 \
    "$FERRY" -q get -o new.bin again.bin
tap_same_file "second_overwrite_puts_the_new_file_in_place" new.bin again.bin
tap_not "second_overwrite_leaves_no_partial" test -e again.bin.ferry-part

# A partial whose record names another source is not continued: the
# target itself is resumed, and the partial is left alone.
tap_random other.bin $((4 * MiB))
head -c $((2 * MiB)) new.bin >keep.bin
tap_bg "$FERRY" -q --limit-rate 1M get -o other.bin keep.bin
pid=$TAP_BG
tap_wait_for 30 larger_than keep.bin.ferry-part "$MiB"
tap_kill "$pid"
psum=$(tap_sha keep.bin.ferry-part)
tap_exit_is "resume_with_a_partial_from_another_source_exits_0" 0 \
    "$FERRY" -q get --resume new.bin keep.bin
tap_same_file "resume_with_a_partial_from_another_source_completes_the_target" \
    new.bin keep.bin
tap_is "resume_leaves_a_partial_from_another_source_alone" \
    "$(tap_sha keep.bin.ferry-part)" "$psum"
tap_done
