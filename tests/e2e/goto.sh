#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/goto.sh: the file manager as a daily tool, against the real
# sshd, proftpd and vsftpd (FTPS) of the test suite, through tmux:
# - g to a URL from a local-only start; into a directory, then Backspace
#   up past the login directory to /; the title shows the decoded,
#   absolute path; Ctrl-Space counts a directory; Alt-o, Ctrl-U and
#   Alt-i between the panes; Alt-? finds a name and Enter goes there;
#   Alt-y and Alt-u back and forward;
# - F7, F6 (on one entry and on marked ones) and F8 on each backend,
#   checked on the server's disk; F3 shows
#   the first lines of a remote text file;
# - a site added from the active pane, ferry started again, the site
#   connected from the list (Ctrl-\).
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
TUI_WAIT=20

ftpd_need proftpd vsftpd
sshd_setup "file_manager_goto"

L=$TAP_TMP/local
mkdir -p "$L/only-local"

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
status=$1
shift
"$FERRY" "$@"
echo $? >"$status"
EOF

start() {
	rm -f "$TAP_TMP/status"
	tui kill-session -t ferry >/dev/null 2>&1
	tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
	    sh "$TAP_TMP/run.sh" "$TAP_TMP/status" "$@" ||
	    tap_bail "cannot start tmux"
	# Keys sent before ferry has its terminal in hand can be lost (a
	# CI trial under the sanitizers' load lost "Tab g ftp:" of a URL,
	# and the rest went to the filter): wait for the key bar.
	tap_wait_for 30 tui_shows "Tab Switch" ||
	    echo "# ferry has drawn no key bar after 30 s"
}

select_in() {
	local i
	tui_keys Home
	sleep 0.1
	for i in $(seq 1 15); do
		tui_cursor_in "$1" "$2" && return 0
		tui_keys Down
		sleep 0.1
	done
	tui_cursor_in "$1" "$2"
}

# type_line TEXT: clear the input line and type TEXT, then Enter.
type_line() {
	tui_keys C-u
	tui_keys -l "$1"
	tui_keys Enter
}

# ---------------------------------------------------------------- g

mkdir -p "$SSHD_HOME/sub dir"
echo "first line of the remote file" >"$SSHD_HOME/sub dir/notes.txt"
seq -f "line %g" 2 12000 >>"$SSHD_HOME/sub dir/notes.txt"	# 2 pieces
start "$L/only-local"
tui_check "a_local_only_start_shows_no_server" tui_right_shows "/.."
tui_keys Tab g
tui_check "g_opens_the_location_line" tui_shows "Go to"
type_line "$(sshd_url "")"
tui_check "g_to_a_url_lists_the_server" tui_right_shows "sub dir"
# The title keeps the server and the end of the path (the start of the
# path gives way); the line below the panes (the cursor is on /..) has
# the whole location, absolute.
title_end() {
	tui_screen | head -1 | grep -qF "sftp://" &&
	    tui_screen | head -1 | grep -qF "$1 [name]"
}
abs_title() {
	title_end "/${SSHD_HOME##*/}" &&
	    tui_screen | grep -qF "127.0.0.1:$SSHD_PORT$SSHD_HOME"
}
tui_check "the_title_shows_the_absolute_login_directory" abs_title
select_in right "sub dir"
tui_keys Enter
tui_check "into_a_directory_with_a_space" tui_right_shows "notes.txt"
decoded() {
	title_end "/${SSHD_HOME##*/}/sub dir" &&
	    tui_screen | grep -qF "127.0.0.1:$SSHD_PORT$SSHD_HOME/sub dir"
}
tui_check "the_title_is_decoded_not_percent_encoded" decoded
title_has_escapes() { tui_screen | head -1 | grep -q '%20'; }
tap_not "no_percent_escapes_in_the_title" title_has_escapes

# F3 on the remote text file.
select_in right notes.txt
tui_keys F3
tui_check "f3_shows_the_first_lines_of_a_remote_text_file" \
    tui_shows_all "first line of the remote file" "line 2"
# / searches, reading on past the first piece (64 KiB); the match is
# highlighted (the reverse-video row).
tui_keys /
tui_keys -l "LINE 11999"
tui_keys Enter
found_11999() { [ "$(tui_cursor)" = "2 line 11999" ]; }
tui_check "slash_finds_a_line_in_a_later_piece" found_11999
tui_keys /
tui_keys -l "no such line"
tui_keys Enter
tui_check "a_search_that_finds_nothing_says_so" \
    tui_shows "not found: no such line"
