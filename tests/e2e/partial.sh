#!/bin/bash
# tests/e2e/partial.sh: a copy interrupted on the command line leaves a
# partial file and its resume record; the file manager marks it with '◐',
# its question cites the record and says that every byte will be checked
# against it, and resuming it clears the mark.  F5 on the partial itself
# asks before it copies an unfinished file as if it were whole, names
# where it came from, and r finishes it from there; marked with others,
# r finishes each unfinished one from its source and copies the rest; a
# directory that holds an unfinished copy, however deep, is marked too.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

command -v tmux >/dev/null || { tap_skip "tmux_is_installed" "no tmux"; tap_done; }
tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
unset TMUX TMUX_PANE
sock="ferry-partial-$$"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tap_tmux_end "$sock"; tap_cleanup' EXIT
screen() { t capture-pane -p -t p 2>/dev/null; }
shows() { screen | grep -qF -- "$1"; }
hides() { ! shows "$1"; }
has_record() { compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null; }

mkdir A B
tap_random B/big.iso 6000011
# Interrupted: SIGTERM after a second at 1 MiB/s.
(cd A && exec timeout -s TERM 1.5 "$FERRY" get -q --limit-rate 1M \
    ../B/big.iso .) </dev/null 2>/dev/null
tap_ok "the_interrupted_copy_left_a_partial" \
    test "$(tap_size A/big.iso)" -gt 0 -a "$(tap_size A/big.iso)" -lt 6000011
tap_ok "and_a_resume_record" has_record
echo "a whole file" >A/notes.txt
cp B/big.iso source.iso

t new-session -d -s p -x 110 -y 20 -c "$TAP_TMP/A" \
    "'$FERRY' '$TAP_TMP/B'; echo exit=\$?; sleep 30"
tap_ok "the_partial_is_marked_in_its_pane" tap_wait_for 10 shows "◐ big.iso"
tap_ok "the_footer_counts_it" shows "◐ 1 partial"
tap_not "the_source_is_not_marked" \
    bash -c "tmux -L '$sock' capture-pane -p -t p | grep -q '│◐'"
# F5 on the partial: asked first, as it is unfinished
t send-keys -t p Down F5
tap_ok "f5_on_the_partial_says_it_is_unfinished" \
    tap_wait_for 10 shows "◐ big.iso is an unfinished copy of"
tap_ok "and_names_where_it_came_from" shows "/B/big.iso"
tap_ok "and_offers_to_finish_it_copy_it_or_not" \
    shows "[r] finish it (resume)  [y] copy as it is  [n] do not copy"
t send-keys -t p n
tap_ok "n_copies_nothing" tap_wait_for 10 shows "nothing was copied"
tap_ok "the_source_is_untouched" cmp -s B/big.iso source.iso
# marked with a whole file: the partial can be left out
t send-keys -t p IC IC F5
tap_ok "marked_with_another_it_is_one_of_two" \
    tap_wait_for 10 shows "◐ big.iso, one of the 2 entries, is an unfinished copy:"
tap_ok "which_can_be_finished_or_left_out" \
    shows "[r] finish it  [y] copy it too  [s] leave it out  [n] copy nothing"
tap_ok "and_says_r_finishes_it_from_its_source" \
    shows "r finishes it from where its record says it came from."
t send-keys -t p s
tap_ok "s_copies_the_whole_file" tap_wait_for 10 cmp -s A/notes.txt B/notes.txt
tap_ok "and_not_the_partial" cmp -s B/big.iso source.iso
tap_ok "nor_asks_about_it" hides "already exists"
t send-keys -t p Tab Down F5
tap_ok "copying_onto_it_asks" tap_wait_for 10 shows "[R]esume"
tap_ok "the_question_cites_the_record" \
    shows "resume record: same source size and time"
tap_ok "the_question_says_resume_checks_every_byte_against_it" \
    shows "resume checks every byte against the resume record (1 chunk)"
t send-keys -t p r
tap_ok "resuming_completes_the_file" \
    tap_wait_for 20 cmp -s A/big.iso B/big.iso
tap_ok "the_mark_is_gone_after_the_copy" tap_wait_for 10 hides "◐"
tap_not "and_so_is_the_record" has_record
# Cut off again: F5 on the partial now names where it came from (its
# record's source) and r finishes it from there.
(cd A && exec timeout -s TERM 1.5 "$FERRY" get -q --limit-rate 1M \
    ../B/big.iso again.iso) </dev/null 2>/dev/null
tap_ok "another_cut_copy_left_a_partial" \
    test "$(tap_size A/again.iso)" -lt 6000011
