#!/bin/bash
# shellcheck disable=SC2016,SC2317,SC2119 # server scripts; tap_ok helpers
# tests/hostile/sftp.sh: ferry against tests/hostile/sftpd.py, an SFTP
# server (paramiko) that lies as each test's script says: names with "/",
# "..", empty, with escape sequences; setuid and setgid modes; reads
# shorter or longer than asked; a listing in one huge NAME reply, a name
# longer than any buffer.  Each test checks the exit status, that the
# messages and listings carry no control bytes, and that nothing lands
# outside the target or keeps a mode it must not.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/hostile/lib.sh"

tap_sandbox
if ! "$HOSTILE_PY" -c 'import paramiko' 2>/dev/null; then
	[ "${CI:-}" != true ] || tap_bail "python3-paramiko is not installed"
	printf '1..0 # SKIP python3-paramiko is not installed\n'
	exit 0
fi
command -v ssh-keygen >/dev/null || tap_bail "ssh-keygen is not installed"

KiB=1024
tap_random src.bin $((700 * KiB))

fy() {
	"$FERRY" -q --retries 0 --timeout 5 "$@"
}

serve() {
	hostile_sftpd
	cp src.bin "$HS_ROOT/f.bin"
}

# ---------------------------------------------------------------- reads

serve </dev/null
tap_exit_is "plain_sftp_get_exits_0" 0 fy get "$HS_URL/f.bin" got.bin
tap_same_file "plain_sftp_get_copies_the_bytes" src.bin got.bin

# Short reads are legal SFTP; libssh2 1.10 takes the next pipelined reply
# for one "at an unexpected offset": ferry then asks for no more than the
# server gives (it said "failure" before).
serve <<<'short 1000'
rm -f got.bin
tap_exit_is "short_reads_get_exits_0" 0 fy -v get "$HS_URL/f.bin" got.bin
cp "$TAP_ERR" short.err
tap_same_file "short_reads_get_copies_the_bytes" src.bin got.bin
hostile_clean "short_reads_messages_are_clean" short.err
tap_ok "short_reads_are_told_at_v" \
    grep -q "shorter reads than asked" short.err

# A small file from the same server: the request that finds the end goes
# with the first one and says "end of file" after 1000 bytes; ferry looks
# again at byte 1000 instead of taking that for the end.
serve_small() {
	hostile_sftpd
	head -c 4096 src.bin >"$HS_ROOT/small.bin"
}
serve_small <<<'short 1000'
rm -f small.bin
tap_exit_is "short_reads_of_a_small_file_get_exits_0" 0 \
    fy get "$HS_URL/small.bin" small.bin
tap_ok "short_reads_of_a_small_file_copy_the_bytes" \
    cmp -s small.bin <(head -c 4096 src.bin)

serve <<<'long 100'
rm -f got.bin
tap_exit_is "long_reads_get_exits_4" 4 fy get "$HS_URL/f.bin" got.bin
hostile_clean "long_reads_messages_are_clean" "$TAP_ERR"
tap_ok "long_reads_keep_no_byte_that_was_not_asked_for" \
    hostile_prefix_or_same got.bin src.bin

# ---------------------------------------------------------------- names

cat >"$TAP_TMP/names" <<EOF
[("a/b", 0o100644, 5), ("..", 0o40755, 0), (".", 0o40755, 0),
 ("../../escaped", 0o100644, 5), ("/etc/escaped", 0o100644, 5),
 ("esc\\x1b[2Jname", 0o100644, 5), ("title\\x1b]0;owned\\x07", 0o100644, 5),
 ("c1\\x9bname", 0o100644, 5), ("cr\\rlf\\nname", 0o100644, 5),
 ("plain", 0o100644, $((700 * KiB)))]
EOF
serve <<<"names d $(tr -d '\n' <"$TAP_TMP/names")"
mkdir -p "$HS_ROOT/d"
cp src.bin "$HS_ROOT/d/plain"
tap_exit_is "hostile_sftp_names_ls_exits_0" 0 fy ls "$HS_URL/d/"
hostile_clean "hostile_sftp_names_ls_output_is_clean" "$TAP_OUT"
hostile_clean "hostile_sftp_names_ls_messages_are_clean" "$TAP_ERR"
tap_ok "hostile_sftp_names_ls_shows_escapes_as_text" \
    grep -qF 'esc\x1b[2Jname' "$TAP_OUT"
