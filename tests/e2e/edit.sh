#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/edit.sh: F4 in the file manager, driven through tmux, with an
# EDITOR that appends a line (or changes nothing, or fails):
# - a local file is edited where it is, and the pane shows its new size;
# - a file on a real sshd is copied into a private directory, edited,
#   and after "y" the changes are on the server; the private directory
#   is gone;
# - no change: nothing to upload, and the server's file is untouched;
# - "n": nothing uploaded, and the message names the edited copy, which
#   is still there;
# - an editor that fails: nothing uploaded;
# - over FTP (proftpd) too, the changes are on the server after "y";
# - the editor runs in its own process group, in the foreground of the
#   terminal (a shell's job control): ferry is not in it.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home
export TMPDIR=$TAP_TMP/tmp
mkdir -p "$TMPDIR"
. "$top_srcdir/tests/lib/sshd.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
trap 'tui_cleanup; ftpd_cleanup; tap_cleanup' EXIT

ftpd_need proftpd

if ! sshd_start; then
	[ "${CI:-}" != true ] || tap_bail "${SSHD_WHY:-sshd setup failed}"
	echo "1..0 # SKIP ${SSHD_WHY:-sshd cannot run here}"
	exit 0
fi
sshd_ferry_home || tap_bail "cannot set up ~/.ssh"

L=$TAP_TMP/local
mkdir -p "$L"
printf 'local\n' >"$L/here.txt"
printf 'on the server\n' >"$SSHD_HOME/there.txt"
printf 'keep me\n' >"$SSHD_HOME/same.txt"
printf 'no\n' >"$SSHD_HOME/declined.txt"
printf 'fails\n' >"$SSHD_HOME/fails.txt"

# The editor: what $TAP_TMP/mode says (append, nothing, fail), and its
# process group and the terminal's foreground group, for the last test.
cat >"$TAP_TMP/ed.sh" <<'EOF2'
#!/bin/sh
ps -o pgid= -o tpgid= -p $$ >"$TAP_TMP/groups"
case $(cat "$TAP_TMP/mode") in
append) echo "edited in ferry" >>"$1" ;;
nothing) ;;
fail) exit 3 ;;
esac
EOF2
chmod +x "$TAP_TMP/ed.sh"
export TAP_TMP
mode() { echo "$1" >"$TAP_TMP/mode"; }

cat >"$TAP_TMP/run.sh" <<'EOF2'
"$FERRY" "$1"
echo $? >"$2"
EOF2
tui new-session -d -s ferry -x 120 -y 30 -c "$L" \
    env EDITOR="$TAP_TMP/ed.sh" VISUAL= sh "$TAP_TMP/run.sh" "$SSHD_URL/" \
    "$TAP_TMP/status" || tap_bail "cannot start tmux"
tui_check "the_server_is_listed" tui_right_shows "there.txt"

# focus NAME: put the cursor of the active pane on NAME (quick search).
focus() {
	tui_keys C-s
	tui_keys -l "$1"
	tui_keys Enter
}

# ---------------------------------------------------------------- local

mode append
focus here.txt
tui_keys F4
tui_check "a_local_file_is_edited_where_it_is" \
    grep -q "edited in ferry" "$L/here.txt"
tui_check "the_pane_shows_its_new_size" tui_shows "22 bytes  here.txt"
tui_check "the_editor_had_a_process_group_of_its_own_in_the_foreground" \
    awk -v f="$(tmux -L "$TUI_SOCKET" display -p -t ferry \
	'#{pane_pid}')" '$1 == $2 && $1 != f { ok = 1 } END { exit !ok }' \
	"$TAP_TMP/groups"

# ---------------------------------------------------------------- remote

tui_keys Tab
focus there.txt
tui_keys F4
tui_check "a_servers_file_edited_brings_up_the_question" \
    tui_shows "Upload the changes to"
tap_not "nothing_is_uploaded_before_the_answer" \
    grep -q "edited in ferry" "$SSHD_HOME/there.txt"
tui_keys y
tui_check "after_y_the_changes_are_on_the_server" \
    grep -q "edited in ferry" "$SSHD_HOME/there.txt"
tui_check "and_the_message_says_so" tui_shows "the changes are uploaded"
tui_check "the_private_directory_is_removed" \
    bash -c "! ls -d '$TMPDIR'/ferry-edit.* 2>/dev/null | grep -q ."
tap_ok "the_rest_of_the_file_is_kept" \
    grep -q "^on the server$" "$SSHD_HOME/there.txt"

mode nothing
focus same.txt
tui_keys F4
tui_check "no_change_nothing_to_upload" tui_shows "not changed: nothing"
tap_is "the_servers_file_is_untouched" "$(cat "$SSHD_HOME/same.txt")" \
    "keep me"
tui_check "its_private_directory_is_removed_too" \
    bash -c "! ls -d '$TMPDIR'/ferry-edit.* 2>/dev/null | grep -q ."

mode append
focus declined.txt
tui_keys F4
tui_check "the_question_again" tui_shows "Upload the changes to"
tui_keys n
tui_check "n_says_where_the_edited_copy_is" \
    tui_shows "not uploaded; the edited copy is $TMPDIR/ferry-edit."
tap_is "n_uploads_nothing" "$(cat "$SSHD_HOME/declined.txt")" "no"
tap_ok "the_edited_copy_is_kept" \
    bash -c "grep -q 'edited in ferry' '$TMPDIR'/ferry-edit.*/declined.txt"

mode fail
focus fails.txt
tui_keys F4
tui_check "a_failing_editor_is_said" \
    tui_shows "the editor exited with status 3"
tap_is "and_nothing_is_uploaded" "$(cat "$SSHD_HOME/fails.txt")" "fails"

tui_keys q
tui_check "q_quits" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

# ---------------------------------------------------------------- FTP

ftpd_proftpd on
printf 'machine 127.0.0.1 login %s password %s\n' "$FTPD_USER" \
    "$(cat "$FTPD_PWFILE")" >"$TAP_TMP/netrc"
chmod 600 "$TAP_TMP/netrc"
printf 'over ftp\n' >"$FTPD_ROOT/ftp.txt"
mode append
rm -f "$TAP_TMP/status"
tui new-session -d -s ferry -x 120 -y 30 -c "$L" \
    env EDITOR="$TAP_TMP/ed.sh" VISUAL= NETRC="$TAP_TMP/netrc" \
    sh "$TAP_TMP/run.sh" "$FTPD_URL/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "the_ftp_server_is_listed" tui_right_shows "ftp.txt"
tui_keys Tab
focus ftp.txt
tui_keys F4
tui_check "over_ftp_the_question_too" tui_shows "Upload the changes to"
tui_keys y
tui_check "over_ftp_the_changes_are_on_the_server" \
    grep -q "edited in ferry" "$FTPD_ROOT/ftp.txt"
tap_ok "over_ftp_the_rest_is_kept" grep -q "^over ftp$" "$FTPD_ROOT/ftp.txt"
tui_keys q
tui_check "q_quits_the_ftp_session" tui_gone

tap_done
