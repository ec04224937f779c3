#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tap_ok and tap_wait_for
# tests/e2e/tui.sh: the file manager driven through tmux, as a user would:
# both panes list their directories, the cursor moves and switches panes,
# Enter and Backspace walk directories, marks, F5 copies (a directory
# recursively) and keeps the source's time, a partial target brings up the
# resume dialog with its evidence (times to the second) and 'r' completes
# it byte for byte with the source's time (the file picked through the
# / filter), a name with an ESC byte is
# shown escaped, Ctrl-R reads again, a resize redraws, the help box comes
# from the keymap, q quits with status 0, and Ctrl-Z or SIGTSTP suspend to
# the shell (terminal given back) and fg redraws.
#
# A private tmux server (-L ferry-e2e-PID, no configuration) runs ferry in a
# 120x35 window; every wait polls capture-pane with a deadline; the EXIT trap
# kills only that server and removes the temporary directory.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tui.sh"
tui_require

tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=

A=$TAP_TMP/A
B=$TAP_TMP/B
MiB=$((1024 * 1024))
mkdir -p "$A/sub" "$B"
echo "hello, ferry" >"$A/alpha.txt"
tap_random "$A/beta.bin" 300000
tap_random "$A/big.bin" $((2 * MiB + 7))
echo "inside" >"$A/sub/inner.txt"
echo "escaped" >"$A/esc"$'\033'"name"
echo "gamma" >"$B/gamma.txt"
head -c $((MiB + 3)) "$A/big.bin" >"$B/big.bin"	# a partial copy
BIG_SIZE=$(tap_size "$A/big.bin")
PART_SIZE=$(tap_size "$B/big.bin")
touch -m -d @1577934245 "$A/alpha.txt" "$A/big.bin"	# 2020-01-02 03:04:05Z

# ---------------------------------------------------------------- checks

# same_mtime A B: A and B have the same modification time.
same_mtime() {
	[ "$(stat -c %Y -- "$1")" = "$(stat -c %Y -- "$2")" ]
}

# The name with an ESC byte reads "esc\x1bname", followed in its row by its
# size: had the raw byte reached the terminal, it would have eaten text.
esc_name_row_is_intact() {
	tui_screen | grep -Eq 'esc\\x1bname +[0-9]+ B '
}

# tmux -C shows non-printable cells as octal escapes: there is none.
no_raw_escape_on_screen() {
	! tui capture-pane -p -C -t ferry | grep -qF '\033'
}

back_in_a_on_sub() {
	tui_hides "inner.txt" && tui_cursor_in left "/sub"
}

no_resume_record() {
	! compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null
}

# The key hints (line 29 of 30): the function keys in full, F1 to F10,
# within 100 columns; no hint cut.
redrawn_at_100x30() {
	local hints
	hints=$(tui_screen | sed -n 29p)
	[ "$(printf '%s' "$hints" | perl -CS -ne 'chomp; print length')" \
	    -le 100 ] && [ "$(tui_screen | wc -l)" -eq 30 ] &&
	    tui_right_shows "gamma.txt" &&
	    printf '%s\n' "$hints" | grep -q '^ F1 Help  F2 Queue .* F10 Quit' &&
	    ! printf '%s\n' "$hints" | grep -q '~$'
}

# At 80 columns the function keys are brief, as mc shows them, all ten.
hints_brief_at_80x24() {
	tui_screen | sed -n 23p |
	    grep -q '^ 1Help 2Queue 3View 4Edit 5Copy 6RenMov 7Mkdir 8Delete 9Sites 10Quit'
}

# ---------------------------------------------------------------- start

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
# run ferry, then leave its exit status in a file
"$FERRY" "$1"
echo $? >"$2"
EOF
tui new-session -d -s ferry -x 120 -y 35 -c "$A" \
    sh "$TAP_TMP/run.sh" "$B" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"

tui_check "left_pane_lists_the_current_directory" \
    tui_shows_all "alpha.txt" "/sub" "$A"
