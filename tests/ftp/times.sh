#!/bin/bash
# tests/ftp/times.sh: modification times over FTP.  proftpd offers MFMT
# and MLST: get, put and -r both ways keep the times (files to the second;
# directories too); --no-preserve-time sends no MFMT.  vsftpd offers MDTM
# but neither MFMT nor SITE UTIME: get keeps the time (MDTM, also for the
# files of a -r get whose LIST gives only minutes), and a put there says
# once, for a whole tree, that the server cannot set times, and exits 0.
# Traced: a tree copied in one go removes no resume record.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/times.sh"

ftpd_need proftpd vsftpd openssl
tap_sandbox

# fy ARGS...: ferry with the server's options, quiet.
fy() {
	"$FERRY" -q "${OPTS[@]}" "$@"
}

# ---------------------------------------------------------------- proftpd
ftpd_proftpd on
U=$FTPD_URL PUB=$FTPD_PUB
OPTS=(--password-file "$FTPD_PWFILE")

tap_random "$PUB/remote.bin" 200000
times_set "$PUB/remote.bin" "$TIMES_T"
tap_exit_is "proftpd_get_exits_0" 0 fy get "$U/pub/remote.bin" got.bin
tap_same_file "proftpd_get_copies_the_bytes" "$PUB/remote.bin" got.bin
times_same "proftpd_get_keeps_the_modification_time" "$PUB/remote.bin" got.bin

tap_random local.bin 200000
times_set local.bin $((TIMES_T + 7))
tap_exit_is "proftpd_put_exits_0" 0 fy -v put local.bin "$U/pub/up.bin"
tap_same_file "proftpd_put_copies_the_bytes" local.bin "$PUB/up.bin"
times_same "proftpd_put_keeps_the_modification_time" local.bin "$PUB/up.bin"
tap_ok "proftpd_put_sets_the_time_with_mfmt" \
    grep -q "> MFMT $(date -u -d "@$((TIMES_T + 7))" +%Y%m%d%H%M%S) pub/up.bin" \
    "$TAP_ERR"

tap_exit_is "proftpd_put_with_no_preserve_time_exits_0" 0 \
    fy -v --no-preserve-time put local.bin "$U/pub/now.bin"
times_recent "proftpd_put_with_no_preserve_time_leaves_the_time_of_the_copy" \
    "$PUB/now.bin"
tap_not "proftpd_put_with_no_preserve_time_sends_no_mfmt" \
    grep -q "> MFMT" "$TAP_ERR"

times_tree tree
tap_exit_is "proftpd_put_r_exits_0" 0 fy -v -r put tree "$U/pub/tree"
tap_ok "proftpd_put_r_copies_the_tree" diff -r tree "$PUB/tree"
# the directories were made by this copy: their files are not asked for
tap_not "proftpd_put_r_asks_nothing_of_files_in_directories_it_made" \
    grep -q "> MLST pub/tree/.*[.]bin" "$TAP_ERR"
times_tree_same "proftpd_put_r_keeps_the_times_of_files_and_directories" \
    tree "$PUB/tree"
# A tree copied in one go removes no resume record that was never there
# (a system call a file; seen through strace).
if strace -o /dev/null true 2>/dev/null; then
	strace -f -e trace=unlink,unlinkat -o "$TAP_TMP/put.trace" \
	    "$FERRY" -q "${OPTS[@]}" -r put tree "$U/pub/traced" >/dev/null 2>&1
	tap_ok "proftpd_put_r_traced_copies_the_tree" diff -r tree "$PUB/traced"
	tap_not "proftpd_put_r_removes_no_record_that_was_never_there" \
	    grep -q 'unlink.*[.]rec"' "$TAP_TMP/put.trace"
else
	tap_skip "proftpd_put_r_traced_copies_the_tree" "strace cannot trace here"
	tap_skip "proftpd_put_r_removes_no_record_that_was_never_there" \
	    "strace cannot trace here"
fi
tap_exit_is "proftpd_get_r_exits_0" 0 fy -r get "$U/pub/tree" back
tap_ok "proftpd_get_r_copies_the_tree" diff -r tree back
times_same "proftpd_get_r_keeps_the_times_of_files" \
    tree/sub/deeper/c.bin back/sub/deeper/c.bin
times_tree_same "proftpd_get_r_keeps_the_times_of_files_and_directories" \
    tree back
