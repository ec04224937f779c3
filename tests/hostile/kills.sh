#!/bin/bash
# tests/hostile/kills.sh: ferry killed with -9 at 20 random points, five
# each in a download and an upload over FTP (vsftpd) and over SFTP (sshd),
# each time followed by --resume: all 20 must end byte-identical.  The
# copies are rate limited (16 MiB at 8 MB/s) so that the kill points
# spread over the file.  FERRY_TEST_KILL_POINTS sets the number per kind.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"
. "$top_srcdir/tests/hostile/lib.sh"
trap 'ftpd_cleanup; hostile_stop; tap_cleanup' EXIT

ftpd_need vsftpd
tap_sandbox
MiB=$((1024 * 1024))
SIZE=$((16 * MiB))
POINTS=${FERRY_TEST_KILL_POINTS:-5}
tap_random big.bin "$SIZE"

# killed NAME DIR SRC DST PART: POINTS times, DIR (get or put) from SRC to
# DST is killed once PART (the target's file) has a random number of
# bytes, then resumed; one test each.
killed() {
	local name=$1 dir=$2 src=$3 dst=$4 part=$5 _ at pid got why
	for _ in $(seq "$POINTS"); do
		rm -f "$part"
		at=$(hostile_random $((256 * 1024)) $((SIZE - 4 * MiB)))
		tap_bg "$FERRY" -q --limit-rate 8M "$dir" "$src" "$dst"
		pid=$TAP_BG
		why=
		hostile_wait_size "$part" "$at" || why="never reached byte $at"
		tap_kill "$pid"
		[ "$TAP_BG_STATUS" = 137 ] ||
		    why="$why; ended by itself ($TAP_BG_STATUS) before the kill"
		got=$(tap_size "$part" 2>/dev/null) || got=0
		tap_run "$FERRY" -q --resume "$dir" "$src" "$dst"
		[ "$TAP_STATUS" = 0 ] || why="$why; --resume exited $TAP_STATUS"
		cmp -s big.bin "$part" || why="$why; the result differs"
		tap_result "$([ -z "$why" ]; echo $?)" \
		    "${name}_killed_at_byte_${got}_resumes_byte_identical"
		if [ -n "$why" ]; then
			tap_diag "${why#; }"
			tap_diag_file "$TAP_ERR"
		fi
	done
}

ftpd_vsftpd plain
cp big.bin "$FTPD_PUB/big.bin"
killed ftp_get get "$FTPD_URL/pub/big.bin" got.bin got.bin
killed ftp_put put big.bin "$FTPD_URL/pub/up.bin" "$FTPD_PUB/up.bin"

sshd_setup "sftp_kills"
cp big.bin "$SSHD_HOME/big.bin"
killed sftp_get get "$(sshd_url big.bin)" sgot.bin sgot.bin
killed sftp_put put big.bin "$(sshd_url up.bin)" "$SSHD_HOME/up.bin"

tap_done
