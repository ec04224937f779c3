#!/bin/bash
# tests/e2e/prompt.sh: the one-shot command on a terminal (tmux) asks what
# to do with an existing target, shows the evidence, and does what the
# answer says.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

command -v tmux >/dev/null || { tap_skip "tmux_is_installed" "no tmux"; tap_done; }
tap_sandbox

n=0
sock="ferry-prompt-$$-$n"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null; tap_cleanup' EXIT

screen() { t capture-pane -p -t p 2>/dev/null; }
shows() { screen | grep -qF -- "$1"; }
# run CMD in a fresh tmux window "p" whose shell reports the exit status.
run() {
	t kill-server 2>/dev/null
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
tap_ok "it_offers_overwrite" shows "[o]verwrite"
tap_ok "it_offers_skip" shows "[s]kip"
tap_ok "it_offers_rename" shows "Re[n]ame"
t send-keys -t p r Enter
tap_ok "answering_r_resumes_and_exits_0" tap_wait_for 20 shows "exit=0"
tap_ok "the_resumed_file_equals_the_source" cmp src.bin part.bin

printf 'different' >other.bin
run "'$FERRY' get src.bin other.bin"
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

tap_done
