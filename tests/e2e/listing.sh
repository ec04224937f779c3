#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/listing.sh: a long listing shows its first screen before it is
# complete (issue 11).  A scripted FTP server (tests/hostile/ftpd.py)
# sends the first 1,100 lines of a 3,000-entry LIST of big/ and then stalls:
# the pane already shows big/ with its first entries, the footer says how
# many have come, and the cursor moves through them.  Esc stops the
# listing and the pane goes back to what it showed, the cursor on /big.
# Entered again (not stalled now), the whole listing replaces the first
# screen.
#
# A private tmux server (-L ferry-e2e-PID, no configuration) runs ferry in a
# 120x35 window; every wait polls capture-pane with a deadline; the EXIT trap
# kills only that server and the scripted FTP server (by PID).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_require

tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
. "$top_srcdir/tests/hostile/lib.sh"
trap 'hostile_stop; tui_cleanup' EXIT

L=$TAP_TMP/local
mkdir -p "$L"
# 3,000 entries of 49 bytes; the second LIST (big/) stops after 53,900
# bytes, 1,100 entries, and the server keeps the connection open.
hostile_ftpd <<'EOF2'
listing b"".join(b"-rw-r--r-- 1 ftp ftp 100 Jan 01 00:00 f%04d.txt\r\n" % i for i in range(3000))
LIST#2 xfer stall=53900
EOF2
mkdir -p "$HF_ROOT/big"
: >"$HF_ROOT/zz.txt"

cat >"$TAP_TMP/run.sh" <<'EOF2'
#!/bin/sh
"$FERRY" "$1"
echo $? >"$2"
EOF2
tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/run.sh" "$HF_URL/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "the_server_is_listed" tui_right_shows "zz.txt"

# Right pane: /.., /big, zz.txt.
tui_keys Tab Down
tui_check "the_cursor_is_on_big" tui_cursor_in right "/big"
tui_keys Enter
tui_check "the_first_entries_show_while_the_listing_stalls" \
    tui_right_shows "f0000.txt"
tui_check "the_footer_says_how_many_have_come_so_far" \
    tui_shows "listing... 1100 entries so far"
tui_check "the_header_shows_the_directory_being_listed" \
    tui_right_shows "/big"
# the server's log: it stopped sending after those 1,100 lines, and the
# pane's listing is its second LIST (no reconnect, no second try)
tap_ok "the_server_has_not_finished_the_listing" \
    tap_wait_for 10 grep -qx "#stalled after 53900 of 147000 bytes" "$HF_LOG"
tap_is "it_is_the_second_list_the_server_got" \
    "$(grep -c '^LIST' "$HF_LOG")" 2
tui_keys Down Down Down
tui_check "the_cursor_moves_through_the_first_entries" \
    tui_cursor_in right "f0002.txt"
tui_keys End
tui_check "end_reaches_the_last_entry_come_so_far" \
    tui_cursor_in right "f1099.txt"
tui_keys Escape
tui_check "esc_stops_the_listing" tui_shows "listing stopped"
tui_check "the_pane_goes_back_to_what_it_showed" tui_right_shows "zz.txt"
tui_check "with_the_cursor_on_big" tui_cursor_in right "/big"
tui_check "the_first_entries_are_gone" tui_hides "f0000.txt"
tui_check "and_the_footer_counts_the_old_entries" tui_shows "2 entries"

tui_keys Enter
tui_check "entered_again_the_whole_listing_comes" \
    tui_shows "3000 entries"
tui_keys End
tui_check "and_its_last_entry_is_there" tui_cursor_in right "f2999.txt"
tui_check "nothing_says_listing_any_more" tui_hides "listing..."
tui_keys q
tui_check "q_quits" test -s "$TAP_TMP/status"
tap_is "ferry_exits_0" "$(cat "$TAP_TMP/status")" 0

tap_done
