#!/bin/bash
# tests/ftp/active.sh: with --active, the data connection is taken only
# from the control connection's peer.  A scripted server
# (tests/lib/activeftp.py) lets a "third party" on 127.0.0.2 connect to
# ferry's data port and send bogus bytes before (or instead of) the real
# data from 127.0.0.1: the bogus bytes must never be saved.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

command -v python3 >/dev/null || { echo "1..0 # SKIP no python3"; exit 0; }
python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0))' \
    2>/dev/null || { echo "1..0 # SKIP cannot bind 127.0.0.2"; exit 0; }
tap_sandbox

# active_server MODE: start the scripted server; its URL in $U.
active_server() {
	rm -f "$TAP_TMP/port"
	tap_bg python3 "$top_srcdir/tests/lib/activeftp.py" --mode "$1" \
	    --port-file "$TAP_TMP/port" --file "$TAP_TMP/real.bin" \
	    --lifetime 120
	SRV=$TAP_BG
	tap_wait_for 60 test -s "$TAP_TMP/port" ||
	    tap_bail "the scripted FTP server did not start"
	U="ftp://ana:secret@127.0.0.1:$(cat "$TAP_TMP/port")"
}

tap_random real.bin $((256 * 1024))

active_server intruder
tap_exit_is "active_get_with_a_third_party_first_exits_0" 0 \
    "$FERRY" -q --active --retries 0 --timeout 10 get "$U/real.bin" got.bin
tap_same_file "active_get_saves_only_the_control_peers_bytes" real.bin got.bin
tap_not "active_get_saves_none_of_the_third_partys_bytes" \
    grep -q INTRUDER got.bin
tap_reap "$SRV" 5

active_server lone
tap_exit_is "active_get_with_only_a_third_party_fails_with_exit_4" 4 \
    "$FERRY" -q --active --retries 0 --timeout 3 get "$U/real.bin" lone.bin
tap_not "active_get_with_only_a_third_party_saves_no_bogus_bytes" \
    grep -qs INTRUDER lone.bin
tap_ok "active_get_with_only_a_third_party_names_the_refused_host" \
    grep -q "from 127.0.0.2:[0-9]* was refused" "$TAP_ERR"
tap_reap "$SRV" 5
tap_done
