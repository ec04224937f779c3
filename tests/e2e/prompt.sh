#!/bin/bash
# tests/e2e/prompt.sh: the one-shot command on a terminal (tmux) asks what
# to do with an existing target, shows the evidence, and does what the
# answer says; Rename asks for a name (Enter: the first free NAME.N); a
# partial whose check fails is asked about again, without Resume, saying
# what differs; with several sources an answer for all holds for the
# later ones.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

command -v tmux >/dev/null || { tap_skip "tmux_is_installed" "no tmux"; tap_done; }
tap_sandbox

n=0
sock="ferry-prompt-$$-$n"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tap_tmux_end "$sock"; tap_cleanup' EXIT

screen() { t capture-pane -p -t p 2>/dev/null; }
shows() { screen | grep -qF -- "$1"; }
not_shows() { ! shows "$1"; }
shows_all() {
	local x
	for x in "$@"; do shows "$x" || return 1; done
}
# last_choices_lack TEXT: the last line of choices does not offer TEXT.
last_choices_lack() {
	local last
	last=$(screen | grep -F "capital letter" | tail -1)
	[ -n "$last" ] && [ "${last#*"$1"}" = "$last" ]
}
# run CMD in a fresh tmux window "p" whose shell reports the exit status.
run() {
	tap_tmux_end "$sock"
	n=$((n + 1))
	sock="ferry-prompt-$$-$n"	# a new server: no race with the old one
	t new-session -d -s p -x 150 -y 40 \
	    "cd '$TAP_TMP' && $*; echo \"exit=\$?\"; sleep 30"
}

tap_random src.bin 3000017
head -c 1000000 src.bin >part.bin

run "'$FERRY' get src.bin part.bin"
tap_ok "the_question_appears_on_a_terminal" tap_wait_for 10 shows "[r]esume"
tap_ok "it_names_the_target" shows "part.bin already exists"
tap_ok "it_shows_the_source_size_in_bytes" shows "3000017 bytes"
tap_ok "it_shows_the_target_size_in_bytes" shows "1000000 bytes"
tap_ok "it_says_the_target_looks_partial" shows "looks partial (33.3 %)"
tap_ok "it_says_resume_checks_only_the_windows_without_a_record" \
    shows "resume checks only the first and last 64.0 KiB: no resume record"
tap_ok "it_offers_overwrite" shows "[o]verwrite"
tap_ok "it_offers_skip" shows "[s]kip"
tap_ok "it_offers_rename" shows "Re[n]ame"
t send-keys -t p r Enter
tap_ok "answering_r_resumes_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "the_resumed_file_equals_the_source" cmp src.bin part.bin

printf 'different' >other.bin
run "'$FERRY' get src.bin other.bin"
# the first server is gone with its socket (tmux 3.3 leaves it behind)
tap_ok "an_ended_tmux_server_leaves_no_socket" \
    test ! -e "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/ferry-prompt-$$-1"
tap_ok "a_non_partial_target_asks_too" tap_wait_for 10 shows "[o]verwrite"
t send-keys -t p s Enter
tap_ok "answering_s_skips_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_is "the_skipped_target_is_unchanged" "$(cat other.bin)" "different"

run "'$FERRY' get src.bin other.bin"
tap_ok "the_question_comes_again" tap_wait_for 10 shows "[o]verwrite"
t send-keys -t p c Enter
tap_ok "answering_c_cancels_with_a_failure_status" \
    tap_wait_for 20 shows "exit=4"
tap_is "the_cancelled_target_is_unchanged" "$(cat other.bin)" "different"

run "'$FERRY' get src.bin other.bin"
tap_ok "the_question_comes_once_more" tap_wait_for 10 shows "[o]verwrite"
t send-keys -t p o Enter
tap_ok "answering_o_overwrites_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "the_overwritten_file_equals_the_source" cmp src.bin other.bin


# ---------------------------------------------------------------- rename
head -c 1000000 src.bin >ren.bin
ren_sum=$(tap_sha ren.bin)
run "'$FERRY' get src.bin ren.bin"
tap_ok "rename_question_appears" tap_wait_for 10 shows "Re[n]ame"
t send-keys -t p n Enter
tap_ok "rename_asks_for_a_name_suggesting_name_1" \
    tap_wait_for 10 shows "Rename to (Enter: ren.bin.1)?"