rm -rf back

# Into the existing tree again, with one new file and --skip: each file is
# asked for once (MLST), the new one is written without a second look,
# the others are left alone.
mkdir again
cp -a tree again/tree
tap_random again/tree/sub/new.bin 1000
tap_exit_is "proftpd_put_r_into_an_existing_tree_exits_0" 0 \
    fy -v -s -r put again/tree "$U/pub"
tap_same_file "proftpd_put_r_into_an_existing_tree_writes_the_new_file" \
    again/tree/sub/new.bin "$PUB/tree/sub/new.bin"
tap_is "proftpd_put_r_asks_once_for_a_new_file_in_an_existing_directory" \
    "$(grep -c "> MLST pub/tree/sub/new.bin" "$TAP_ERR")" 1
tap_is "proftpd_put_r_asks_once_for_an_existing_file" \
    "$(grep -c "> MLST pub/tree/sub/b.bin" "$TAP_ERR")" 1
tap_not "proftpd_put_r_with_skip_writes_no_existing_file" \
    grep -q "> STOR pub/tree/sub/b.bin" "$TAP_ERR"
rm -rf again "$PUB/tree/sub/new.bin"

# ---------------------------------------------------------------- vsftpd
ftpd_vsftpd plain
U=$FTPD_URL PUB=$FTPD_PUB
OPTS=()

tap_random "$PUB/remote.bin" 200000
times_set "$PUB/remote.bin" "$TIMES_T"
tap_exit_is "vsftpd_get_exits_0" 0 fy -v get "$U/pub/remote.bin" got2.bin
times_same "vsftpd_get_keeps_the_modification_time_from_mdtm" \
    "$PUB/remote.bin" got2.bin
tap_ok "vsftpd_get_asks_mdtm" grep -q "> MDTM pub/remote.bin" "$TAP_ERR"

cp -a tree "$PUB/tree"
# a recent time: LIST shows it to the minute (older ones: the day only)
recent=$(( $(date +%s) / 60 * 60 - 3600 + 17 ))
times_set "$PUB/tree/sub" "$recent"
tap_exit_is "vsftpd_get_r_exits_0" 0 fy -v -r get "$U/pub/tree" back
tap_ok "vsftpd_get_r_copies_the_tree" diff -r tree back
times_same "vsftpd_get_r_keeps_a_file_time_to_the_second" \
    tree/sub/b.bin back/sub/b.bin
times_same "vsftpd_get_r_keeps_another_file_time_to_the_second" \
    tree/sub/deeper/c.bin back/sub/deeper/c.bin
tap_is "vsftpd_get_r_keeps_a_recent_directory_time_to_the_minute" \
    "$(stat -c %Y back/sub)" "$((recent - 17))"
tap_is "vsftpd_get_r_keeps_an_old_directory_time_to_the_day" \
    "$(stat -c %Y back/sub/deeper)" "$(( (TIMES_T + 184) / 86400 * 86400 ))"
tap_ok "vsftpd_get_r_says_in_verbose_a_time_is_kept_to_the_minute" \
    grep -q "sub: modification time kept to the minute" "$TAP_ERR"
tap_ok "vsftpd_get_r_says_in_verbose_a_time_is_kept_to_the_day" \
    grep -q "deeper: modification time kept to the day" "$TAP_ERR"

tap_exit_is "vsftpd_put_exits_0" 0 fy put local.bin "$U/pub/up.bin"
tap_same_file "vsftpd_put_copies_the_bytes" local.bin "$PUB/up.bin"
tap_is "vsftpd_put_says_once_that_the_server_cannot_set_times" \
    "$(grep -c "cannot set modification times" "$TAP_ERR")" 1
times_recent "vsftpd_put_leaves_the_time_of_the_copy" "$PUB/up.bin"
tap_exit_is "vsftpd_put_r_exits_0" 0 fy -r put tree "$U/pub/tree2"
tap_ok "vsftpd_put_r_copies_the_tree" diff -r tree "$PUB/tree2"
tap_is "vsftpd_put_r_says_once_for_the_tree_that_the_server_cannot_set_times" \
    "$(grep -c "cannot set modification times" "$TAP_ERR")" 1
tap_is "vsftpd_put_r_warns_of_nothing_else_but_clear_text" \
    "$(grep -vc "clear text" "$TAP_ERR")" 1
tap_done
