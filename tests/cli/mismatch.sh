#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/mismatch.sh: a partial target whose bytes do not belong to the
# source is refused by --resume (exit 5) and left exactly as it was, when
# the difference lies in the head window or in the window just before the
# resume offset, both ways (get and put); --no-verify appends regardless.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))
S=$((3 * MiB))
P=$((2 * MiB))
tap_random src.bin "$S"

# mismatch_is_refused DIR NAME SIZE OFFSET [OPTION...]: DIR (get or put)
# --resume onto the first SIZE bytes of the source with the byte at OFFSET
# changed exits 5, leaves the target as it was, and says so in one line
# naming it.
mismatch_is_refused() {
	local dir=$1 name=$2 size=$3 off=$4 part sum
	shift 4
	part=$dir.$name.bin
	head -c "$size" src.bin >"$part"
	tap_flip_byte "$part" "$off" || tap_bail "cannot change $part"
	sum=$(tap_sha "$part")
	tap_exit_is "${dir}_resume_with_${name}_changed_exits_5" 5 \
	    "$FERRY" -q "$@" --resume "$dir" src.bin "$part"
	tap_is "${dir}_resume_with_${name}_changed_leaves_the_target" \
	    "$(tap_sha "$part")" "$sum"
	tap_is "${dir}_resume_with_${name}_changed_keeps_the_size" \
	    "$(tap_size "$part")" "$size"
	tap_err_names "${dir}_resume_with_${name}_changed_names_the_target" \
	    "$part"
}

for dir in get put; do
	mismatch_is_refused "$dir" first_byte "$P" 0
	mismatch_is_refused "$dir" last_byte "$P" $((P - 1))
	mismatch_is_refused "$dir" byte_100_before_end "$P" $((P - 100))
	# the edges of 4 KiB windows: the last byte of the head window and
	# the first byte of the tail window
	mismatch_is_refused "$dir" byte_4095_in_4k_window "$P" 4095 \
	    --window 4k
	mismatch_is_refused "$dir" byte_4096_before_end_in_4k_window "$P" \
	    $((P - 4096)) --window 4k
	# a partial shorter than a window: the windows overlap
	mismatch_is_refused "$dir" middle_of_1000_bytes 1000 500
	mismatch_is_refused "$dir" only_byte 1 0
	# a target of the source's size is "complete" only if its windows
	# match
	mismatch_is_refused "$dir" first_byte_of_full_size "$S" 0
	mismatch_is_refused "$dir" last_byte_of_full_size "$S" $((S - 1))
done

# These partials were made by hand: they have no resume record, so a
# change between the two windows cannot be seen (the source would have to
# be read again).  Nothing here may come to depend on that.  A partial
# that ferry wrote is checked every byte against its record: chunks.sh.
tap_skip "change_between_the_windows_of_a_partial_without_record_is_detected" \
    "not detected (no record: only the head and tail windows are compared)"

# --no-verify is the user saying "I know these bytes are right": the
# partial is appended to without looking, even when its head is wrong.  The
# result is the partial as it was, then the source from the offset on.
# no_verify_appends DIR
no_verify_appends() {
	local dir=$1 part=$1.noverify.bin want=$1.noverify.want
	head -c "$P" src.bin >"$part"
	tap_flip_byte "$part" 0 || tap_bail "cannot change $part"
	cp "$part" "$want"
	tail -c +$((P + 1)) src.bin >>"$want"
	tap_exit_is "${dir}_resume_with_no_verify_and_a_wrong_head_exits_0" 0 \
	    "$FERRY" -q "$dir" --resume --no-verify src.bin "$part"
	tap_same_file "${dir}_resume_with_no_verify_appends_blindly" \
	    "$want" "$part"
}
no_verify_appends get
no_verify_appends put

tap_done
