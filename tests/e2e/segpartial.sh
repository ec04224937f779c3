#!/bin/bash
# tests/e2e/segpartial.sh: a segmented download (get --segments 4 over
# SFTP) killed on the command line leaves TARGET.ferry-part and its
# record; the file manager marks the partial with '◐', copying the file
# onto its pane asks, the question says that resuming checks every byte
# of its segments, and Resume completes the file byte for byte (no partial,
# no record left).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/sshd.sh"

command -v tmux >/dev/null || { tap_skip "tmux_is_installed" "no tmux"; tap_done; }
tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
unset TMUX TMUX_PANE
sock="ferry-segpartial-$$"
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tap_tmux_end "$sock"; tap_cleanup' EXIT
screen() { t capture-pane -p -t p 2>/dev/null; }
shows() { screen | grep -qF -- "$1"; }
hides() { ! shows "$1"; }
has_record() { compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null; }
MiB=$((1024 * 1024))

sshd_setup "segmented_partial_in_the_file_manager"
mkdir -p "$SSHD_HOME/seg" A
tap_random "$SSHD_HOME/seg/big.bin" $((40 * MiB + 7))

# two_segments_confirmed: the record confirms bytes in 2 segments or more
two_segments_confirmed() {
	awk '$1 == "segment" && $5 > $3 + 1048576 { n++ }
	    END { exit !(n >= 2) }' "$XDG_STATE_HOME"/ferry/*.rec
}

tap_bg "$FERRY" -q --segments 4 --limit-rate 4M \
    get "$SSHD_URL/seg/big.bin" A/
tap_ok "the_segmented_get_confirms_bytes_in_2_segments" \
    tap_wait_for 30 two_segments_confirmed
tap_kill "$TAP_BG"
tap_ok "the_killed_get_left_its_partial_beside_the_target" \
    test -f A/big.bin.ferry-part -a ! -e A/big.bin

t new-session -d -s p -x 140 -y 24 -c "$TAP_TMP/A" \
    "'$FERRY' '$SSHD_URL/seg/'; echo exit=\$?; sleep 30"
tap_ok "the_partial_is_marked_in_its_pane" \
    tap_wait_for 10 shows "◐ big.bin.ferry-part"
t send-keys -t p Tab
tap_ok "the_remote_pane_lists_the_source" tap_wait_for 10 shows "big.bin "
t send-keys -t p Down F5
tap_ok "copying_onto_it_asks" tap_wait_for 10 shows "[R]esume"
tap_ok "the_question_says_where_resume_checks" \
    shows "every byte of its 4 segments against the resume record"
t send-keys -t p r
tap_ok "resuming_completes_the_file" \
    tap_wait_for 30 cmp -s A/big.bin "$SSHD_HOME/seg/big.bin"
tap_ok "the_partial_is_gone" tap_wait_for 10 test ! -e A/big.bin.ferry-part
tap_not "and_so_is_the_record" has_record
t send-keys -t p q
tap_ok "q_quits" tap_wait_for 10 shows "exit=0"

tap_done
