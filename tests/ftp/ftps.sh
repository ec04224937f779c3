#!/bin/bash
# tests/ftp/ftps.sh: ferry against vsftpd with TLS and require_ssl_reuse=YES
# (every data connection must resume the control connection's session):
# explicit FTPS (ftpes://) with the whole set of cases, implicit FTPS
# (ftps://) with a few; a certificate that does not verify is refused
# (exit 2, with its fingerprint) unless --cacert trusts its CA or its
# fingerprint is in the store under the config directory; ftp:// takes
# TLS when the server offers it.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/ftp-cases.sh"

ftpd_need vsftpd openssl
tap_sandbox

ftpd_vsftpd explicit
U=$FTPD_URL PUB=$FTPD_PUB SRV=$FTPD_PID NAME=ftpes OPTS=(--cacert "$FTPD_CA")
EXPLICIT_PORT=$FTPD_PORT
case_ls_get_put
tap_not "ftpes_gives_no_clear_text_warning" grep -q "clear text" "$TAP_ERR"
tap_exit_is "ftpes_verbose_ls_exits_0" 0 \
    "$FERRY" -v --cacert "$FTPD_CA" ls "$U/pub/"
tap_ok "ftpes_data_connections_resume_the_tls_session" \
    grep -q "(resumed)" "$TAP_ERR"
case_tree
case_killed get
case_killed put
case_cut get
case_cut put
case_mismatch get
case_mismatch put

# ---------------------------------------------------------------- trust
tap_exit_is "ftpes_without_cacert_exits_2" 2 "$FERRY" ls "$U/pub/"
fp=$(openssl x509 -in "$FTPD_CERT" -noout -fingerprint -sha256 | sed 's/.*=//')
tap_ok "ftpes_refusal_gives_the_fingerprint" grep -qF "$fp" "$TAP_ERR"
tap_ok "ftpes_refusal_says_how_to_trust_it" grep -q -- "--cacert" "$TAP_ERR"
mkdir -p "$XDG_CONFIG_HOME/ferry"
echo "127.0.0.1:$EXPLICIT_PORT $fp" >"$XDG_CONFIG_HOME/ferry/certificates"
tap_exit_is "ftpes_with_the_fingerprint_in_the_store_exits_0" 0 \
    "$FERRY" ls "$U/pub/"
# Another fingerprint: the last byte changed (to 00, or to 01 when it is
# 00 already: one certificate in 256 ends so, and the test then passed
# the real fingerprint off as another).
other=00
[ "${fp: -2}" = 00 ] && other=01
echo "127.0.0.1:$EXPLICIT_PORT ${fp%??}$other" \
    >"$XDG_CONFIG_HOME/ferry/certificates"
tap_exit_is "ftpes_with_another_fingerprint_in_the_store_exits_2" 2 \
    "$FERRY" ls "$U/pub/"
tap_exit_is "ftpes_with_localhost_for_the_host_name_exits_0" 0 \
    "$FERRY" --cacert "$FTPD_CA" ls "ftpes://localhost:$EXPLICIT_PORT/pub/"

# ftp:// on a server that offers TLS: AUTH TLS, and no warning
tap_exit_is "ftp_url_on_a_server_offering_tls_exits_0" 0 \
    "$FERRY" -v --cacert "$FTPD_CA" ls "ftp://127.0.0.1:$EXPLICIT_PORT/pub/"
tap_ok "ftp_url_upgrades_with_auth_tls_when_offered" \
    grep -q "> AUTH TLS" "$TAP_ERR"
tap_not "ftp_url_upgraded_gives_no_clear_text_warning" \
    grep -q "clear text" "$TAP_ERR"

# ---------------------------------------------------------------- implicit
ftpd_vsftpd implicit
U=$FTPD_URL PUB=$FTPD_PUB SRV=$FTPD_PID NAME=ftps OPTS=(--cacert "$FTPD_CA")
case_ls_get_put
case_killed put
case_cut get
tap_done
