#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/find.sh: finding and ordering in the file manager, driven
# through tmux in a directory of 5,000 entries:
# - quick search (Ctrl-S, then letters) lands on the right name, Ctrl-S
#   again on the next, Esc ends it and letters are commands again;
# - the / filter narrows as one types, Enter keeps it (shown in the footer)
#   with the cursor on the first match, Esc clears it; marks and F5 act on
#   the entries shown only;
# - + and - mark and unmark the files matching a pattern, * inverts; =
#   compares the panes and marks what the other side lacks;
# - sort by size puts the largest first, reverse turns it round, the
#   header shows the sort; '.' hides and shows names starting with '.';
# - the info line: exact size in bytes, permissions, owner, full name;
# - at 80 columns the time column stays and a long name is cut in the
#   middle;
# - under LC_ALL=C, UTF-8 and control bytes of names show as \xNN and the
#   partial mark is '%';
# - NO_COLOR=1 leaves no colour on the screen; the default has colours.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_require

tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=

A=$TAP_TMP/A
B=$TAP_TMP/B
mkdir -p "$A" "$B"
(cd "$A" && for i in $(seq -w 1 5000); do : >"file-0$i.dat"; done)
echo "a little" >"$A/file-00003.dat"
tap_random "$A/huge.bin" 300000
chmod 640 "$A/huge.bin"
echo z >"$A/Zebra-target.txt"
echo z >"$A/zz-zebra-second.txt"
echo h >"$A/.hidden-file"
LONG=a-long-name-cut-in-the-middle-here.tar.gz
echo l >"$A/$LONG"
ENTRIES=$(find "$A" -mindepth 1 | wc -l)
OWNER=$(id -un)

# ---------------------------------------------------------------- helpers

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
# run.sh STATUS ARGS...: ferry ARGS, its exit status into STATUS.
status=$1
shift
"$FERRY" "$@"
echo $? >"$status"
EOF

# start DIR WIDTH ENV...: ferry in DIR with B on the right, in a fresh
# session WIDTH columns wide, with the environment ENV (NAME=VALUE...).
start() {
	local dir=$1 width=$2
	shift 2
	tui kill-session -t ferry >/dev/null 2>&1
	rm -f "$TAP_TMP/status"
	tui new-session -d -s ferry -x "$width" -y 30 -c "$dir" \
	    env "$@" sh "$TAP_TMP/run.sh" "$TAP_TMP/status" "$B" ||
	    tap_bail "cannot start tmux"
}

# footer_says TEXT: the left pane's footer (the line above the info line)
# holds TEXT.
footer_says() {
	tui_screen | sed -n '27p' | grep -qF -- "$1"
}

# info_says TEXT...: the info line (below the panes) holds every TEXT.
info_says() {
	local t line
	line=$(tui_screen | sed -n '28p')
	for t in "$@"; do
		printf '%s\n' "$line" | grep -qF -- "$t" || return 1
	done
}

# first_file_is NAME: the first row after "/.." in the left pane is NAME.
first_file_is() {
	tui_screen | sed -n '4p' | grep -qE "^ +$1 "
}

# Colour escapes (foreground, background, 256 and direct colours) in the
# screen as tmux captures it with attributes.
has_colour() {
	tui capture-pane -p -e -t ferry |
	    grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|38|48|9[0-7]|10[0-7])[;m]'
}

# ---------------------------------------------------------------- search

start "$A" 120 NO_COLOR=
tui_check "a_pane_of_5000_entries_is_listed" \
    footer_says "$ENTRIES entries"

tui_keys C-s
tui_keys -l file-04321
tui_check "quick_search_lands_on_the_name_typed" \
    tui_cursor_in left "file-04321.dat"
tui_check "the_search_is_shown_on_the_bottom_line" tui_shows "file-04321"
tui_keys BSpace BSpace
tui_keys -l 99
tui_check "backspace_and_more_letters_search_again" \
    tui_cursor_in left "file-04399.dat"
tui_keys Escape C-s
tui_keys -l ZEB
tui_check "quick_search_ignores_case" \
    tui_cursor_in left "Zebra-target.txt"
tui_keys C-s
tui_check "ctrl_s_again_goes_to_the_next_match" \
    tui_cursor_in left "zz-zebra-second.txt"
tui_keys -l x
tui_check "a_letter_that_matches_nothing_is_not_taken" \
    tui_cursor_in left "zz-zebra-second.txt"