tui_keys q
tui_check "q_closes_the_viewer" tui_hides "first line of the remote file"

# Alt-o, Ctrl-U, Alt-i (mc's keys): the other pane opens the directory
# under the cursor, the panes trade locations, the other pane comes here.
tui_keys BSpace
tui_check "back_in_the_login_directory" tui_cursor_in right "sub dir"
# Ctrl-Space: what the directory holds, in its row and below the panes.
tui_keys C-Space
dirsize=$(stat -c %s "$SSHD_HOME/sub dir/notes.txt")
tui_check "ctrl_space_counts_the_directory" \
    tui_shows_all "sub dir: 1 file, 118.1 KiB" "$dirsize bytes  sub dir"
tui_keys M-o
tui_check "alt_o_opens_the_directory_in_the_other_pane" \
    tui_left_shows "notes.txt"
swapped() {
	tui_right_shows "notes.txt" && tui_left_shows "sub dir" &&
	    tui_cursor_in left "sub dir"
}
tui_keys C-u
tui_check "ctrl_u_swaps_the_panes_and_the_cursor_goes_along" swapped
tui_keys M-i
tui_check "alt_i_brings_the_other_pane_here" tui_right_shows "sub dir"
tui_keys Tab

# Alt-? finds names all the way down; Enter goes to the one chosen.
tui_keys M-?
tui_check "alt_question_asks_what_to_find" tui_shows "Names matching"
tui_keys -l "NOTES"
tui_keys Enter
found_notes() { tui_shows_all "sub dir/notes.txt" "1 found in 2 directories"; }
tui_check "the_find_lists_the_match_under_a_subdirectory" found_notes
tui_keys F3
tui_check "f3_views_a_match" tui_shows "first line of the remote file"
tui_keys q
tui_check "q_goes_back_to_the_matches" tui_shows "1 found in 2 directories"
# Insert and F5: the match copied to the other pane (the login directory,
# since Ctrl-U and Alt-i).
tui_keys IC F5
copied_here() { cmp -s "$SSHD_HOME/sub dir/notes.txt" "$SSHD_HOME/notes.txt"; }
tui_check "f5_copies_the_marked_match_to_the_other_pane" copied_here
rm -f "$SSHD_HOME/notes.txt"
tui_keys Enter
tui_check "enter_goes_to_the_match" tui_cursor_in right "notes.txt"
# Alt-y goes back to where the pane was, Alt-u forward again, the cursor
# on the name it was on there.
tui_keys M-y
went_back() { tui_right_shows "/sub dir" && ! tui_right_shows "notes.txt"; }
tui_check "alt_y_goes_back" went_back
tui_keys M-u
tui_check "alt_u_goes_forward_to_the_name_it_was_on" \
    tui_cursor_in right "notes.txt"

# Up past the login directory, to /.
depth=$(printf '%s' "$SSHD_HOME" | tr -cd '/' | wc -c)
for i in $(seq 0 "$depth"); do
	tui_keys BSpace
	sleep 0.4
done
root_listed() { tui_right_shows "/etc" && tui_right_shows "/usr"; }
tui_check "backspace_goes_above_the_login_directory_to_the_root" root_listed

# ---------------------------------------------------------------- F7 F6 F8

