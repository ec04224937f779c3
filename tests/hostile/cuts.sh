#!/bin/bash
# tests/hostile/cuts.sh: FTP uploads (vsftpd) whose connection is cut at
# 20 random points (the server's session processes killed); ferry
# reconnects by itself, resumes after checking the bytes there, and every
# one of the 20 must end byte-identical.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/hostile/lib.sh"
trap 'ftpd_cleanup; hostile_stop; tap_cleanup' EXIT

ftpd_need vsftpd
tap_sandbox
MiB=$((1024 * 1024))
SIZE=$((16 * MiB))
POINTS=${FERRY_TEST_CUT_POINTS:-20}
tap_random big.bin "$SIZE"

ftpd_vsftpd plain
part=$FTPD_PUB/up.bin
# A cut that comes after the upload ended (a loaded machine) does not
# count: another random point is tried, 10 more at most.
done_=0 late=0
while [ "$done_" -lt "$POINTS" ] && [ "$late" -le 10 ]; do
	rm -f "$part"
	at=$(hostile_random $((256 * 1024)) $((SIZE - 4 * MiB)))
	tap_bg "$FERRY" -q --retries 3 --timeout 10 --limit-rate 8M \
	    put big.bin "$FTPD_URL/pub/up.bin"
	pid=$TAP_BG
	why=
	# the session's processes, known before the cut so that it is quick
	hostile_wait_size "$part" 1 || why="never started"
	sessions=$(ftpd_sessions "$FTPD_PID")
	hostile_wait_size "$part" "$at" || why="$why; never reached byte $at"
	got=$(tap_size "$part" 2>/dev/null) || got=0
	# shellcheck disable=SC2086 # one word per PID
	[ -z "$sessions" ] || kill -9 $sessions 2>/dev/null
	tap_reap "$pid" 60 || why="$why; killed after 60 s"
	if [ -z "$why" ] && [ "$TAP_BG_STATUS" = 0 ] &&
	    ! grep -q retrying "$TAP_BG_ERR" && cmp -s big.bin "$part"; then
		late=$((late + 1))
		tap_diag "the cut at byte $got came after the end; once more"
		continue
	fi
	done_=$((done_ + 1))
	[ "$TAP_BG_STATUS" = 0 ] || why="$why; exited $TAP_BG_STATUS"
	grep -q retrying "$TAP_BG_ERR" || why="$why; no retry"
	cmp -s big.bin "$part" || why="$why; the result differs"
	tap_result "$([ -z "$why" ]; echo $?)" \
	    "ftp_put_cut_at_byte_${got}_reconnects_and_ends_byte_identical"
	if [ -n "$why" ]; then
		tap_diag "${why#; }"
		tap_diag_file "$TAP_BG_ERR"
	fi
done
tap_is "ftp_put_cuts_made_before_the_end" "$done_" "$POINTS"
tap_done
