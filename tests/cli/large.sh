#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/large.sh: offsets past 4 GiB.  A sparse 5 GiB source with
# random markers, a partial target of 4 GiB + 3 MiB made the same way: the
# overlap check reads the right bytes past 4 GiB (a changed byte there is
# refused) and --resume completes the copy byte for byte.  About 1 GiB is
# really written; skipped when the disk has under 4 GiB free or makes no
# sparse files.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

# Writing and comparing a gigabyte may take a while on a slow disk.
TAP_TIMEOUT=${LARGE_TIMEOUT:-900}

KiB=1024
MiB=$((1024 * KiB))
GiB=$((1024 * MiB))
S=$((5 * GiB))
P=$((4 * GiB + 3 * MiB))
W=$((64 * KiB))			# ferry's default window

free_kib=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "${free_kib:-0}" -lt $((4 * MiB)) ]; then
	tap_skip "resume_past_4_GiB" \
	    "only ${free_kib:-0} KiB free in $TAP_TMP, 4 GiB needed"
	tap_done
fi
truncate -s "$S" src.bin || tap_bail "cannot make a $S-byte file"
if [ "$(du -k src.bin | cut -f1)" -gt 1024 ]; then
	tap_skip "resume_past_4_GiB" "$TAP_TMP makes no sparse files"
	tap_done
fi

# put_at FILE OFFSET MARKER [LIMIT]: MARKER's bytes into FILE at OFFSET,
# only those that fall below LIMIT if given.
put_at() {
	local n
	n=$(tap_size "$3")
	if [ -n "$4" ] && [ $(($2 + n)) -gt "$4" ]; then
		n=$(($4 - $2))
	fi
	head -c "$n" "$3" | dd of="$1" bs=64K seek="$2" oflag=seek_bytes \
	    iflag=fullblock conv=notrunc status=none
}

tap_random m0 "$W"
tap_random m1 "$W"
tap_random m2 "$W"
tap_random m3 "$W"
# m2 straddles the resume offset, so that the tail window (the 64 KiB
# before P) holds random bytes, not zeros
marks="0:m0 $((4 * GiB + MiB)):m1 $((P - 32 * KiB)):m2 $((S - W)):m3"
for mark in $marks; do
	put_at src.bin "${mark%%:*}" "${mark#*:}"
done
truncate -s "$P" dst.bin
for mark in $marks; do
	off=${mark%%:*}
	[ "$off" -lt "$P" ] && put_at dst.bin "$off" "${mark#*:}" "$P"
done

tap_ok "the_partial_is_a_prefix_of_the_source" \
    timeout "$TAP_TIMEOUT" cmp -n "$P" src.bin dst.bin
tap_exit_is "ls_of_a_5_GiB_file_exits_0" 0 "$FERRY" ls .
tap_ok "ls_gives_the_exact_size_past_4_GiB" \
    grep -Eq "^f $S [^ ]+ src\\.bin\$" "$TAP_OUT"

# refused_past_4_GiB NAME OFFSET: with the byte at OFFSET changed the
# resume exits 5 and writes nothing; then the byte is put back.
refused_past_4_GiB() {
	tap_flip_byte dst.bin "$2" || tap_bail "cannot change dst.bin"
	tap_exit_is "resume_with_${1}_changed_exits_5" 5 \
	    "$FERRY" -q --resume get src.bin dst.bin
	tap_is "resume_with_${1}_changed_keeps_the_size" \
	    "$(tap_size dst.bin)" "$P"
	tap_flip_byte dst.bin "$2" || tap_bail "cannot restore dst.bin"
}
refused_past_4_GiB last_byte $((P - 1))
refused_past_4_GiB first_byte_of_tail_window $((P - W))
tap_ok "the_partial_is_still_a_prefix_of_the_source" \
    timeout "$TAP_TIMEOUT" cmp -n "$P" src.bin dst.bin

tap_exit_is "resume_from_past_4_GiB_exits_0" 0 \
    "$FERRY" -q --resume get src.bin dst.bin
tap_is "resume_from_past_4_GiB_reaches_the_source_size" \
    "$(tap_size dst.bin)" "$S"
tap_ok "resume_from_past_4_GiB_is_byte_identical" \
    timeout "$TAP_TIMEOUT" cmp src.bin dst.bin

tap_done
