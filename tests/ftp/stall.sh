#!/bin/bash
# tests/ftp/stall.sh: a server that trickles (tests/lib/ftpfake.py
# --trickle: a little at full speed, then 100 bytes a second) never
# trips the idle timeout, since bytes keep coming.  The low-speed limit
# (default 1k a second over the idle timeout; --speed-limit and
# --speed-time change it) counts it as a cut: ferry reconnects and
# resumes within --retries, and when the budget is spent exits 4 with the
# partial kept (a prefix of the source, resumable).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpfake.sh"

command -v python3 >/dev/null || { tap_skip "stall" "no python3"; tap_done; }
tap_sandbox
mkdir -p "$FAKE_ROOT"
tap_random "$FAKE_ROOT/f.bin" 100000
SRC=$FAKE_ROOT/f.bin

# every RETR trickles: the retry budget runs out
fake_start --trickle 2000:100
t0=$(date +%s)
tap_exit_is "a_trickling_server_exits_4_once_the_retries_are_spent" 4 \
    "$FERRY" -q --timeout 5 --retries 1 get "$FAKE_URL/f.bin" all.bin
secs=$(($(date +%s) - t0))
tap_ok "the_stall_was_noticed_within_bounds_(${secs}s)" test "$secs" -le 90
err=$(cat "$TAP_ERR")
tap_like "the_message_says_the_transfer_stalled" "$err" \
    "less than 1024 bytes a second for [0-9]+ s: stalled"
tap_like "the_stall_was_retried_once" "$err" "retrying in 1 s \(1 of 1\)"
tap_like "the_message_says_what_the_target_keeps" "$err" \
    "the target keeps its first"
tap_ok "the_partial_is_kept" test -s all.bin
tap_prefix "the_partial_is_a_prefix_of_the_source" all.bin "$SRC"
tap_ok "the_file_was_asked_for_again_after_the_stall" \
    test "$(grep -c "^RETR" "$FAKE_LOG")" -ge 2

# only the first RETR trickles: the retry resumes and completes
fake_start --trickle 2000:100:1
tap_exit_is "a_stall_then_a_good_connection_completes_the_copy" 0 \
    "$FERRY" -q -v --speed-time 2 get "$FAKE_URL/f.bin" once.bin
tap_same_file "the_resumed_copy_is_whole" "$SRC" once.bin
tap_like "the_stall_was_told_and_retried" "$(cat "$TAP_ERR")" \
    "stalled .*retrying in 1 s"
tap_like "the_retry_resumed_after_checking_the_overlap" "$(cat "$TAP_ERR")" \
    "resuming at byte [0-9,]+ \(checked"

# --speed-limit 0: no limit, a slow copy goes on to the end
head -c 2500 "$SRC" >"$FAKE_ROOT/small.bin"
fake_start --trickle 2000:100
tap_exit_is "speed_limit_0_lets_a_slow_copy_finish" 0 \
    "$FERRY" -q --timeout 2 --speed-limit 0 get "$FAKE_URL/small.bin" small.bin
tap_same_file "the_slow_copy_is_whole" "$FAKE_ROOT/small.bin" small.bin
tap_not "no_stall_was_told_with_speed_limit_0" grep -q "stalled" "$TAP_ERR"

# a lower limit lets the same trickle through
fake_start --trickle 2000:100
tap_exit_is "a_speed_limit_below_the_trickle_lets_it_finish" 0 \
    "$FERRY" -q --speed-limit 50 --speed-time 2 get "$FAKE_URL/small.bin" \
    small2.bin
tap_same_file "the_copy_under_a_low_limit_is_whole" "$FAKE_ROOT/small.bin" \
    small2.bin
fake_stop

tap_done
