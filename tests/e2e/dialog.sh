#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tap_ok and tap_wait_for
# tests/e2e/dialog.sh: the file manager's resume dialog, finished, driven
# through tmux: Rename opens a name box prefilled with the first free
# NAME.N, a typed name is written and the partial left alone, Esc in the
# box goes back to the choices; a tampered partial, answered Resume, brings
# the dialog back without Resume saying where it differs, and Overwrite
# gives the source's bytes; the times shown are to the second.
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
mkdir -p "$A" "$B"
tap_random "$A/a.bin" 700001		# renamed
tap_random "$A/b.bin" 900007		# tampered
head -c 300000 "$A/a.bin" >"$B/a.bin"
head -c 400000 "$A/b.bin" >"$B/b.bin"
tap_flip_byte "$B/b.bin" 1234 || tap_bail "cannot change b.bin"
touch -d "2021-03-04 05:06:07 UTC" "$A/a.bin"
A_SUM=$(tap_sha "$B/a.bin")
B_SUM=$(tap_sha "$B/b.bin")

# the_box_offers NAME: the name box is open with NAME in it.
the_box_offers() {
	tui_shows_all "Write the copy to the name:" "$1"
}

# the_dialog_lacks_resume: a dialog is open and offers no Resume.
the_dialog_lacks_resume() {
	tui_shows "[O]verwrite" && tui_hides "[R]esume"
}

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
# run ferry, then leave its exit status in a file
"$FERRY" "$1"
echo $? >"$2"
EOF
tui new-session -d -s ferry -x 120 -y 35 -c "$A" \
    sh "$TAP_TMP/run.sh" "$B" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "both_panes_are_listed" tui_shows_all "a.bin" "b.bin" "$B"

# ---------------------------------------------------------------- rename

tui_keys Down F5		# a.bin
tui_check "a_partial_target_opens_the_dialog" \
    tui_shows_all "[R]esume" "Re[n]ame" "a.bin already exists"
tui_check "the_source_time_is_shown_to_the_second" \
    tui_shows "2021-03-04 05:06:07 UTC"
# narrower than its lines: a long one is wrapped, a location cut in its
# middle, the labels kept (they used to be cut from the start: "…rget")
tui resize-window -t ferry -x 60 -y 35
narrow() {
	tui_screen | grep -q '^ *│ resume checks only the first and last' &&
	    tui_screen | grep -q '^ *│ source  /' &&
	    tui_screen | grep -q '^ *│ target  /'
}
tui_check "at_60_columns_nothing_is_cut_from_the_start" narrow
tap_not "and_nothing_of_the_evidence_lost_its_start" \
    bash -c "tmux -L '$TUI_SOCKET' capture-pane -p -t ferry | grep -q '│ …'"
tui resize-window -t ferry -x 120 -y 35
tui_check "back_at_120_columns" tui_shows "2021-03-04 05:06:07 UTC"
tui_keys n
tui_check "rename_opens_a_box_with_the_first_free_name" \
    the_box_offers "a.bin.1"
tui_keys Escape
tui_check "esc_in_the_box_goes_back_to_the_choices" \
    tui_shows_all "[R]esume" "a.bin already exists"
tui_check "and_closes_the_box" tui_hides "Write the copy to the name:"
tui_keys n
tui_check "rename_again" the_box_offers "a.bin.1"
tui_keys C-u "renamed.bin" Enter
tui_check "the_typed_name_holds_the_source" \
    cmp -s "$A/a.bin" "$B/renamed.bin"
tui_check "the_dialog_closes" tui_hides "already exists"
tap_is "the_partial_is_left_alone" "$(tap_sha "$B/a.bin")" "$A_SUM"
tap_ok "no_suggested_name_was_written" test ! -e "$B/a.bin.1"
tui_check "the_other_pane_lists_the_new_name" tui_right_shows "renamed.bin"

# ---------------------------------------------------------------- mismatch

tui_keys Down F5		# b.bin
tui_check "the_tampered_partial_first_looks_partial" \
    tui_shows_all "[R]esume" "b.bin already exists"
tui_keys r
tui_check "resume_finds_the_difference_and_asks_again_without_resume" \
    the_dialog_lacks_resume
tui_check "the_dialog_says_the_target_differs" \
    tui_shows "b.bin differs from the source"
tui_check "the_dialog_says_where" \
    tui_shows "cannot resume: the first 64.0 KiB differ at byte 1234"
tui_check "the_dialog_offers_rename_and_skip" \
    tui_shows_all "Re[n]ame" "[S]kip"
tap_is "nothing_was_written_yet" "$(tap_sha "$B/b.bin")" "$B_SUM"
tui_keys o
tui_check "overwrite_gives_the_source_bytes" cmp -s "$A/b.bin" "$B/b.bin"
tui_check "the_second_dialog_closes" tui_hides "differs from the source"

tui_keys q
tui_check "q_quits" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0

tap_done
