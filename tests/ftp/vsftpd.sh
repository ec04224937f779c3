#!/bin/bash
# tests/ftp/vsftpd.sh: ferry against vsftpd in clear text (LIST only, no
# MLSD): ls, get, put, active mode, a recursive tree with spaces and
# UTF-8, resume after ferry was killed and after the connection was cut,
# overlap mismatch both ways, and the warning that the session is clear.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/ftp-cases.sh"

ftpd_need vsftpd
tap_sandbox
ftpd_vsftpd plain
U=$FTPD_URL PUB=$FTPD_PUB SRV=$FTPD_PID NAME=vsftpd_plain OPTS=()

case_ls_get_put
tap_ok "vsftpd_plain_warns_that_the_session_stays_in_clear_text" \
    grep -q "clear text" "$TAP_ERR"
case_tree
case_killed get
case_killed put
case_cut get
case_cut put
case_mismatch get
case_mismatch put
case_killed_overwrite
tap_done