rm -rf tree
tap_exit_is "hostile_sftp_names_tree_get_exits_4" 4 \
    fy -r get "$HS_URL/d" tree
tap_ok "hostile_sftp_names_tree_get_refuses_unsafe_names" \
    grep -q "refusing an unsafe name" "$TAP_ERR"
hostile_clean "hostile_sftp_names_tree_get_messages_are_clean" "$TAP_ERR"
tap_not "hostile_sftp_names_tree_get_writes_nothing_outside" \
    test -e escaped -o -e "$TAP_TMP/escaped" -o -e tree/a -o -e /etc/escaped
tap_same_file "hostile_sftp_names_tree_get_copies_the_plain_file" src.bin \
    tree/plain
tap_not "hostile_sftp_names_tree_get_makes_no_control_names" \
    bash -c 'find tree -print0 | LC_ALL=C grep -qaP "[\x01-\x1f\x7f]"'

# An empty name is refused, and the listing goes on after it.
serve <<<"names e [('', 0o100644, 5), ('plain', 0o100644, $((700 * KiB)))]"
mkdir -p "$HS_ROOT/e"
cp src.bin "$HS_ROOT/e/plain"
rm -rf tree
# The empty name is left out, with a warning; the rest is copied.
tap_exit_is "empty_sftp_name_tree_get_exits_0" 0 fy -r get "$HS_URL/e" tree
tap_ok "empty_sftp_name_is_reported" grep -q "without a name" "$TAP_ERR"
hostile_clean "empty_sftp_name_messages_are_clean" "$TAP_ERR"
tap_same_file "empty_sftp_name_does_not_end_the_listing" src.bin tree/plain

# ---------------------------------------------------------------- modes

serve <<<'mode s.bin 0o106755
mode sd 0o43755
mode sd/x.bin 0o104755'
cp src.bin "$HS_ROOT/s.bin"
mkdir -p "$HS_ROOT/sd"
cp src.bin "$HS_ROOT/sd/x.bin"
rm -rf s.bin sd
tap_exit_is "setuid_file_get_exits_0" 0 fy get "$HS_URL/s.bin" s.bin
tap_same_file "setuid_file_get_copies_the_bytes" src.bin s.bin
tap_is "setuid_file_get_makes_no_setuid_file" \
    "$(find s.bin -perm /7000)" ""
tap_exit_is "setuid_tree_get_exits_0" 0 fy -r get "$HS_URL/sd" sd
tap_same_file "setuid_tree_get_copies_the_bytes" src.bin sd/x.bin
tap_is "setuid_tree_get_makes_no_setuid_setgid_or_sticky_entry" \
    "$(find sd -perm /7000)" ""

# ---------------------------------------------------------------- huge

serve <<<"huge
names h [('n%06d' % i + 'x' * 40, 0o100644, 1) for i in range(20000)]"
mkdir -p "$HS_ROOT/h"
t0=$(date +%s)
tap_exit_is "huge_name_reply_ls_exits_0_or_4" "0 4" fy ls "$HS_URL/h/"
hostile_clean "huge_name_reply_messages_are_clean" "$TAP_ERR"
tap_ok "huge_name_reply_is_done_within_20_s" \
    test $(($(date +%s) - t0)) -lt 20

serve <<<"names h [('y' * 300000, 0o100644, 1), ('plain', 0o100644, 1)]"
mkdir -p "$HS_ROOT/h"
tap_exit_is "name_longer_than_a_packet_ls_exits_0_or_4" "0 4" \
    fy ls "$HS_URL/h/"
hostile_clean "name_longer_than_a_packet_messages_are_clean" "$TAP_ERR"
tap_ok "name_longer_than_a_packet_does_not_reach_the_output" \
    test "$(wc -c <"$TAP_OUT")" -lt 10000

serve <<<"names h [('z' * 5000, 0o100644, 1), ('plain', 0o100644, 1)]"
mkdir -p "$HS_ROOT/h"
tap_exit_is "name_of_5000_bytes_ls_exits_0_or_4" "0 4" fy ls "$HS_URL/h/"
hostile_clean "name_of_5000_bytes_messages_are_clean" "$TAP_ERR"

hostile_stop
tap_done
