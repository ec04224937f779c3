#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/auth.sh: password authentication against a real sshd, as a
# test account with a password (tests/lib/testuser.sh; needs root, else
# skipped -- but never under CI=true): --password-file works and never
# shows the password, even with -v; a wrong password exits 2; a password
# file that others may read is refused; without a password and without a
# terminal ferry says how to give one; keyboard-interactive through PAM
# (a second sshd with UsePAM yes) answered from the password file.  Key
# authentication is in basic.sh.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"
. "$srcdir/tests/lib/testuser.sh"

tap_sandbox
sshd_setup "sftp_password_auth"
if ! testuser_or_skip "sftp_password_auth"; then
	tap_done
fi
U=$TESTUSER
# no key of root's may log in as the test user, and none is offered
rm -f "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"

tap_random "$TESTUSER_HOME/pw.bin" 100000
chown "$U" "$TESTUSER_HOME/pw.bin"

(umask 077 && printf '%s\n' "$TESTUSER_PASSWORD" >pwfile)
tap_exit_is "password_auth_with_a_password_file_gets_a_file" 0 \
    "$FERRY" -v --password-file pwfile get "$(sshd_url pw.bin "" "$U")" pw.bin
tap_same_file "password_auth_copies_the_bytes" "$TESTUSER_HOME/pw.bin" pw.bin
tap_not "the_protocol_log_never_shows_the_password" \
    grep -qF -- "$TESTUSER_PASSWORD" "$TAP_ERR"
tap_like "the_protocol_log_says_a_password_was_tried" "$(cat "$TAP_ERR")" \
    "trying password"
tap_ok "sshd_logged_a_password_login" \
    grep -q "Accepted password for $U" "$SSHD_LOG"

tap_exit_is "password_auth_puts_a_file" 0 "$FERRY" -q --password-file pwfile \
    put pw.bin "$(sshd_url pw-up.bin "" "$U")"
tap_same_file "password_auth_put_copies_the_bytes" pw.bin \
    "$TESTUSER_HOME/pw-up.bin"

(umask 077 && printf 'wrong-%s\n' "$TESTUSER_PASSWORD" >badpw)
tap_exit_is "a_wrong_password_exits_2" 2 "$FERRY" --password-file badpw \
    ls "$(sshd_url "" "" "$U")"
tap_like "a_wrong_password_says_authentication_failed" "$(cat "$TAP_ERR")" \
    "authentication failed"

cp pwfile openpw && chmod 644 openpw
tap_exit_is "a_password_file_others_can_read_is_refused" "2 1" \
    "$FERRY" --password-file openpw ls "$(sshd_url "" "" "$U")"

tap_exit_is "no_password_and_no_terminal_exits_2" 2 \
    "$FERRY" ls "$(sshd_url "" "" "$U")"
tap_like "no_password_says_how_to_give_one" "$(cat "$TAP_ERR")" \
    "password-file"

# ---------------------------------------------------------------- kbd-int
# The same account through keyboard-interactive (PAM asks "Password:"),
# with password authentication off: the password file answers the prompt.
sshd_stop
SSHD_USEPAM=yes SSHD_KBDINT=yes SSHD_PASSWORD_AUTH=no sshd_start ||
    tap_bail "sshd with PAM did not start: $SSHD_WHY"
sshd_known_hosts "$HOME/.ssh/known_hosts"
rm -f "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
tap_exit_is "keyboard_interactive_answers_the_password_prompt" 0 \
    "$FERRY" -v --password-file pwfile get "$(sshd_url pw.bin "" "$U")" kbd.bin
tap_same_file "keyboard_interactive_login_copies_the_bytes" \
    "$TESTUSER_HOME/pw.bin" kbd.bin
tap_like "the_log_says_keyboard_interactive_was_used" "$(cat "$TAP_ERR")" \
    "trying keyboard-interactive"
tap_not "the_kbdint_log_never_shows_the_password" \
    grep -qF -- "$TESTUSER_PASSWORD" "$TAP_ERR"
tap_ok "sshd_logged_a_keyboard_interactive_login" \
    grep -q "Accepted keyboard-interactive/pam for $U" "$SSHD_LOG"
tap_exit_is "keyboard_interactive_with_a_wrong_password_exits_2" 2 \
    "$FERRY" --password-file badpw ls "$(sshd_url "" "" "$U")"

tap_done