tui_check "right_pane_lists_the_location_given" \
    tui_right_shows "gamma.txt"
tui_check "right_pane_header_is_the_location_given" tui_right_shows "$B"
tui_check "a_name_with_an_escape_byte_is_shown_escaped_in_its_row" \
    esc_name_row_is_intact
tui_check "no_raw_escape_reaches_the_screen" no_raw_escape_on_screen

# ---------------------------------------------------------------- cursor

tui_check "the_cursor_starts_on_the_parent_row_of_the_left_pane" \
    tui_cursor_in left "/.."
tui_keys Down
tui_check "down_moves_the_cursor_to_the_next_entry" \
    tui_cursor_in left "/sub"
tui_keys Tab
tui_check "tab_moves_the_cursor_to_the_right_pane" \
    tui_cursor_in right "/.."
tui_keys Tab
tui_check "tab_again_brings_it_back_where_it_was" \
    tui_cursor_in left "/sub"

# ---------------------------------------------------------------- walking

tui_keys Enter
tui_check "enter_on_a_directory_lists_it" \
    tui_shows_all "$A/sub" "inner.txt"
tui_keys Home Enter
tui_check "enter_on_the_parent_row_goes_up_to_the_directory_left" \
    back_in_a_on_sub
tui_keys Enter
tui_check "enter_again" tui_shows "inner.txt"
tui_keys BSpace
tui_check "backspace_goes_up" back_in_a_on_sub

# ---------------------------------------------------------------- copies

tui_keys Down F5	# alpha.txt
tui_check "f5_copies_the_file_under_the_cursor_to_the_other_pane" \
    cmp -s "$A/alpha.txt" "$B/alpha.txt"
tui_check "the_other_pane_lists_the_copy" tui_right_shows "alpha.txt"
tui_check "f5_keeps_the_modification_time" \
    same_mtime "$A/alpha.txt" "$B/alpha.txt"

tui_keys Home Down IC Down Space		# mark /sub and beta.bin
tui_check "insert_and_space_mark_entries_with_a_star" \
    tui_shows_all "*/sub" "* beta.bin" "2 marked"
tui_keys F5
tui_check "f5_copies_the_marked_entries" \
    cmp -s "$A/beta.bin" "$B/beta.bin"
tui_check "a_marked_directory_is_copied_with_its_contents" \
    cmp -s "$A/sub/inner.txt" "$B/sub/inner.txt"
tui_check "marks_are_cleared_after_the_copy" tui_hides "2 marked"

# ---------------------------------------------------------------- resume

# Through the filter: F5 acts on the entry the filtered view shows.
tui_keys /
tui_keys -l big
tui_keys Enter F5
tui_check "a_partial_target_opens_the_dialog_offering_resume" \
    tui_shows_all "[R]esume" "big.bin already exists"
tui_check "the_dialog_shows_both_sizes_in_bytes" \
    tui_shows_all "$BIG_SIZE bytes" "$PART_SIZE bytes"
tui_check "the_dialog_shows_the_source_time_to_the_second" \
    tui_shows "modified 2020-01-02 03:04:05 UTC"
tui_check "the_dialog_says_the_target_looks_partial" \
    tui_shows "looks partial (50.0 %)"
tui_check "the_dialog_has_the_apply_to_all_checkbox" \
    tui_shows "[ ] apply to all remaining items"
tui_keys x
tui_check "x_ticks_the_checkbox" tui_shows "[x] apply to all remaining items"
tui_keys x r
tui_check "r_resumes_and_the_target_equals_the_source" \
    cmp -s "$A/big.bin" "$B/big.bin"
tui_check "the_dialog_closes" tui_hides "already exists"
tui_check "the_resume_record_is_gone_after_the_copy" no_resume_record
tui_check "a_resume_that_completes_keeps_the_modification_time" \
    same_mtime "$A/big.bin" "$B/big.bin"

# ---------------------------------------------------------------- misc

echo "late" >"$B/late.txt"
tui_keys C-r
tui_check "ctrl_r_lists_both_panes_again" tui_right_shows "late.txt"

