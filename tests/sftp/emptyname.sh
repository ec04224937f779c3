#!/bin/bash
# tests/sftp/emptyname.sh: an SFTP server (tests/lib/sftpfake.py, on
# paramiko) whose listing holds an entry with an empty name between two
# files.  The empty name is left out with a warning, and the entries
# after it are listed (libssh2 answers 0 both for it and at the end of a
# listing, which made the rest of the listing vanish).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import paramiko' 2>/dev/null; then
	[ "${CI:-}" != true ] || tap_bail "python3-paramiko is missing"
	tap_skip "sftp_empty_name" "python3-paramiko is not installed"
	tap_done
fi
tap_sandbox
ssh-keygen -q -t ed25519 -N '' -C sftpfake -f "$TAP_TMP/hostkey" ||
    tap_bail "ssh-keygen failed"
tap_bg "$PY" "$top_srcdir/tests/lib/sftpfake.py" --host-key "$TAP_TMP/hostkey" \
    --port-file "$TAP_TMP/port" --lifetime 120 --names "first.txt,,zlast.txt"
tap_wait_for 60 test -s "$TAP_TMP/port" || tap_bail "sftpfake.py did not start"
PORT=$(cat "$TAP_TMP/port")
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$TAP_TMP/hostkey.pub")" \
    >"$TAP_TMP/kh"

tap_exit_is "a_listing_with_an_empty_name_exits_0" 0 "$FERRY" \
    --known-hosts "$TAP_TMP/kh" ls "sftp://u:pw@127.0.0.1:$PORT/"
out=$(cat "$TAP_OUT")
tap_like "the_entry_before_the_empty_name_is_listed" "$out" " first\.txt$"
tap_like "the_entry_after_the_empty_name_is_listed" "$out" " zlast\.txt$"
tap_is "only_the_two_named_entries_are_listed" "$(grep -c . "$TAP_OUT")" 2
tap_like "the_empty_name_is_told" "$(cat "$TAP_ERR")" "entry without a name"
tap_done
