#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/smallfiles.sh: a tree of many small files (and a few of the
# sizes around libssh2's 30000-byte read requests and ferry's 1 MiB
# buffer) downloaded from a real sshd whose sftp-server logs every request:
# the copy is byte for byte (diff -r), and each file costs only the read
# requests its size needs -- at most one per 30000 bytes, plus two (the
# last short one and the one that finds the end, sent together) -- where
# ferry once sent libssh2's whole read-ahead window (about 140 requests)
# for a 4 KiB file.
# An upload into a directory ferry makes asks nothing of its files before
# opening them; into an existing one, it asks for each.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
SSHD_SFTP_LOG=$TAP_TMP/sftp-requests.log
sshd_setup "sftp_small_files"
R=$SSHD_HOME
KiB=1024
MiB=$((1024 * KiB))
REQ=30000		# libssh2 1.10's largest read request

# The tree: 8 directories of 25 files of 4 KiB, and the edge sizes.
for d in 1 2 3 4 5 6 7 8; do
	mkdir -p "$R/tree/d$d"
	for f in $(seq 1 25); do
		tap_random "$R/tree/d$d/f$f" $((4 * KiB))
	done
done
mkdir -p "$R/tree/edges"
for s in 0 1 3 4 5 4095 4097 $((REQ - 1)) $REQ $((REQ + 1)) \
    $((64 * KiB)) $((4 * REQ + 1)) $((MiB - 1)) $MiB $((MiB + 1)) \
    $((3 * MiB + 7)); do
	tap_random "$R/tree/edges/s$s" "$s"
done

: >"$SSHD_SFTP_LOG"
tap_exit_is "recursive_get_of_many_small_files_exits_0" 0 \
    "$FERRY" -q -r get "$(sshd_url tree)" got
tap_ok "recursive_get_of_many_small_files_is_byte_for_byte" \
    diff -r "$R/tree" got
tap_not "recursive_get_of_small_files_leaves_no_resume_record" \
    compgen -G "$XDG_STATE_HOME/ferry/*.rec"

# reads_over_budget LOG: the files (under tree/) whose read requests in
# LOG number more than their size needs; prints "path reads size".
reads_over_budget() {
	local path n size
	sed -n 's/^debug1: request [0-9]*: read "\(tree\/[^"]*\)" .*/\1/p' \
	    "$1" | sort | uniq -c | while read -r n path; do
		size=$(tap_size "$R/$path")
		if [ "$n" -gt $(((size + REQ - 1) / REQ + 2)) ]; then
			echo "$path $n $size"
		fi
	done
}

# Give sftp-server a moment to write its last lines.
tap_wait_for 5 grep -q 'close "tree/edges/' "$SSHD_SFTP_LOG"
reads=$(grep -c '^debug1: request [0-9]*: read "tree/' "$SSHD_SFTP_LOG")
tap_ok "the_server_log_shows_the_read_requests" test "$reads" -gt 200
over=$(reads_over_budget "$SSHD_SFTP_LOG" | head -n 5)
tap_is "no_file_costs_more_read_requests_than_its_size_needs" "$over" ""
tap_ok "a_4_KiB_file_costs_at_most_2_read_requests" \
    test "$(grep -c '^debug1: request [0-9]*: read "tree/d3/f7" ' \
    "$SSHD_SFTP_LOG")" -le 2
# The request that finds the end goes with the one for the data: it asks
# at byte 30000, where the first (of 30000 bytes) ends, not at 4096, where
# its answer would have said the data ends.
tap_ok "a_4_KiB_file_asks_for_its_end_in_the_same_round_trip" \
    grep -qE '^debug1: request [0-9]*: read "tree/d3/f7" \(handle [0-9]+\) off 30000 ' \
    "$SSHD_SFTP_LOG"
tap_ok "an_empty_file_costs_1_read_request" \
    test "$(grep -c '^debug1: request [0-9]*: read "tree/edges/s0" ' \
    "$SSHD_SFTP_LOG")" -eq 1

# A single small file, outside a tree, and a resume of a small partial
# (the overlap check reads a window: only that window is asked for).
: >"$SSHD_SFTP_LOG"
tap_exit_is "get_of_one_small_file_exits_0" 0 \
    "$FERRY" -q get "$(sshd_url tree/d1/f1)" one.bin
tap_same_file "get_of_one_small_file_copies_it" "$R/tree/d1/f1" one.bin
head -c $((MiB / 2)) "$R/tree/edges/s$((MiB + 1))" >part.bin
tap_exit_is "resume_of_a_small_partial_exits_0" 0 \
    "$FERRY" -q --resume get "$(sshd_url "tree/edges/s$((MiB + 1))")" \
    part.bin
tap_same_file "resume_of_a_small_partial_completes_it" \
    "$R/tree/edges/s$((MiB + 1))" part.bin
tap_wait_for 5 grep -q "close \"tree/edges/s$((MiB + 1))\"" \
    "$SSHD_SFTP_LOG"
tap_ok "one_small_file_costs_at_most_2_read_requests" \
    test "$(grep -c '^debug1: request [0-9]*: read "tree/d1/f1" ' \
    "$SSHD_SFTP_LOG")" -le 2
# the head window, the tail window and the rest: 64 KiB + 64 KiB + 512 KiB
tap_ok "the_resume_asks_for_the_windows_and_the_rest_only" \
    test "$(grep -c "^debug1: request [0-9]*: read \"tree/edges/s$((MiB + 1))\" " \
    "$SSHD_SFTP_LOG")" -le $((3 + 3 + 18 + 2 * 2))

# An upload of a tree into a new directory (into the existing "sub", as
# cp -r does): the files of the directories ferry made are not asked for
# (nothing can be there; the open is exclusive): no stat of a file.
mkdir "$R/sub"
: >"$SSHD_SFTP_LOG"
tap_exit_is "recursive_put_into_a_new_directory_exits_0" 0 \
    "$FERRY" -q -r put "$R/tree" "$(sshd_url sub)"
tap_ok "recursive_put_is_byte_for_byte" diff -r "$R/tree" "$R/sub/tree"
tap_wait_for 5 grep -q 'set "sub/tree" modtime' "$SSHD_SFTP_LOG"
tap_ok "the_server_log_shows_the_opens_of_the_upload" \
    test "$(grep -c '^open "sub/tree/' "$SSHD_SFTP_LOG")" -ge 200
tap_is "no_file_of_a_new_directory_is_stat_before_its_upload" \
    "$(grep -E '^l?stat name "sub/tree/d[0-9]/f' "$SSHD_SFTP_LOG" |
    head -n 3)" ""

# The same upload again (sub/tree exists now): each file is asked for,
# and with --skip every one is left as it is.
: >"$SSHD_SFTP_LOG"
tap_exit_is "recursive_put_into_an_existing_tree_with_skip_exits_0" 0 \
    "$FERRY" -q -s -r put "$R/tree" "$(sshd_url sub)"
tap_wait_for 5 grep -q 'set "sub/tree" modtime' "$SSHD_SFTP_LOG"
tap_is "existing_directories_have_their_files_asked_for" \
    "$(grep -cE '^l?stat name "sub/tree/d[0-9]/f' "$SSHD_SFTP_LOG")" 200
tap_is "skip_opens_no_file_for_writing" \
    "$(grep -c '^open "sub/.*WRITE' "$SSHD_SFTP_LOG")" 0

tap_done