# ops LABEL DISKDIR: in the right pane (showing DISKDIR on the server's
# disk): F7 makes a directory, F6 renames a file, F8 deletes a directory
# with what it holds; each is checked on DISKDIR.
ops() {
	local label=$1 dir=$2
	tui_keys F7
	tui_check "${label}_f7_asks_a_name" tui_shows "Make a directory"
	type_line "made-by-f7"
	made() { [ -d "$dir/made-by-f7" ]; }
	tui_check "${label}_f7_makes_the_directory_on_the_server" made
	tui_check "${label}_the_new_directory_is_listed" \
	    tui_right_shows "made-by-f7"
	select_in right "old-name.txt"
	tui_keys F6
	tui_check "${label}_f6_asks_a_new_name" tui_shows "Rename or move"
	type_line "new-name.txt"
	renamed() { [ -f "$dir/new-name.txt" ] && [ ! -e "$dir/old-name.txt" ]; }
	tui_check "${label}_f6_renames_on_the_server" renamed
	tap_same_file "${label}_the_renamed_file_keeps_its_bytes" \
	    "$TAP_TMP/payload" "$dir/new-name.txt"
	tui_check "${label}_the_new_name_is_listed" tui_right_shows "new-name.txt"
	# F6 on marked entries (mc's): into a directory on the same server
	# (renamed there), then into one on this machine (copied, then
	# deleted there)
	select_in right "m1.txt"
	tui_keys IC IC F6
	tui_check "${label}_f6_on_marks_asks_where_to" \
	    tui_shows "Move the 2 marked entries into the directory"
	type_line "made-by-f7"
	moved_in() {
		[ -f "$dir/made-by-f7/m1.txt" ] &&
		    [ -f "$dir/made-by-f7/m2.txt" ] &&
		    [ ! -e "$dir/m1.txt" ] && [ ! -e "$dir/m2.txt" ]
	}
	tui_check "${label}_f6_moves_the_marked_into_a_directory_there" moved_in
	tap_ok "${label}_they_keep_their_bytes" \
	    cmp -s "$TAP_TMP/payload" "$dir/made-by-f7/m2.txt"
	mkdir -p "$TAP_TMP/moved-$label"
	select_in right "m3.txt"
	tui_keys IC F6
	tui_check "${label}_f6_on_one_mark_asks_too" \
	    tui_shows "Move the 1 marked entry into the directory"
	type_line "file://$TAP_TMP/moved-$label"
	moved_here() {
		[ -f "$TAP_TMP/moved-$label/m3.txt" ] && [ ! -e "$dir/m3.txt" ]
	}
	tui_check "${label}_f6_moves_a_marked_entry_to_this_machine" moved_here
	tap_ok "${label}_whole" \
	    cmp -s "$TAP_TMP/payload" "$TAP_TMP/moved-$label/m3.txt"
	select_in right "new-name.txt"
	tui_keys IC F6
	type_line "file://$TAP_TMP/no-such-dir"
	tui_check "${label}_f6_into_a_missing_directory_says_so" \
	    tui_shows "not a directory to move into"
	tap_ok "${label}_and_keeps_the_file" test -f "$dir/new-name.txt"
	tap_not "${label}_and_writes_nothing" test -e "$TAP_TMP/no-such-dir"
	# without marks, a rename to the name of a directory goes into it,
	# as mv does
	select_in right "m4.txt"
	tui_keys F6
	tui_check "${label}_f6_without_marks_renames" tui_shows "Rename or move"
	type_line "made-by-f7"
	into_dir() { [ -f "$dir/made-by-f7/m4.txt" ] && [ ! -e "$dir/m4.txt" ]; }
	tui_check "${label}_a_rename_to_a_directory_goes_into_it" into_dir
	select_in right "doomed"
	tui_keys F8
	counted() { tui_shows "2 files and 2 directories"; }
	tui_check "${label}_f8_counts_what_will_go" counted
	tui_keys y
	deleted() { [ ! -e "$dir/doomed" ]; }
	tui_check "${label}_f8_deletes_the_tree_on_the_server" deleted
	tap_ok "${label}_f8_leaves_the_rest" test -f "$dir/new-name.txt"
	# F8 on what a find found: * marks them all, F8 counts and asks,
	# y deletes them there; they leave the list.
	tui_keys M-?
	tui_check "${label}_find_asks" tui_shows "Names matching"
	type_line "*.tmp"
	tui_check "${label}_find_lists_two_tmp_files" \
	    tui_shows_all "junk/x.tmp" "junk/deep/y.tmp" "2 found in"
	tui_keys "*"
	both_marked() { [ "$(tui_screen | grep -c '^│\*junk/')" -eq 2 ]; }
	tui_check "${label}_star_marks_every_match" both_marked
	tui_keys F8
	tui_check "${label}_f8_in_the_find_box_asks" \
	    tui_shows_all "Delete 2 entries?" "2 files and 0 directories"
	tui_keys y
	tmp_gone() {
		[ ! -e "$dir/junk/x.tmp" ] && [ ! -e "$dir/junk/deep/y.tmp" ]
	}
	tui_check "${label}_f8_deletes_the_matches_on_the_server" tmp_gone
	tap_ok "${label}_and_nothing_else" test -f "$dir/junk/keep.txt"
	tui_check "${label}_the_deleted_leave_the_list" tui_hides "x.tmp"
	tui_check "${label}_and_the_box_says_they_were_deleted" \
	    tui_shows "and deleted them all"
	tui_keys Escape
	tui_check "${label}_esc_closes_the_find_box" tui_hides "Find *.tmp under"
	# F6 on what a find found: into a directory there
	tui_keys M-?
	type_line "*.mov"
	tui_check "${label}_find_lists_two_mov_files" \
	    tui_shows_all "junk/a.mov" "junk/deep/b.mov" "2 found in"
	tui_keys "*" F6
	tui_check "${label}_f6_in_the_find_box_asks_where" \
	    tui_shows "Move the 2 found entries into the directory"
	type_line "made-by-f7"
	movs_moved() {
		[ -f "$dir/made-by-f7/a.mov" ] && [ -f "$dir/made-by-f7/b.mov" ] &&
		    [ ! -e "$dir/junk/a.mov" ] && [ ! -e "$dir/junk/deep/b.mov" ]
	}
	tui_check "${label}_f6_moves_the_matches_there" movs_moved
	tui_check "${label}_and_the_find_box_says_so" \
	    tui_shows "and moved them all"
	tui_keys Escape
	tui_check "${label}_esc_closes_it_again" tui_hides "Find *.mov under"
}

