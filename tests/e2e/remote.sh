#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/remote.sh: the file manager against real servers, driven
# through tmux: an SFTP server whose host key is unknown brings up the trust
# question with the SHA-256 fingerprint OpenSSH prints, "always" saves the
# key in known_hosts in OpenSSH's format and lists the server; F5 copies a
# remote file to the local pane byte for byte.  An FTP server that needs a
# password brings up the password question; what is typed is never shown,
# and the listing follows.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home
. "$top_srcdir/tests/lib/sshd.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
trap 'tui_cleanup; ftpd_cleanup; tap_cleanup' EXIT

ftpd_need proftpd
if ! sshd_start; then
	[ "${CI:-}" != true ] || tap_bail "${SSHD_WHY:-sshd setup failed}"
	echo "1..0 # SKIP ${SSHD_WHY:-sshd cannot run here}"
	exit 0
fi
# The client key, but no known_hosts: the server is new to ferry.
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
cp "$SSHD_KEY" "$HOME/.ssh/id_ed25519"
chmod 600 "$HOME/.ssh/id_ed25519"

L=$TAP_TMP/local
mkdir -p "$L"
tap_random "$SSHD_HOME/remote.bin" 300000
echo "ferry" >"$SSHD_HOME/hello.txt"

# What OpenSSH prints for the key the server offers first to ferry (ed25519,
# the first HostKey): "SHA256:..."
FP=$(ssh-keygen -lf "$SSHD_DIR/host_ed25519.pub" | awk '{ print $2 }')

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
"$FERRY" "$1"
echo $? >"$2"
EOF

# ---------------------------------------------------------------- SFTP

tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/run.sh" "$SSHD_URL/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"

tui_check "an_unknown_host_key_brings_up_the_trust_question" \
    tui_shows "Trust this server?"
tui_check "the_question_shows_the_fingerprint_as_openssh_prints_it" \
    tui_shows "$FP"
tap_is "nothing_was_saved_before_the_answer" \
    "$(cat "$HOME/.ssh/known_hosts" 2>/dev/null | wc -l)" 0
tui_keys a
tui_check "after_always_the_server_is_listed" \
    tui_right_shows "remote.bin"
known_line_saved() {
	grep -q "^\[127.0.0.1\]:$SSHD_PORT ssh-ed25519 " \
	    "$HOME/.ssh/known_hosts" 2>/dev/null
}
tui_check "always_saves_the_key_in_known_hosts_as_openssh_writes_it" \
    known_line_saved

# Right pane, down to remote.bin (after "/..", hello.txt), F5.
tui_keys Tab
cursor_on_remote_bin() { tui_cursor_in right "remote.bin"; }
select_remote_bin() {
	local i
	for i in 1 2 3 4 5; do
		tui_cursor_in right "remote.bin" && return 0
		tui_keys Down
		sleep 0.2
	done
	return 1
}
select_remote_bin
tui_check "the_cursor_reaches_the_remote_file" cursor_on_remote_bin
tui_keys F5
copied() { cmp -s "$SSHD_HOME/remote.bin" "$L/remote.bin"; }
tui_check "f5_copies_the_remote_file_byte_for_byte" copied
tui_check "the_left_pane_shows_the_copy" tui_shows_all "remote.bin"
tui_keys q
tui_check "q_quits" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

# ---------------------------------------------------------------- FTP

ftpd_proftpd on
PW=$(cat "$FTPD_PWFILE")
echo "listed" >"$FTPD_ROOT/ftp-file.txt"
rm -f "$TAP_TMP/status"
tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/run.sh" "$FTPD_URL/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "a_server_that_needs_a_password_brings_up_the_password_question" \
    tui_shows "Password for"
tui_keys -l "$PW"
typed_as_stars() {
	tui_shows "$(printf '%*s' "${#PW}" '' | tr ' ' '*')" &&
	    tui_hides "$PW"
}
tui_check "the_password_is_shown_as_stars_never_as_typed" typed_as_stars
tui_keys Enter
tui_check "after_the_password_the_server_is_listed" \
    tui_right_shows "ftp-file.txt"
tap_not "the_password_is_not_on_the_screen" tui_shows "$PW"
tui_keys q
tui_check "q_quits_again" tui_gone
tap_is "ferry_exits_with_status_0_again" \
    "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

# ---------------------------------------------------------------- CLI

# The command line on a terminal asks for the password without echo.
cat >"$TAP_TMP/ls.sh" <<'EOF'
#!/bin/sh
"$FERRY" ls "$1" >"$2"
echo $? >"$3"
sleep 30	# keep the terminal for a look at it
EOF
rm -f "$TAP_TMP/status"
tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/ls.sh" "$FTPD_URL/" "$TAP_TMP/ls.out" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "the_command_line_asks_for_the_password_on_the_terminal" \
    tui_shows "Password for ftp://ferry@127.0.0.1:$FTPD_PORT"
tui_keys -l "$PW"
tui_keys Enter
ls_done() { [ -s "$TAP_TMP/status" ]; }
tui_check "ls_finishes_after_the_password" ls_done
tap_is "ls_exits_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0
tap_ok "ls_lists_the_server" grep -q "ftp-file.txt" "$TAP_TMP/ls.out"
tap_not "the_typed_password_was_not_echoed" tui_shows "$PW"
tui kill-session -t ferry

# ---------------------------------------------------------------- FTPS

# A certificate from a CA that ferry is not told about: the trust question,
# with the fingerprint openssl prints; "always" stores it, and the next
# session (a one-shot ls) trusts it without asking.
ftpd_pki
ftpd_vsftpd explicit
CERT_FP=$(openssl x509 -in "$FTPD_CERT" -noout -fingerprint -sha256 |
    sed 's/^[^=]*=//')
echo "tls" >"$FTPD_PUB/tls-file.txt"
rm -f "$TAP_TMP/status"
tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/run.sh" "$FTPD_URL/pub/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "an_untrusted_certificate_brings_up_the_trust_question" \
    tui_shows "Trust this server?"
tui_check "the_question_shows_the_certificate_fingerprint" \
    tui_shows "$CERT_FP"
tui_keys a
tui_check "after_always_the_ftps_server_is_listed" \
    tui_right_shows "tls-file.txt"
tui_keys q
tui_check "q_quits_a_third_time" tui_gone
tap_exit_is "the_accepted_certificate_is_trusted_next_time" 0 \
    "$FERRY" ls "$FTPD_URL/pub/"
tap_ok "and_the_listing_is_there" grep -q "tls-file.txt" "$TAP_OUT"

tap_done