tui_keys Up
tui_check "a_movement_key_ends_the_search_and_moves" \
    tui_cursor_in left "huge.bin"
tui_check "the_search_line_is_gone" tui_hides "Search:"

# ---------------------------------------------------------------- filter

tui_keys /
tui_keys -l 0432
tui_check "the_filter_narrows_the_pane_as_one_types" \
    footer_says "filter: 0432, 11 of $ENTRIES entries"
tui_check "the_filtered_pane_shows_the_matches" \
    tui_shows_all "file-00432.dat" "file-04329.dat"
tui_check "and_only_them" tui_hides "file-04331.dat"
tui_keys Enter
tui_check "enter_keeps_the_filter_with_the_cursor_on_the_first_match" \
    tui_cursor_in left "file-00432.dat"
tui_check "the_footer_shows_the_filter_kept" footer_says "filter: 0432"
tui_keys /
tui_check "slash_again_edits_the_filter_kept" tui_shows "Filter: 0432"
tui_keys Escape
tui_check "esc_clears_the_filter" footer_says "$ENTRIES entries"
tui_hides "filter: 0432" || tap_diag "the filter still shows"

# Marks: two files marked under one filter; another filter shows one of
# them; F5 copies that one only.
tui_keys /
tui_keys -l file-0000
tui_keys Enter
tui_check "a_filter_for_the_marks" footer_says "9 of $ENTRIES entries"
tui_keys IC IC
tui_check "two_entries_are_marked" footer_says "2 marked"
tui_keys /
tui_keys C-u
tui_keys -l file-00002
tui_keys Enter
tui_check "a_mark_the_filter_hides_does_not_count" footer_says "1 marked"
tui_keys F5
tui_check "f5_copies_the_marked_entry_shown" test -e "$B/file-00002.dat"
tap_not "and_not_the_marked_entry_hidden" test -e "$B/file-00001.dat"
tui_keys /
tui_keys Escape
tui_check "the_mark_hidden_is_kept_for_when_it_shows_again" \
    footer_says "1 marked"
tui_keys C-s
tui_keys -l file-00001
tui_keys Escape IC
tui_check "insert_unmarks_it" footer_says "$ENTRIES entries"

# Marks by a pattern: + marks the files that match (a glob or a part of
# the name, as the filter), * inverts the marks of the files, - unmarks;
# F5 then copies what + marked.
tui_keys +
tui_check "plus_asks_for_a_pattern" tui_shows "Mark the files matching"
tui_keys -l '*.TXT'
tui_keys Enter
tui_check "plus_marks_the_files_that_match" footer_says "2 marked, 4 B"
tui_check "and_says_how_many" tui_shows "2 marks changed, 2 marked"
tui_keys '*'
tui_check "star_inverts_the_marks" footer_says "$((ENTRIES - 2)) marked"
tui_keys -
tui_keys Enter
tui_check "minus_with_nothing_typed_unmarks_every_file" \
    footer_says "$ENTRIES entries"
tui_keys +
tui_keys -l zebra
tui_keys Enter
tui_check "a_part_of_the_name_marks_too" footer_says "2 marked"
tui_keys -
tui_keys -l 'zz*'
tui_keys Enter
tui_check "minus_unmarks_what_matches" footer_says "1 marked"
tui_keys F5
tui_check "f5_copies_what_plus_marked" test -e "$B/Zebra-target.txt"
tap_not "and_not_what_minus_unmarked" test -e "$B/zz-zebra-second.txt"
tui_keys -
tui_keys Enter

# ---------------------------------------------------------------- sort

tui_keys s
tui_check "s_opens_the_sort_menu" tui_shows "Sort by:"
tui_keys s
tui_check "the_header_shows_the_sort_by_size" tui_shows "[size]"
tui_check "sort_by_size_puts_the_largest_first" first_file_is huge.bin
tui_keys Home Down
tui_check "the_info_line_shows_the_exact_size_permissions_and_owner" \
    info_says "-rw-r-----" "$OWNER" "300000 bytes" "huge.bin"
tui_keys s r Home
tui_check "reverse_turns_the_order_round" tui_shows "[size, reversed]"
tui_check "the_smallest_come_first_ties_reversed_too" \
    first_file_is file-05000.dat
tui_keys End
tui_check "the_cursor_at_the_end_is_on_the_largest" \
    tui_cursor_in left "huge.bin"