t send-keys -t p "my copy.bin" Enter
tap_ok "a_typed_name_is_written_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "the_typed_name_holds_the_source" cmp src.bin "my copy.bin"
tap_is "the_partial_is_left_alone" "$(tap_sha ren.bin)" "$ren_sum"
tap_ok "no_suggested_name_was_written" test ! -e ren.bin.1

run "'$FERRY' get src.bin ren.bin"
tap_ok "rename_again" tap_wait_for 10 shows "Re[n]ame"
t send-keys -t p n Enter
tap_ok "the_name_question_comes" tap_wait_for 10 shows "Rename to (Enter:"
t send-keys -t p Enter
tap_ok "enter_takes_the_suggestion_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "the_suggested_name_holds_the_source" cmp src.bin ren.bin.1

run "'$FERRY' get src.bin ren.bin"
tap_ok "rename_once_more" tap_wait_for 10 shows "Re[n]ame"
t send-keys -t p n Enter
tap_ok "the_suggestion_skips_the_taken_name" \
    tap_wait_for 10 shows "Rename to (Enter: ren.bin.2)?"
t send-keys -t p "my copy.bin" Enter
tap_ok "a_typed_name_that_exists_fails_with_status_3" \
    tap_wait_for 20 shows "exit=3"
tap_ok "and_says_so" shows "my copy.bin exists"
tap_is "the_partial_is_still_alone" "$(tap_sha ren.bin)" "$ren_sum"

# ---------------------------------------------------------------- mismatch
head -c 1000000 src.bin >bad.bin
tap_flip_byte bad.bin 1234 || tap_bail "cannot change bad.bin"
run "'$FERRY' get --resume src.bin bad.bin"
tap_ok "a_tampered_partial_asks_on_a_terminal" \
    tap_wait_for 10 shows "[o]verwrite"
tap_ok "it_says_what_differs" \
    shows "cannot resume: the first 64.0 KiB differ at byte 1234"
tap_ok "it_offers_no_resume" not_shows "[r]esume"
tap_ok "it_offers_rename_and_skip" shows_all "Re[n]ame" "[s]kip"
t send-keys -t p o Enter
tap_ok "overwrite_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "overwrite_gives_the_source_bytes" cmp src.bin bad.bin

head -c 1000000 src.bin >bad.bin
tap_flip_byte bad.bin 999999 || tap_bail "cannot change bad.bin"
bad_sum=$(tap_sha bad.bin)
run "'$FERRY' get src.bin bad.bin"
tap_ok "asked_first_with_resume_on_offer" tap_wait_for 10 shows "[r]esume"
t send-keys -t p r Enter
tap_ok "resume_finds_the_difference_and_asks_again" \
    tap_wait_for 10 shows "the 64.0 KiB before byte 1000000 differ at byte 999999"
tap_ok "the_second_question_offers_no_resume" last_choices_lack "[r]esume"
t send-keys -t p s Enter
tap_ok "skip_exits_0" tap_wait_for 20 shows "exit=0"
tap_is "skip_leaves_the_tampered_partial" "$(tap_sha bad.bin)" "$bad_sum"

# Several sources: an answer for all the rest (a capital letter) holds
# for the later sources too, which are not asked about.
mkdir -p two
echo "kept 1" >two/a.txt
echo "kept 2" >two/b.txt
echo "new 1" >a.txt
echo "new 2" >b.txt
run "'$FERRY' -q get a.txt b.txt two"
tap_ok "several_sources_ask_about_the_first" \
    tap_wait_for 10 shows "a.txt already exists"
t send-keys -t p S Enter
tap_ok "skip_for_all_exits_0" tap_wait_for 20 shows "exit=0"
tap_not "the_second_is_not_asked_about" shows "b.txt already exists"
tap_is "the_first_is_kept" "$(cat two/a.txt)" "kept 1"
tap_is "and_so_is_the_second" "$(cat two/b.txt)" "kept 2"

run "'$FERRY' -q get --resume src.bin bad.bin </dev/null"
tap_ok "without_a_terminal_a_tampered_partial_exits_5" \
    tap_wait_for 20 shows "exit=5"
tap_is "and_is_left_as_it_was" "$(tap_sha bad.bin)" "$bad_sum"

tap_done