t send-keys -t p Tab C-r
tap_ok "it_is_marked" tap_wait_for 10 shows "◐ again.iso"
t send-keys -t p Home Down F5
tap_ok "f5_on_it_names_its_source" \
    tap_wait_for 10 shows "◐ again.iso is an unfinished copy of"
tap_ok "which_is_the_file_it_came_from" shows "/B/big.iso"
tap_ok "and_offers_to_finish_it" \
    shows "[r] finish it (resume)  [y] copy as it is  [n] do not copy"
t send-keys -t p r
tap_ok "r_finishes_it" tap_wait_for 20 cmp -s A/again.iso B/big.iso
tap_ok "as_a_resume" tap_wait_for 10 shows "big.iso: 1 resumed"
queue_says() { screen | grep -q "^ $1  *[↓↑] $2"; }
t send-keys -t p F2
tap_ok "the_queue_says_it_was_resumed" tap_wait_for 10 queue_says resumed big.iso
t send-keys -t p F2
tap_ok "f2_closes_the_queue" tap_wait_for 10 hides "Transfer queue:"
tap_ok "its_mark_is_gone" tap_wait_for 10 hides "◐"
tap_ok "the_source_is_still_untouched" cmp -s B/big.iso source.iso
# Two cut copies marked with a whole file: r finishes both from where
# they came from and copies the whole one.
for n in one two; do
	(cd A && exec timeout -s TERM 1.5 "$FERRY" get -q --limit-rate 1M \
	    ../B/big.iso $n.iso) </dev/null 2>/dev/null
done
tap_ok "two_more_cut_copies" \
    test "$(tap_size A/one.iso)" -lt 6000011 -a "$(tap_size A/two.iso)" -lt 6000011
echo "a whole one" >A/extra.txt
t send-keys -t p C-r
tap_ok "both_are_marked_partial" tap_wait_for 10 shows "◐ two.iso"
# /.., again.iso, big.iso, extra.txt, notes.txt, one.iso, two.iso
t send-keys -t p Home Down Down Down IC Down IC IC F5
tap_ok "f5_counts_two_unfinished_of_three" \
    tap_wait_for 10 shows "◐ 2 of the 3 entries are unfinished copies:"
tap_ok "and_says_r_finishes_each_from_its_source" \
    shows "r finishes each from where its record says it came from."
tap_ok "and_offers_it" \
    shows "[r] finish them  [y] copy them too  [s] leave them out  [n] copy nothing"
t send-keys -t p r
tap_ok "r_finishes_the_first" tap_wait_for 20 cmp -s A/one.iso B/big.iso
tap_ok "and_the_second" tap_wait_for 20 cmp -s A/two.iso B/big.iso
tap_ok "and_copies_the_whole_one" tap_wait_for 10 cmp -s A/extra.txt B/extra.txt
# (the whole one's copy is a batch of its own, whose line may come last:
# the messages keep both)
t send-keys -t p L
tap_ok "the_two_as_resumes" tap_wait_for 10 shows "big.iso: 2 resumed"
t send-keys -t p Escape
tap_ok "the_messages_close" tap_wait_for 10 hides "Messages"
tap_ok "no_partial_is_left" tap_wait_for 10 hides "◐"
tap_not "nor_a_record" has_record
tap_ok "the_source_is_untouched_again" cmp -s B/big.iso source.iso
# A directory that holds an unfinished copy, however deep, is marked too.
mkdir -p A/sub/deeper
(cd A/sub/deeper && exec timeout -s TERM 1.5 "$FERRY" get -q \
    --limit-rate 1M ../../../B/big.iso deep.iso) </dev/null 2>/dev/null
tap_ok "a_cut_copy_two_levels_down" \
    test "$(tap_size A/sub/deeper/deep.iso)" -lt 6000011
t send-keys -t p C-r
tap_ok "the_directory_that_holds_it_is_marked" tap_wait_for 10 shows "◐/sub"
tap_not "its_files_are_not_counted_as_partial_here" shows "◐ 1 partial"
t send-keys -t p Home Down F5
tap_ok "f5_on_it_says_what_it_holds" \
    tap_wait_for 10 shows "◐ sub holds 1 unfinished copy:"
tap_ok "and_asks_first" shows "[y] copy all as it is  [n] copy nothing"
t send-keys -t p n
tap_ok "n_copies_nothing_of_it" tap_wait_for 10 shows "nothing was copied"
tap_not "nothing_went" test -e B/sub
tap_exit_is "finished_on_the_command_line" 0 \
    "$FERRY" -q get --resume B/big.iso A/sub/deeper/deep.iso
t send-keys -t p C-r
tap_ok "the_mark_goes_with_it" tap_wait_for 10 hides "◐/sub"
t send-keys -t p q
tap_ok "q_quits" tap_wait_for 10 shows "exit=0"

tap_done