tui_keys s n Home
tui_check "sort_by_name_again" first_file_is .hidden-file

# ---------------------------------------------------------------- hidden

tui_keys .
tui_check "dot_hides_names_starting_with_a_dot" tui_hides ".hidden-file"
tui_check "the_footer_counts_what_is_shown" \
    footer_says "$((ENTRIES - 1)) of $ENTRIES entries"
tui_keys .
tui_check "dot_again_shows_them" first_file_is .hidden-file

# ---------------------------------------------------------------- 80 cols

tui resize-window -t ferry -x 80 -y 30
tui_keys /
tui_keys -l long-name
tui_keys Enter
tui_check "at_80_columns_the_time_column_stays" \
    tui_shows_all "Modified" "$(date +%m-%d)"
tui_check "a_long_name_is_cut_in_the_middle" \
    bash -c "tmux -L '$TUI_SOCKET' capture-pane -p -t ferry |
	grep -qE '^ +a-long.*….*\.gz'"
tui_check "the_info_line_has_the_full_name" info_says "$LONG"

tui_keys q
tui_check "q_quits_once_the_filter_is_typed" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

# ---------------------------------------------------------------- colours

start "$A" 120 NO_COLOR=
tui_check "by_default_the_screen_has_colours" has_colour
start "$A" 120 NO_COLOR=1
tui_check "no_color_lists_the_directory" footer_says "$ENTRIES entries"
tap_not "no_color_leaves_no_colour_on_the_screen" has_colour
tui_check "the_cursor_is_still_shown_in_reverse" tui_cursor_in left "/.."

# ---------------------------------------------------------------- LC_ALL=C

C=$TAP_TMP/C
mkdir -p "$C"
echo u >"$C/caf"$'\xc3\xa9'"-utf8"
echo c >"$C/ctl"$'\x01'"byte"
tap_random "$B/big.iso" 3000011
# Interrupted: SIGTERM after a second at 1 MiB/s leaves a partial and its
# resume record.
(cd "$C" && exec timeout -s TERM 1.5 "$FERRY" get -q --limit-rate 1M \
    ../B/big.iso .) </dev/null 2>/dev/null
tap_ok "an_interrupted_copy_left_a_partial" \
    test "$(tap_size "$C/big.iso")" -lt 3000011
start "$C" 120 LC_ALL=C
tui_check "under_lc_all_c_utf8_bytes_show_as_escapes" \
    tui_shows 'caf\xc3\xa9-utf8'
tui_check "a_control_byte_shows_as_an_escape" tui_shows 'ctl\x01byte'
tap_not "no_name_shows_question_marks" tui_shows "??"
tui_check "the_partial_mark_is_ascii" tui_shows "% big.iso"
tui_check "the_footer_uses_the_same_mark" tui_shows "% 1 partial"
tui_keys q
tui_check "q_quits_under_lc_all_c" tui_gone

# ---------------------------------------------------------------- compare

# = compares the panes (C on the left, B on the right): each marks what
# the other lacks; the source of the partial copy is marked on the right
# (resume it), the partial itself not; a file of the same size and time
# on both sides is not marked.
echo same >"$C/same.txt"
cp -p "$C/same.txt" "$B/same.txt"

# side_has left|right REGEX: a row of that pane matches REGEX (a row
# starts with the mark column).
side_has() {
	tui_screen | awk -F'│' -v f=$([ "$1" = left ] && echo 1 || echo 2) \
	    '{ print $f }' | grep -qE -- "$2"
}

start "$C" 120 LC_ALL=C.UTF-8
tui_check "c_and_b_are_listed" tui_shows_all "caf" "same.txt"
tui_keys =
tui_check "equals_says_what_it_marked" \
    tui_shows "compared: marked 2 on the left"
tui_check "the_left_marks_its_files_missing_on_the_right" \
    side_has left '^\* ctl'
tui_check "both_of_them" side_has left '^\* caf'
tap_not "the_partial_copy_is_not_marked" side_has left '^\* big\.iso'
tui_check "the_right_marks_the_source_of_the_partial" \
    side_has right '^\* big\.iso '
tui_check "and_what_the_left_lacks" side_has right '^\* Zebra-target\.txt '
tap_not "a_file_the_same_on_both_sides_is_not_marked" \
    side_has right '^\* same\.txt'
tap_not "nor_on_the_left" side_has left '^\* same\.txt'
tui_keys q
tui_check "q_quits_after_comparing" tui_gone

tap_done
