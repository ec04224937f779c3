# tests/lib/ftpfake.sh: start tests/lib/ftpfake.py, a small misbehaving
# FTP server, for a test script.  Source it after tests/lib/tap.sh and
# tap_sandbox:
#
#	fake_start [FTPFAKE OPTIONS...]
#
# starts a new server (stopping the one before, by its PID) serving
# $FAKE_ROOT (made if missing), with its log of commands in $FAKE_LOG;
# sets FAKE_PORT, FAKE_PID and FAKE_URL (ftp://u:p@127.0.0.1:PORT).  Each
# server exits by itself after $FAKE_LIFETIME seconds (default 120).

FAKE_ROOT=${FAKE_ROOT:-$TAP_TMP/fakeroot}

fake_stop() {
	[ -n "${FAKE_PID:-}" ] || return 0
	kill "$FAKE_PID" 2>/dev/null
	tap_reap "$FAKE_PID" 5
	FAKE_PID=
}

fake_start() {
	local pf
	fake_stop
	fake_n=$((${fake_n:-0} + 1))
	pf=$TAP_TMP/fake.$fake_n.port
	FAKE_LOG=$TAP_TMP/fake.$fake_n.log
	mkdir -p "$FAKE_ROOT"
	: >"$FAKE_LOG"
	tap_bg python3 "$top_srcdir/tests/lib/ftpfake.py" --root "$FAKE_ROOT" \
	    --port-file "$pf" --log "$FAKE_LOG" \
	    --lifetime "${FAKE_LIFETIME:-120}" "$@"
	FAKE_PID=$TAP_BG
	tap_wait_for 60 test -s "$pf" || tap_bail "ftpfake.py did not start"
	FAKE_PORT=$(cat "$pf")
	FAKE_URL=ftp://u:p@127.0.0.1:$FAKE_PORT
}