# setup_dir DIR: the files ops works on.
setup_dir() {
	mkdir -p "$1/doomed/inner"
	echo a >"$1/doomed/a.txt"
	echo b >"$1/doomed/inner/b.txt"
	cp "$TAP_TMP/payload" "$1/old-name.txt"
	for f in m1 m2 m3 m4; do cp "$TAP_TMP/payload" "$1/$f.txt"; done
	mkdir -p "$1/junk/deep"
	echo x >"$1/junk/x.tmp"
	echo y >"$1/junk/deep/y.tmp"
	echo k >"$1/junk/keep.txt"
	echo a >"$1/junk/a.mov"
	echo b >"$1/junk/deep/b.mov"
}
tap_random "$TAP_TMP/payload" 123457

# SFTP: the pane is at / now; go to the login directory.
setup_dir "$SSHD_HOME/ops"
tui_keys g
type_line "$(sshd_url ops/)"
tui_check "sftp_ops_directory_listed" tui_right_shows "old-name.txt"
ops sftp "$SSHD_HOME/ops"
tui_keys q
tui_check "quits_after_sftp" tui_gone

# FTP on proftpd (with a password).
ftpd_proftpd on
PW=$(cat "$FTPD_PWFILE")
setup_dir "$FTPD_ROOT/ops"
start "$L/only-local"
tui_keys Tab g
type_line "ftp://ferry:$PW@127.0.0.1:$FTPD_PORT/ops/"
tui_check "ftp_a_url_with_a_password_lists_the_server" \
    tui_right_shows "old-name.txt"
tap_not "ftp_the_password_is_not_on_the_screen" tui_shows "$PW"
ops ftp "$FTPD_ROOT/ops"

# A site from the active pane, kept in the sites file.
tui_keys C-\\
tui_check "ctrl_backslash_opens_the_site_list" tui_shows "Sites"
tui_keys a
tui_check "a_asks_the_site_name" tui_shows "Name:"
type_line "proftpd test"
tui_check "then_its_url" tui_shows "URL or path:"
tui_keys Enter
tui_check "then_a_password_to_store" tui_shows "Password to store"
tui_keys -l "$PW"
tui_keys Enter
tui_check "the_site_is_listed" tui_shows "proftpd test"
tap_ok "the_sites_file_holds_it" grep -q "^\[proftpd test\]" \
    "$XDG_CONFIG_HOME/ferry/sites"
tap_is "the_sites_file_is_0600" \
    "$(stat -c %a "$XDG_CONFIG_HOME/ferry/sites")" 600
tui_keys Escape q
tui_check "quits_after_ftp" tui_gone

start "$L/only-local"
tui_check "ferry_starts_again" tui_right_shows "/.."
tui_keys Tab C-\\
tui_check "the_site_is_still_listed" tui_shows "proftpd test"
tui_keys Enter
tui_check "the_site_connects_from_the_list_without_a_question" \
    tui_right_shows "new-name.txt"
tap_not "no_password_question" tui_shows "Password for"
tui_keys q
tui_check "quits_after_the_site" tui_gone

# FTPS on vsftpd (explicit TLS, anonymous, pub/ writable).
ftpd_pki
ftpd_vsftpd explicit
setup_dir "$FTPD_PUB"
chmod -R a+rwX "$FTPD_PUB"
start --cacert "$FTPD_CA" "$L/only-local"
tui_keys Tab g
type_line "$FTPD_URL/pub/"
tui_check "ftps_the_server_is_listed" tui_right_shows "old-name.txt"
ops ftps "$FTPD_PUB"
tui_keys q
tui_check "quits_after_ftps" tui_gone

tap_done
