#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/cli/chunks.sh: a local partial that ferry wrote is checked every
# byte before it is resumed, against the chunk digests of its resume
# record (issue 8, item 4).  A download killed with -9 part-way, with one
# byte changed in the middle of the partial (outside the head and tail
# windows), is refused by --resume (exit 5), left as it was, with one line
# naming the bytes of the chunk that differs; without the change the same
# resume completes it byte for byte and -v says every byte was checked.
# A partial shorter than its record says is refused too.  A partial made
# by hand has no record: only the windows are checked, and -v says so.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))
S=$((12 * MiB))		# three chunks of 4 MiB
tap_random src.bin "$S"

# larger_than FILE N: FILE exists and has more than N bytes.
larger_than() {
	[ -f "$1" ] && [ "$(tap_size "$1")" -gt "$2" ]
}

# confirmed: the bytes the one resume record says are written.
confirmed() {
	sed -n 's/^confirmed //p' "$XDG_STATE_HOME"/ferry/*.rec
}

# confirms_more_than N: the record confirms more than N bytes.
confirms_more_than() {
	local c
	c=$(confirmed) && [ -n "$c" ] && [ "$c" -gt "$1" ]
}

# chunks_of N: how many 4 MiB chunks cover N bytes.
chunks_of() {
	echo $((($1 + 4 * MiB - 1) / (4 * MiB)))
}

# killed_partial NAME [M [SRC]]: get SRC (src.bin) to NAME at 2 MiB/s,
# killed with -9 once its record confirms more than M MiB (5 by default: a
# whole first chunk and part of the second; the record is written once a
# second, so about 6 MiB, with 6 MiB to go), leaving a partial and its
# record.
killed_partial() {
	local pid m=${2:-5}
	rm -rf "$XDG_STATE_HOME/ferry" "$1"
	tap_bg "$FERRY" -q --limit-rate 2M get "${3:-src.bin}" "$1"
	pid=$TAP_BG
	tap_wait_for 30 confirms_more_than $((m * MiB)) ||
	    tap_bail "the record of $1 did not pass $m MiB within 30 s"
	tap_alive "$pid" || tap_bail "the download of $1 ended too early"
	tap_kill "$pid"
	[ "$TAP_BG_STATUS" = 137 ] || tap_bail "kill -9 gave $TAP_BG_STATUS"
}

# ---------------------------------------------------------------- changed

killed_partial changed.bin
tap_prefix "the_killed_download_leaves_a_strict_prefix_of_the_source" \
    changed.bin src.bin
c=$(confirmed)
tap_is "its_record_keeps_a_digest_of_every_4_MiB_chunk" \
    "$(grep -c '^chunk [0-9]' "$XDG_STATE_HOME"/ferry/*.rec) $(sed -n \
    's/^chunk_size //p' "$XDG_STATE_HOME"/ferry/*.rec)" \
    "$(chunks_of "$c") 4194304"
size=$(tap_size changed.bin)
# byte 5 MiB: in the second chunk, far from the first 64 KiB and from the
# 64 KiB before the end of the partial
tap_ok "the_byte_to_change_is_outside_both_windows" \
    test $((5 * MiB)) -lt $((size - 65536)) -a $((5 * MiB)) -lt "$c"
tap_flip_byte changed.bin $((5 * MiB)) || tap_bail "cannot change a byte"
sum=$(tap_sha changed.bin)
tap_exit_is "resume_of_a_partial_changed_between_the_windows_exits_5" 5 \
    "$FERRY" -q --resume get src.bin changed.bin
tap_is "the_changed_partial_is_left_as_it_was" "$(tap_sha changed.bin)" \
    "$sum"
tap_is "the_changed_partial_keeps_its_size" "$(tap_size changed.bin)" \
    "$size"
tap_err_names "the_refusal_is_one_line_naming_the_target" changed.bin
tap_like "the_refusal_names_the_bytes_of_the_chunk_that_differs" \
    "$(cat "$TAP_ERR")" \
    "bytes 4194304 to $((c - 1 < 8 * MiB - 1 ? c - 1 : 8 * MiB - 1)) of the partial target differ from what ferry wrote"
tap_is "the_refusal_keeps_the_record" "$(confirmed)" "$c"
tap_exit_is "asked_again_it_refuses_again" 5 \
    "$FERRY" -q --resume get src.bin changed.bin
tap_is "and_still_leaves_the_partial" "$(tap_sha changed.bin)" "$sum"
tap_exit_is "overwrite_replaces_the_changed_partial" 0 \
    "$FERRY" -q --overwrite get src.bin changed.bin
tap_same_file "the_overwritten_copy_is_the_source" src.bin changed.bin

# ---------------------------------------------------------------- intact

# resumes_checked NAME T1 T2 T3: NAME, a killed partial with its record,
# resumed with -v: exits 0 (test T1), byte-identical (T2), and -v says
# every byte was checked against the record (T3).
resumes_checked() {
	local n
	n=$(chunks_of "$(confirmed)")
	tap_exit_is "$2" 0 "$FERRY" -v --resume get src.bin "$1"
	tap_same_file "$3" src.bin "$1"
	tap_ok "$4" grep -qE "$1: resuming at byte [0-9]+ \(checked: every byte of the partial against its resume record, $n chunks;" "$TAP_ERR"
}

killed_partial intact.bin
resumes_checked intact.bin resume_of_an_intact_killed_partial_exits_0 \
    the_resumed_copy_is_byte_identical \
    v_says_every_byte_was_checked_against_the_record
tap_not "no_record_is_left" compgen -G "$XDG_STATE_HOME/ferry/*.rec"

# ------------------------------------------------------------ old records

# A record of ferry 0.1.0 holds XXH64 digests ("chunk_hash xxh64"; XXH3
# since): its partial is checked with XXH64 and resumed.  Made here from a
# record of today's, its chunk lines replaced by tests/it/xxh64chunks'.
XXH64CHUNKS=${FERRY_TEST_XXH64CHUNKS:-$(dirname "$FERRY")/tests/it/xxh64chunks}
[ -x "$XXH64CHUNKS" ] || tap_bail "no $XXH64CHUNKS (make check builds it)"

# as_xxh64 NAME: NAME's record, made one of ferry 0.1.0.
as_xxh64() {
	local rec
	rec=$(echo "$XDG_STATE_HOME"/ferry/*.rec)
	if ! {
		sed -e '/^chunk /d' -e 's/^chunk_hash xxh3$/chunk_hash xxh64/' \
		    "$rec" &&
		    "$XXH64CHUNKS" "$1" 4194304 "$(confirmed)"
	} >"$rec.new" || ! mv "$rec.new" "$rec"; then
		tap_bail "cannot rewrite $rec"
	fi
}

killed_partial old.bin
tap_ok "a_record_of_today_says_xxh3" \
    grep -qx "chunk_hash xxh3" "$XDG_STATE_HOME"/ferry/*.rec
as_xxh64 old.bin
resumes_checked old.bin resume_from_a_record_of_ferry_0_1_0_exits_0 \
    and_is_byte_identical v_says_every_byte_was_checked_against_the_old_record

killed_partial old.bin
as_xxh64 old.bin
c=$(confirmed)
tap_flip_byte old.bin $((5 * MiB)) || tap_bail "cannot change a byte"
tap_exit_is "a_change_in_a_partial_of_an_old_record_exits_5" 5 \
    "$FERRY" -q --resume get src.bin old.bin
tap_like "and_names_the_bytes_of_its_chunk" "$(cat "$TAP_ERR")" \
    "bytes 4194304 to $((c - 1 < 8 * MiB - 1 ? c - 1 : 8 * MiB - 1)) of the partial target differ from what ferry wrote"

# XXH3 digests under "chunk_hash xxh64" are not the record's: refused, so
# the record's hash is the one used
killed_partial old.bin
rec=$(echo "$XDG_STATE_HOME"/ferry/*.rec)
sed -i 's/^chunk_hash xxh3$/chunk_hash xxh64/' "$rec"
tap_exit_is "digests_of_another_hash_than_the_record_says_exit_5" 5 \
    "$FERRY" -q --resume get src.bin old.bin

# ------------------------------------------------------ beside the transfer

# With two whole chunks or more below the resume offset, they are checked
# by a thread while the resume appends (src/xfer/chunkcheck.h).  A byte
# changed in the first chunk is found all the same: exit 5, and what was
# appended before the check ended is taken back, so the partial, its size
# and its record are as they were.  At 1 MiB/s the check ends while the
# copy runs; at full speed the copy may end first and waits for it.  (A
# source of 24 MiB: killed past 9 MiB, it is far from done, even when a
# loaded machine makes the limited rate catch up in bursts.)
tap_random big.bin $((24 * MiB))
for speed in slow fast; do
	killed_partial "$speed.bin" 9 big.bin
	c=$(confirmed)
	size=$(tap_size "$speed.bin")
	tap_ok "${speed}_the_partial_has_two_whole_chunks_before_its_end" \
	    test "$c" -ge $((8 * MiB)) -a "$size" -lt $((24 * MiB))
	tap_flip_byte "$speed.bin" $((1 * MiB)) ||
	    tap_bail "cannot change a byte"
	sum=$(tap_sha "$speed.bin")
	rec=$(grep '^chunk [01] ' "$XDG_STATE_HOME"/ferry/*.rec)
	limit=()
	[ "$speed" = slow ] && limit=(--limit-rate 1M)
	tap_exit_is "${speed}_a_change_in_the_first_chunk_exits_5" 5 \
	    "$FERRY" -q "${limit[@]}" --resume get big.bin "$speed.bin"
	tap_like "${speed}_the_refusal_names_the_first_chunk" \
	    "$(cat "$TAP_ERR")" \
	    "bytes 0 to 4194303 of the partial target differ from what ferry wrote"
	tap_is "${speed}_what_was_appended_is_taken_back" \
	    "$(tap_size "$speed.bin")" "$size"
	tap_is "${speed}_the_partial_is_as_it_was" "$(tap_sha "$speed.bin")" \
	    "$sum"
	# (its confirmed offset may have moved up to the partial's end: the
	# bytes past the last checkpoint matched the source)
	tap_is "${speed}_the_record_keeps_the_digests_of_the_whole_chunks" \
	    "$(grep '^chunk [01] ' "$XDG_STATE_HOME"/ferry/*.rec)" "$rec"
	tap_exit_is "${speed}_asked_again_it_refuses_again" 5 \
	    "$FERRY" -q --resume get big.bin "$speed.bin"
	tap_is "${speed}_and_still_leaves_the_partial" \
	    "$(tap_sha "$speed.bin")" "$sum"
done

killed_partial beside.bin 9 big.bin
n=$(chunks_of "$(confirmed)")
tap_exit_is "an_intact_partial_of_two_chunks_or_more_resumes" 0 \
    "$FERRY" -v --limit-rate 8M --resume get big.bin beside.bin
tap_same_file "and_the_copy_is_byte_identical" big.bin beside.bin
tap_ok "v_says_every_byte_was_checked_once_the_check_ended" \
    grep -qE "beside.bin: resuming at byte [0-9]+ \(checked: every byte of the partial against its resume record, $n chunks;" "$TAP_ERR"
tap_ok "v_says_what_the_check_cost_in_cpu_time" \
    grep -qE "beside.bin: checking the partial against its record took [0-9]+\.[0-9]{3} s of CPU, keeping the digests of the [0-9.]+ [KMG]?i?B written [0-9]+\.[0-9]{3} s" "$TAP_ERR"

# ---------------------------------------------------------------- short

killed_partial short.bin
c=$(confirmed)
truncate -s $((c - 1000)) short.bin
sum=$(tap_sha short.bin)
tap_exit_is "resume_of_a_partial_shorter_than_its_record_exits_5" 5 \
    "$FERRY" -q --resume get src.bin short.bin
tap_is "the_short_partial_is_left_as_it_was" "$(tap_sha short.bin)" "$sum"
tap_like "the_refusal_says_how_many_bytes_are_missing" "$(cat "$TAP_ERR")" \
    "holds $((c - 1000)) bytes, but ferry wrote $c"

# ---------------------------------------------------------------- no record

# By hand, without a record: only the windows can be checked (the same
# change is not seen), and -v says exactly that.
rm -rf "$XDG_STATE_HOME/ferry"
head -c $((7 * MiB)) src.bin >byhand.bin
tap_flip_byte byhand.bin $((5 * MiB)) || tap_bail "cannot change a byte"
tap_exit_is "a_partial_without_record_is_resumed_on_its_windows" 0 \
    "$FERRY" -v --resume get src.bin byhand.bin
tap_ok "v_says_only_the_windows_were_checked_for_want_of_a_record" \
    grep -qF "(checked: only its first 64.0 KiB and the 64.0 KiB just before byte $((7 * MiB)), against the source: no resume record)" "$TAP_ERR"

tap_done