tui_keys F1
tui_check "f1_shows_the_help_built_from_the_keymap" \
    tui_shows_all "move the cursor up" "F5"
# A long description goes on under itself, not under the key names.
help_indented() { tui_screen | grep -Eq '^│ {16}[[:alpha:](]'; }
tui_check "the_help_wraps_a_description_in_its_column" help_indented
tui_keys End
tui_check "the_help_scrolls_to_its_last_keys" \
    tui_shows_all "show this help" "F10, q"
tui_keys Escape
tui_check "any_key_closes_the_help" tui_hides "show this help"

# a box's question longer than its width is wrapped, not cut
tui_keys g
tui_check "g_asks_where_to_go_in_full" \
    tui_shows "Up and Down go through recent places:"
tui_keys Escape
tui_check "esc_closes_it" tui_hides "Go to"

# F3's search reads on through a long file, pausing after each 16 MiB
# (the lines are kept in memory); n goes on to the end.
seq -f "line %g" 1 1500000 >"$B/long.txt"	# 18.4 MB
tui_keys C-r Tab C-s
tui_keys -l long
tui_keys Enter F3
tui_check "f3_opens_the_long_file" tui_shows "line 1"
tui_keys /
tui_keys -l zzz
tui_keys Enter
TUI_WAIT=60 tui_check "a_search_pauses_after_16_mib" \
    tui_shows "not found in the next 16 MiB: n reads on"
tui_keys n
TUI_WAIT=60 tui_check "n_reads_on_to_the_end" tui_shows "not found: zzz"
tui_keys q Tab
tui_check "q_closes_the_long_file" tui_hides "not found"
rm -f "$B/long.txt"

tui resize-window -t ferry -x 100 -y 30
tui_check "a_resize_redraws_at_the_new_size" redrawn_at_100x30
tui resize-window -t ferry -x 80 -y 24
tui_check "at_80_columns_all_ten_function_keys_show" hints_brief_at_80x24
# too small for the panes: says so whole, wrapped, with what it needs
too_small_said() {
	[ "$(tui_screen | sed -n 1,4p | tr -s ' \n' ' ')" = \
	    "the window is too small: ferry needs 24 columns and 6 rows " ]
}
tui resize-window -t ferry -x 20 -y 8
tui_check "a_window_too_small_says_what_it_needs" too_small_said

# ---------------------------------------------------------------- mouse

# mouse BUTTON X Y: a press and a release (X10 encoding, as a terminal
# sends it once ferry has asked for the mouse); 0 is the left button, 64
# and 65 the wheel (no release).
mouse() {
	tui_keys -l "$(perl -e '
		my ($b, $x, $y) = @ARGV;
		printf "\e[M%c%c%c", 32 + $b, 33 + $x, 33 + $y;
		printf "\e[M%c%c%c", 35, 33 + $x, 33 + $y if $b < 64;
	    ' "$@")"
}
# row_of SIDE TEXT: the screen row (0-based) of TEXT in that pane.
row_of() {
	tui_screen | awk -v side="$1" -v text="$2" '{
		split($0, half, "│");
		if (index(side == "left" ? half[1] : half[2], text)) {
			print NR - 1; exit
		}
	}'
}
tui resize-window -t ferry -x 120 -y 35
tui_check "back_at_120_columns" tui_shows "F1 Help  F2 Queue"
y=$(row_of right gamma.txt)
mouse 0 80 "${y:-0}"
tui_check "a_click_puts_the_cursor_on_the_row_and_the_pane" \
    tui_cursor_in right "gamma.txt"
mouse 64 80 5
tui_check "the_wheel_moves_the_cursor_three_rows" tui_cursor_in right "alpha.txt"
y=$(row_of right /sub)
mouse 0 80 "${y:-0}"
mouse 0 80 "${y:-0}"
tui_check "a_double_click_opens_a_directory" tui_right_shows "inner.txt"
mouse 0 3 33
tui_check "a_click_on_f1_help_shows_the_help" tui_shows "move the cursor up"
mouse 65 60 10
tui_check "the_wheel_scrolls_the_help" tui_hides "move the cursor up"
tui_keys Escape
tui_check "esc_closes_the_help_opened_by_a_click" \
    tui_hides "go to the first entry"
