#!/bin/bash
# tests/ftp/proftpd.sh: ferry against proftpd (MLSD and MLST, REST + STOR
# allowed) with a password login: ls, get, put, a recursive tree, resume
# after a kill and after a cut, overlap mismatch both ways, a file over
# 4 GiB (sparse: only a few MiB move), and where passwords come from:
# --password-file (refused when others may read it), ~/.netrc, and the
# protocol log that shows "PASS ****" and never the password.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/ftp-cases.sh"

ftpd_need proftpd openssl
tap_sandbox
ftpd_proftpd on
U=$FTPD_URL PUB=$FTPD_PUB SRV=$FTPD_PID NAME=proftpd
OPTS=(--password-file "$FTPD_PWFILE")
PW=$(cat "$FTPD_PWFILE")
HOSTPORT=127.0.0.1:$FTPD_PORT

case_ls_get_put
tap_exit_is "proftpd_verbose_ls_exits_0" 0 fy -v ls "$U/pub/"
tap_ok "proftpd_lists_with_mlsd" grep -q "> MLSD pub/" "$TAP_ERR"
tap_ok "proftpd_log_shows_the_password_masked" grep -qx "ferry: > PASS \*\*\*\*" "$TAP_ERR"
tap_not "proftpd_log_never_shows_the_password" grep -qF -- "$PW" "$TAP_ERR" "$TAP_OUT"
case_tree
case_killed get
case_killed put
case_cut get
case_cut put
case_mismatch get
case_mismatch put
case_killed_overwrite

# ---------------------------------------------------------------- > 4 GiB
# big.bin: 4 GiB + 3 MiB, a hole but for 4 MiB of random bytes around
# the 4 GiB mark; the partials stop just under and just over it.
GiB=$((1024 * MiB))
rm -f huge.bin "$PUB/huge.bin" huge-got.bin
truncate -s $((4 * GiB + 3 * MiB)) huge.bin
head -c $((4 * MiB)) /dev/urandom |
    dd of=huge.bin bs=1M seek=$((4 * 1024 - 1)) conv=notrunc status=none
# upload: the server has all but the last 512 KiB before 4 GiB
truncate -s $((4 * GiB - 512 * 1024)) "$PUB/huge.bin"
dd if=huge.bin of="$PUB/huge.bin" bs=1M skip=$((4 * 1024 - 1)) \
    seek=$((4 * 1024 - 1)) count=1 conv=notrunc status=none
truncate -s $((4 * GiB - 512 * 1024)) "$PUB/huge.bin"
tap_exit_is "proftpd_resumed_put_past_4_GiB_exits_0" 0 \
    fy -c put huge.bin "$U/pub/huge.bin"
tap_is "proftpd_resumed_put_past_4_GiB_has_the_size" \
    "$(tap_size "$PUB/huge.bin")" "$(tap_size huge.bin)"
tap_ok "proftpd_resumed_put_past_4_GiB_has_the_bytes" \
    cmp -i $((4 * GiB - 2 * MiB)) huge.bin "$PUB/huge.bin"
tap_exit_is "proftpd_ls_of_a_file_past_4_GiB_exits_0" 0 fy ls "$U/pub/"
tap_like "proftpd_ls_shows_a_size_past_4_GiB" "$(cat "$TAP_OUT")" \
    "^f $((4 * GiB + 3 * MiB)) .* huge\.bin$"
# download: the local partial has 1 MiB past 4 GiB
truncate -s $((4 * GiB + MiB)) huge-got.bin
dd if=huge.bin of=huge-got.bin bs=1M skip=$((4 * 1024 - 1)) \
    seek=$((4 * 1024 - 1)) count=2 conv=notrunc status=none
tap_exit_is "proftpd_resumed_get_past_4_GiB_exits_0" 0 \
    fy -c get "$U/pub/huge.bin" huge-got.bin
tap_is "proftpd_resumed_get_past_4_GiB_has_the_size" \
    "$(tap_size huge-got.bin)" "$(tap_size huge.bin)"
tap_ok "proftpd_resumed_get_past_4_GiB_has_the_bytes" \
    cmp -i $((4 * GiB - 2 * MiB)) huge.bin huge-got.bin
rm -f huge.bin "$PUB/huge.bin" huge-got.bin

# ---------------------------------------------------------------- passwords
cp "$FTPD_PWFILE" open-pw
chmod 644 open-pw
tap_exit_is "proftpd_password_file_readable_by_others_exits_2" 2 \
    "$FERRY" -q --password-file open-pw ls "$U/"
tap_ok "proftpd_password_file_refusal_names_the_file" grep -q "open-pw" "$TAP_ERR"
echo wrong >wrong-pw
chmod 600 wrong-pw
tap_exit_is "proftpd_wrong_password_exits_2" 2 \
    "$FERRY" -q --password-file wrong-pw ls "$U/"
tap_exit_is "proftpd_without_a_password_and_no_terminal_exits_2" 2 \
    "$FERRY" -q ls "$U/"
printf 'machine 127.0.0.1\n  login ferry\n  password %s\n' "$PW" >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
tap_exit_is "proftpd_netrc_gives_user_and_password" 0 \
    "$FERRY" -v ls "ftp://$HOSTPORT/pub/"
tap_ok "proftpd_netrc_login_logs_the_user" grep -q "> USER ferry" "$TAP_ERR"
tap_not "proftpd_netrc_login_never_logs_the_password" \
    grep -qF -- "$PW" "$TAP_ERR" "$TAP_OUT"
chmod 644 "$HOME/.netrc"
tap_exit_is "proftpd_netrc_readable_by_others_is_not_used" 2 \
    "$FERRY" -q ls "ftp://$HOSTPORT/pub/"
rm -f "$HOME/.netrc"
tap_done
