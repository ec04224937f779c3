#!/bin/bash
# tests/cli/times.sh: local copies keep the source's modification time:
# get and put, a resume that completes, -r (files and directories);
# --no-preserve-time leaves the copy the time it was written.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/times.sh"

tap_sandbox

tap_random src.bin 100000
times_set src.bin "$TIMES_T"

tap_exit_is "get_exits_0" 0 "$FERRY" -q get src.bin got.bin
times_same "get_keeps_the_modification_time" src.bin got.bin
tap_exit_is "put_exits_0" 0 "$FERRY" -q put src.bin put.bin
times_same "put_keeps_the_modification_time" src.bin put.bin

tap_exit_is "get_with_no_preserve_time_exits_0" 0 \
    "$FERRY" -q --no-preserve-time get src.bin now.bin
tap_same_file "get_with_no_preserve_time_copies_the_bytes" src.bin now.bin
times_recent "get_with_no_preserve_time_leaves_the_time_of_the_copy" now.bin

head -c 40000 src.bin >part.bin
tap_exit_is "a_resume_exits_0" 0 "$FERRY" -q -c get src.bin part.bin
tap_same_file "a_resume_completes_the_file" src.bin part.bin
times_same "a_resume_that_completes_keeps_the_modification_time" \
    src.bin part.bin

# a copy stopped part-way (SIGTERM) keeps its own time
tap_random big.bin $((4 * 1024 * 1024))
times_set big.bin "$TIMES_T"
tap_bg "$FERRY" -q --limit-rate 256k get big.bin cut.bin
tap_wait_for 10 test -s cut.bin
kill -TERM "$TAP_BG" 2>/dev/null
tap_reap "$TAP_BG" 10
tap_ok "a_stopped_copy_exits_non_zero" test "$TAP_BG_STATUS" -ne 0
tap_prefix "a_stopped_copy_leaves_a_prefix" cut.bin big.bin
times_recent "a_stopped_copy_keeps_its_own_time" cut.bin

times_tree tree
tap_exit_is "get_r_exits_0" 0 "$FERRY" -q -r get tree dl
tap_ok "get_r_copies_the_tree" diff -r tree dl
times_tree_same "get_r_keeps_the_times_of_files_and_directories" tree dl
tap_exit_is "put_r_with_no_preserve_time_exits_0" 0 \
    "$FERRY" -q -r --no-preserve-time put tree up
times_recent "put_r_with_no_preserve_time_leaves_files_the_time_of_the_copy" \
    up/sub/deeper/c.bin
tap_done