# Enter, or a double click, on a file views it (as F3).
y=$(row_of right inner.txt)
mouse 0 80 "${y:-0}"
mouse 0 80 "${y:-0}"
tui_check "a_double_click_on_a_file_views_it" tui_shows "View: inner.txt"
tui_keys Escape
tui_check "esc_closes_that_view" tui_hides "View: inner.txt"

tui_keys q
tui_check "q_quits" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

# The terminal goes away under ferry (the window is closed): ferry ends as
# on SIGHUP instead of spinning on a terminal that reads nothing.
tui new-session -d -s ferry -x 120 -y 35 -c "$A" "$FERRY" "$B" ||
    tap_bail "cannot start tmux"
tui_check "ferry_starts_for_the_hangup_test" tui_right_shows "gamma.txt"
hup_pid=$(tui list-panes -t ferry -F '#{pane_pid}')
tui kill-session -t ferry
hup_gone() { ! kill -0 "$hup_pid" 2>/dev/null; }
tui_check "a_terminal_that_hangs_up_ends_ferry" hup_gone
kill -9 "$hup_pid" 2>/dev/null

# Ctrl-Z and SIGTSTP: ferry gives the terminal back to the shell (echo on,
# the typed command shows), stops, and redraws when the shell's fg
# continues it.  An interactive bash in the window does the job control.
tui new-session -d -s ferry -x 120 -y 35 -c "$A" \
    env PS1='sh$ ' bash --norc --noprofile -i || tap_bail "cannot start tmux"
tui_check "a_shell_starts_for_the_suspend_test" tui_shows 'sh$'
tui_keys "\"\$FERRY\" \"$B\"" Enter
tui_check "ferry_starts_from_the_shell" tui_right_shows "gamma.txt"
ferry_pid() { pgrep -n -f "^$FERRY $B\$"; }
stopped() { [ "$(ps -o stat= -p "$(ferry_pid)" 2>/dev/null | cut -c1)" = T ]; }
running() { [ "$(ps -o stat= -p "$(ferry_pid)" 2>/dev/null | cut -c1)" = S ]; }
tui_keys C-z
tui_check "ctrl_z_stops_ferry" stopped
tui_check "ctrl_z_gives_the_terminal_to_the_shell" tui_shows "Stopped"
tui_keys "echo tty-ok-\$((6 * 7))" Enter
tui_check "the_shell_gets_a_sane_terminal_back" \
    tui_shows_all "echo tty-ok-\$((6 * 7))" "tty-ok-42"
tui_keys "fg" Enter
tui_check "fg_continues_ferry" running
tui_check "ferry_redraws_when_continued" tui_shows_all "gamma.txt" "Tab Switch"
tui_check "the_shell_text_is_gone_after_the_redraw" tui_hides "tty-ok-42"
tui_keys Down
tui_check "keys_work_after_a_suspend" tui_cursor_in left "/sub"
kill -TSTP "$(ferry_pid)"
tui_check "sigtstp_from_outside_stops_ferry" stopped
tui_check "sigtstp_gives_the_terminal_to_the_shell" tui_shows "Stopped"
tui_keys "fg" Enter
tui_check "ferry_redraws_after_sigtstp" tui_shows_all "gamma.txt" "Tab Switch"
tui_keys q
# Polled: the pid is looked up on every try, not once when the line runs
# (an ASan build takes a moment to exit after curses has ended).
ferry_gone() { [ -z "$(ferry_pid)" ]; }
tui_check "q_quits_after_a_suspend" ferry_gone
tui_keys "echo back-\$((6 * 7))" Enter
tui_check "the_shell_has_the_terminal_after_ferry" tui_shows "back-42"
tui kill-session -t ferry

tap_done
