#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/opbatch.sh: a file operation on many entries is one batch,
# driven through tmux on this machine:
# - F8 on 40 marked files, 8 of which vanish before y: the other 32 go,
#   each of the 8 failures is in the messages (L), none is dropped (32
#   used to be the most awaited at once: the rest went unheard), and the
#   line says "8 of 40 failed"; the same on 40 that all go: "40 deleted";
# - the find box: F6 of three found files into a directory that already
#   holds one of their names moves two; the one that failed stays in the
#   list (it used to leave it as soon as it was sent), unmarked, and the
#   box counts two moved; F8 on it then deletes it and it leaves;
# - Ctrl-X changes a local file's mode (the local backend had no chmod:
#   "this server cannot change permissions"), and refuses a bad mode.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home

A=$TAP_TMP/A
B=$TAP_TMP/B
mkdir -p "$A/many" "$A/all" "$A/tree/one/two" "$B/dest" "$A/perm"
echo p >"$A/perm/p.txt"
chmod 600 "$A/perm/p.txt"
for i in $(seq -w 1 40); do
	echo "$i" >"$A/many/f$i"
	echo "$i" >"$A/all/g$i"
done
echo a >"$A/tree/a.pic"
echo b >"$A/tree/one/b.pic"
echo c >"$A/tree/one/two/c.pic"
echo "already here" >"$B/dest/b.pic"

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
status=$1
shift
"$FERRY" "$@"
echo $? >"$status"
EOF

tui new-session -d -s ferry -x 110 -y 30 -c "$A" \
    sh "$TAP_TMP/run.sh" "$TAP_TMP/status" "$B" || tap_bail "cannot start tmux"
tap_wait_for 30 tui_shows "Tab Switch" || echo "# no key bar after 30 s"

type_line() {
	tui_keys C-u
	tui_keys -l "$1"
	tui_keys Enter
}

# enter NAME: the left pane into the directory NAME (from its parent).
enter() {
	tui_keys Home
	tui_keys /
	tui_keys -l "$1"
	tui_keys Enter
	tap_wait_for 5 tui_cursor_in left "/$1" || true
	tui_keys Enter
}

# ---------------------------------------------------------------- F8

enter many
tui_check "in_many" tui_shows "40 entries"
tui_keys "*" F8
tui_check "f8_asks_for_40" tui_shows "Delete 40 entries?"
rm -f "$A"/many/f3[3-9] "$A/many/f40"
tui_keys y
tui_check "the_line_says_8_of_40_failed" tui_shows "8 of 40 failed (L shows why)"
tap_is "the_other_32_are_gone" "$(find "$A/many" -type f | wc -l)" 0
tui_keys L
tui_check "the_messages_open" tui_shows "Messages"
tui_keys End
tui_check "the_last_failure_is_there" tui_shows "many/f40: No such file"
tap_is "every_failure_is_there" \
    "$(tui_screen | grep -c 'many/f[34][0-9]: No such file')" 8
tap_not "how_far_it_was_is_not_logged" tui_shows "deleting: "
# (Esc and a key at once would be Alt and that key)
tui_keys Escape
tui_check "the_messages_close" tui_hides "Messages"
tui_keys BSpace
tui_check "back_up" tui_shows "/all"

enter all
tui_check "in_all" tui_shows "40 entries"
tui_keys "*" F8
tui_check "f8_asks_for_40_again" tui_shows "Delete 40 entries?"
tui_keys y
tui_check "the_line_says_40_deleted" tui_shows "40 deleted"
tap_not "all_are_gone" test -e "$A/all/g01"
tui_keys BSpace

# ---------------------------------------------------------------- find

enter tree
tui_check "in_tree" tui_shows "one"
tui_keys M-?
tui_check "find_asks" tui_shows "Names matching"
type_line "*.pic"
tui_check "three_found" tui_shows_all "a.pic" "one/b.pic" "one/two/c.pic" \
    "3 found in"
title_then_border() { tui_screen | head -1 | grep -q 'A/tree─*┐$'; }
tui_check "the_box_s_border_goes_on_after_its_title" title_then_border
tui_keys "*" F6
tui_check "f6_asks_where" tui_shows "Move the 3 found entries into the directory"
type_line "$B/dest"
moved() { [ -f "$B/dest/a.pic" ] && [ -f "$B/dest/c.pic" ]; }
tui_check "two_are_moved" moved
tap_ok "the_third_stays_where_it_was" test -f "$A/tree/one/b.pic"
tap_is "the_one_there_is_not_replaced" "$(cat "$B/dest/b.pic")" "already here"
tui_check "the_box_counts_two_moved" tui_shows "3 found in 3 directories, 0 deleted, 2 moved"
tui_check "the_one_that_failed_stays_listed" tui_shows "one/b.pic"
tap_not "the_moved_leave_it" tui_shows "two/c.pic"
tap_not "it_is_no_longer_marked" tui_shows "│*one/b.pic"
tui_keys F8
tui_check "f8_on_it_asks" \
    tui_shows_all "Delete b.pic?" "1 file and 0 directories, 2 B"
tui_keys y
tui_check "it_leaves_once_deleted" \
    tui_shows "3 found in 3 directories, 1 deleted, 2 moved"
tap_not "the_list_is_empty" tui_shows "one/b.pic"
tap_not "it_is_gone" test -e "$A/tree/one/b.pic"
tui_keys Escape
tui_check "the_box_closes" tui_hides "Find *.pic"

# ---------------------------------------------------------------- Ctrl-X

tui_keys BSpace
tui_check "up_again" tui_shows "/perm"
enter perm
tui_check "in_perm" tui_shows "p.txt"
tui_keys Down C-x
tui_check "ctrl_x_asks_the_mode" tui_shows "Octal mode"
type_line 640
mode_640() { [ "$(stat -c %a "$A/perm/p.txt")" = 640 ]; }
tui_check "ctrl_x_changes_a_local_file_s_mode" mode_640
tui_check "and_says_done" tui_shows "done"
tui_keys C-x
type_line 9999
tui_check "a_mode_that_is_not_octal_is_refused" \
    tui_shows "an octal mode is 0 to 7777"
tap_is "and_changes_nothing" "$(stat -c %a "$A/perm/p.txt")" 640
tui_keys q
tui_check "quits" tui_gone
tap_is "exit_status" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

tap_done
