#!/bin/bash
# tests/sftp/times.sh: copies to and from a real OpenSSH sshd keep the
# source's modification time (SETSTAT after the copy): get, put, -r both
# ways (files and directories); --no-preserve-time sends no SETSTAT and
# leaves the copy the time it was written.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"
. "$srcdir/tests/lib/times.sh"

tap_sandbox
sshd_setup "sftp_times"
R=$SSHD_HOME			# what the server shows as the login dir

tap_random "$R/remote.bin" 300000
times_set "$R/remote.bin" "$TIMES_T"
tap_exit_is "get_exits_0" 0 "$FERRY" -q get "$(sshd_url remote.bin)" got.bin
tap_same_file "get_copies_the_bytes" "$R/remote.bin" got.bin
times_same "get_keeps_the_modification_time" "$R/remote.bin" got.bin

tap_random local.bin 300000
times_set local.bin $((TIMES_T + 7))
tap_exit_is "put_exits_0" 0 "$FERRY" -v -q put local.bin "$(sshd_url up.bin)"
tap_same_file "put_copies_the_bytes" local.bin "$R/up.bin"
times_same "put_keeps_the_modification_time" local.bin "$R/up.bin"
tap_ok "put_sets_the_time_with_setstat" grep -q "SFTP: setstat mtime" "$TAP_ERR"

tap_exit_is "put_with_no_preserve_time_exits_0" 0 \
    "$FERRY" -v -q --no-preserve-time put local.bin "$(sshd_url now.bin)"
times_recent "put_with_no_preserve_time_leaves_the_time_of_the_copy" \
    "$R/now.bin"
tap_not "put_with_no_preserve_time_sends_no_setstat" \
    grep -q "SFTP: setstat" "$TAP_ERR"

head -c 100000 "$R/remote.bin" >part.bin
tap_exit_is "a_resumed_get_exits_0" 0 \
    "$FERRY" -q -c get "$(sshd_url remote.bin)" part.bin
tap_same_file "a_resumed_get_completes_the_file" "$R/remote.bin" part.bin
times_same "a_resumed_get_keeps_the_modification_time" "$R/remote.bin" part.bin

times_tree tree
tap_exit_is "put_r_exits_0" 0 "$FERRY" -q -r put tree "$(sshd_url tree)"
tap_ok "put_r_copies_the_tree" diff -r tree "$R/tree"
times_tree_same "put_r_keeps_the_times_of_files_and_directories" \
    tree "$R/tree"
tap_exit_is "get_r_exits_0" 0 "$FERRY" -q -r get "$(sshd_url tree)" back
tap_ok "get_r_copies_the_tree" diff -r tree back
times_tree_same "get_r_keeps_the_times_of_files_and_directories" tree back
tap_done
