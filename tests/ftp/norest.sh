#!/bin/bash
# tests/ftp/norest.sh: proftpd with AllowStoreRestart off, which refuses
# REST + STOR (451) and APPE too.  Resuming an upload must then fail with
# a message that says so, leave the server's partial as it was (never
# start over at 0, never append blindly), and an overwrite must still
# work.  Downloads resume as usual (REST + RETR is allowed).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/ftp-cases.sh"

ftpd_need proftpd openssl
tap_sandbox
ftpd_proftpd off
U=$FTPD_URL PUB=$FTPD_PUB SRV=$FTPD_PID NAME=norest
OPTS=(--password-file "$FTPD_PWFILE")

tap_random src.bin $((3 * MiB))
head -c $((MiB + 7)) src.bin >"$PUB/up.bin"
sum=$(tap_sha "$PUB/up.bin")
tap_exit_is "norest_resumed_put_exits_4" 4 fy -v -c put src.bin "$U/pub/up.bin"
tap_ok "norest_server_refuses_rest_and_stor" \
    grep -q "< 451 .*Restart not permitted" "$TAP_ERR"
tap_ok "norest_appe_is_tried_next" grep -q "> APPE pub/up.bin" "$TAP_ERR"
tap_ok "norest_error_says_the_server_does_not_resume_uploads" \
    grep -q "does not resume uploads; nothing was written" "$TAP_ERR"
tap_is "norest_partial_on_the_server_is_untouched" \
    "$(tap_sha "$PUB/up.bin")" "$sum"
tap_exit_is "norest_overwrite_exits_0" 0 fy -o put src.bin "$U/pub/up.bin"
tap_same_file "norest_overwrite_writes_the_whole_file" src.bin "$PUB/up.bin"
cp src.bin "$PUB/down.bin"
head -c $((MiB + 3)) src.bin >down.bin
tap_exit_is "norest_resumed_get_exits_0" 0 fy -c get "$U/pub/down.bin" down.bin
tap_same_file "norest_resumed_get_completes_the_file" src.bin down.bin
tap_done
