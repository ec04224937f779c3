#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/large.sh: SFTP offsets past 4 GiB against a real sshd.  A
# sparse source of 4 GiB + 8 MiB with random markers (at the start, around
# the resume offset and at the end) and a partial target of 4 GiB + 3 MiB
# made the same way: ls shows the exact size, a byte changed just before
# the offset is refused (exit 5, nothing written), and --resume completes
# the copy byte for byte with only about 5 MiB on the wire -- for a
# download and for an upload.  Skipped when the disk makes no sparse files.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
sshd_setup "sftp_past_4_GiB"
R=$SSHD_HOME
TAP_TIMEOUT=${LARGE_TIMEOUT:-300}

KiB=1024
MiB=$((1024 * KiB))
GiB=$((1024 * MiB))
S=$((4 * GiB + 8 * MiB))
P=$((4 * GiB + 3 * MiB))
W=$((64 * KiB))

truncate -s "$S" probe.bin || tap_bail "cannot make a $S-byte file"
if [ "$(du -k probe.bin | cut -f1)" -gt 1024 ]; then
	tap_skip "sftp_past_4_GiB" "$TAP_TMP makes no sparse files"
	tap_done
fi
rm -f probe.bin

# put_at FILE OFFSET MARKER [LIMIT]: MARKER's bytes into FILE at OFFSET,
# only those below LIMIT if given.
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
# m1 straddles the resume offset (the tail window holds random bytes);
# m2 is in the part that travels, m3 at the very end
marks="0:m0 $((P - 32 * KiB)):m1 $((4 * GiB + 5 * MiB)):m2 $((S - W)):m3"

# sparse_pair SRC DST: SRC of S bytes and DST, its first P bytes.
sparse_pair() {
	local mark off
	truncate -s "$S" "$1"
	truncate -s "$P" "$2"
	for mark in $marks; do
		off=${mark%%:*}
		put_at "$1" "$off" "${mark#*:}"
		[ "$off" -lt "$P" ] && put_at "$2" "$off" "${mark#*:}" "$P"
	done
}

# same_past_4_GiB DESC A B: A and B have the same size, the same first
# MiB and the same bytes from 4 GiB on (where the markers, the resume
# offset and everything that travelled are); B is still sparse, so nothing
# before the offset was written (a whole copy would have filled it).
# Comparing all of two 4 GiB files would take half a minute.
same_past_4_GiB() {
	tap_is "${1}_reaches_the_source_size" "$(tap_size "$3")" "$S"
	tap_ok "${1}_has_the_same_first_MiB" cmp -n "$MiB" "$2" "$3"
	tap_ok "${1}_has_the_same_bytes_from_4_GiB_on" \
	    cmp -i $((4 * GiB)) "$2" "$3"
	tap_ok "${1}_wrote_only_a_few_MiB_of_it" \
	    test "$(du -k "$3" | cut -f1)" -lt $((64 * 1024))
}

# ---------------------------------------------------------------- get

sparse_pair "$R/src.bin" dst.bin
tap_exit_is "ls_of_a_file_past_4_GiB_exits_0" 0 "$FERRY" ls "$(sshd_url "")"
tap_ok "ls_gives_the_exact_size_past_4_GiB" \
    grep -Eq "^f $S [^ ]+ src\\.bin\$" "$TAP_OUT"

tap_flip_byte dst.bin $((P - 1))
tap_exit_is "get_resume_with_the_last_byte_changed_exits_5" 5 \
    "$FERRY" -q --resume get "$(sshd_url src.bin)" dst.bin
tap_is "get_resume_refused_keeps_the_size" "$(tap_size dst.bin)" "$P"
tap_flip_byte dst.bin $((P - 1))

t0=$(date +%s)
tap_exit_is "get_resume_from_past_4_GiB_exits_0" 0 \
    "$FERRY" -q --resume get "$(sshd_url src.bin)" dst.bin
t1=$(date +%s)
tap_ok "get_resume_from_past_4_GiB_moves_only_the_rest_in_under_30_s" \
    test $((t1 - t0)) -lt 30
same_past_4_GiB get_resume_from_past_4_GiB "$R/src.bin" dst.bin
rm -f "$R/src.bin" dst.bin

# ---------------------------------------------------------------- put

sparse_pair src.bin "$R/dst.bin"
tap_flip_byte "$R/dst.bin" $((P - W))
tap_exit_is "put_resume_with_the_tail_window_changed_exits_5" 5 \
    "$FERRY" -q --resume put src.bin "$(sshd_url dst.bin)"
tap_is "put_resume_refused_keeps_the_size" "$(tap_size "$R/dst.bin")" "$P"
tap_flip_byte "$R/dst.bin" $((P - W))

t0=$(date +%s)
tap_exit_is "put_resume_from_past_4_GiB_exits_0" 0 \
    "$FERRY" -q --resume put src.bin "$(sshd_url dst.bin)"
t1=$(date +%s)
tap_ok "put_resume_from_past_4_GiB_moves_only_the_rest_in_under_30_s" \
    test $((t1 - t0)) -lt 30
same_past_4_GiB put_resume_from_past_4_GiB src.bin "$R/dst.bin"

tap_done
