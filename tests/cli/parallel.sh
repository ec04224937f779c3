#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/cli/parallel.sh: get -r and put -r with --parallel, locally, over
# FTP (proftpd) and over SFTP (sshd): a tree of 300 small files in nested
# directories (names with spaces and UTF-8, an empty file, an empty
# directory) and a few large ones arrives byte for byte; ferry killed
# (-9) part-way through a parallel copy leaves partials that
# --resume -r --parallel 4 completes, resuming the large files.  The
# servers' parts are skipped where the server cannot run (failed in CI).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

tap_sandbox
MiB=$((1024 * 1024))

# The tree: 15 directories of 20 small files each (split makes them in
# one go), 4 large files, an empty file and an empty directory.
T=tree
for d in "a" "a/b" "a/b/c" "d e" "d e/f" "grüße ✓" "g/h/i/j" "k" "l" "m" \
    "n" "o" "p/q" "r" "s"; do
	mkdir -p "$T/$d"
	head -c $((20 * 3000 + ${#d})) /dev/urandom |
	    split -b $((3000 + ${#d})) -a 2 - "$T/$d/f "
done
mkdir "$T/empty"
: >"$T/a/zero"
for i in 1 2 3 4; do
	tap_random "$T/big$i.bin" $((3 * MiB + i))
done
nfiles=$(find "$T" -type f | wc -l)
tap_ok "the_tree_has_over_300_files" [ "$nfiles" -gt 300 ]

# same_tree A B: diff -r finds no difference (nor an entry on one side).
same_tree() {
	diff -r -- "$1" "$2"
}

# same_times A B: every file and directory below B has the modification
# time (to the second) of the same name below A.
same_times() {
	diff <(cd "$1" && find . -printf '%p %TY-%Tm-%Td %TH:%TM:%.2TS\n' |
	    sort) <(cd "$2" && find . -printf '%p %TY-%Tm-%Td %TH:%TM:%.2TS\n' |
	    sort)
}

# larger_than_1_MiB DIR: some bigN.bin in DIR has more than 1 MiB.
larger_than_1_MiB() {
	local f
	for f in "$1"/big*.bin; do
		ftpd_larger "$f" "$MiB" && return 0
	done
	return 1
}

# not_all_whole DIR: some bigN.bin in DIR is missing or short.
not_all_whole() {
	local i
	for i in 1 2 3 4; do
		[ "$(tap_size "$1/big$i.bin" 2>/dev/null || echo 0)" -lt \
		    $((3 * MiB + i)) ] && return 0
	done
	return 1
}

# killed_and_resumed NAME OP WHERE SOURCE TARGET: ferry OP -r --parallel 4
# SOURCE TARGET killed once WHERE (the copy of $T) holds a large file over
# 1 MiB; WHERE is then partial, and --resume -r --parallel 4 completes it,
# resuming a large file.
killed_and_resumed() {
	local name=$1 op=$2 where=$3 pid
	shift 3
	tap_bg "$FERRY" -q "${OPTS[@]}" -r --parallel 4 --limit-rate 1M \
	    "$op" "$@"
	pid=$TAP_BG
	tap_ok "${name}_parallel_${op}_writes_1_MiB_within_30_s" \
	    tap_wait_for 30 larger_than_1_MiB "$where"
	tap_kill "$pid"
	tap_ok "${name}_killed_parallel_${op}_leaves_a_partial_tree" \
	    not_all_whole "$where"
	tap_exit_is "${name}_resume_r_parallel_4_of_the_killed_${op}_exits_0" 0 \
	    fy -v --resume -r --parallel 4 "$op" "$@"
	tap_ok "${name}_resume_of_the_killed_${op}_resumed_a_large_file" \
	    grep -q "big[1-4]\.bin: resuming at byte" "$TAP_ERR"
	tap_ok "${name}_resume_of_the_killed_${op}_completes_the_tree" \
	    same_tree "$T" "$where"
}

# matrix NAME URL DIR: put -r and get -r with --parallel 4 and 8 through
# URL (a directory, the login directory's DIR on disk; the protocol log
# has LOGIN once a connection), then a kill -9 of each and the resume.
matrix() {
	local name=$1 url=$2 dir=$3 pid
	mkdir -p "$dir/up" "dl-$name"
	tap_exit_is "${name}_put_r_parallel_4_exits_0" 0 \
	    fy -v -r --parallel 4 put "$T" "$url/up"
	tap_ok "${name}_put_r_parallel_4_copies_the_tree" \
	    same_tree "$T" "$dir/up/$T"
	[ -z "$LOGIN" ] ||
	    tap_is "${name}_put_r_parallel_4_logs_in_4_times" \
	    "$(grep -c -- "$LOGIN" "$TAP_ERR")" 4
	# without --parallel: 4 at once, but a server on this host gets one
	# a core (2 to 4): its sessions share these cores
	local n=4 why=
	if [ -n "$LOGIN" ]; then
		n=$(nproc)
		[ "$n" -lt 2 ] && n=2
		[ "$n" -gt 4 ] && n=4
		why=" (the server is on this host: one a core)"
	fi
	mkdir -p "$dir/up2"
	tap_exit_is "${name}_put_r_without_parallel_exits_0" 0 \
	    fy -v -r put "$T" "$url/up2"
	tap_ok "${name}_put_r_without_parallel_copies_the_tree" \
	    same_tree "$T" "$dir/up2/$T"
	tap_ok "${name}_put_r_without_parallel_copies_${n}_files_at_once" \
	    grep -qx "ferry: copying $n files at once$why" "$TAP_ERR"
	[ -z "$LOGIN" ] ||
	    tap_is "${name}_put_r_without_parallel_logs_in_${n}_times" \
	    "$(grep -c -- "$LOGIN" "$TAP_ERR")" "$n"
	tap_exit_is "${name}_get_r_parallel_8_exits_0" 0 \
	    fy -r --parallel 8 get "$url/up/$T" "dl-$name"
	tap_ok "${name}_get_r_parallel_8_copies_the_tree" \
	    same_tree "$T" "dl-$name/$T"
	tap_ok "${name}_get_r_parallel_8_keeps_every_time_dirs_too" \
	    same_times "$dir/up/$T" "dl-$name/$T"

	# killed part-way: the large files move at 1 MiB/s each
	rm -rf "dl-$name/$T"
	killed_and_resumed "$name" get "dl-$name/$T" "$url/up/$T" "dl-$name"
	rm -rf "${dir:?}/up/$T"
	killed_and_resumed "$name" put "$dir/up/$T" "$T" "$url/up"
}

# fy ARGS...: ferry -q with the options of the server under test; its
# status is ferry's (tap_exit_is takes the function's: without the
# return, every "exits 0" here passed whatever ferry did).
fy() {
	tap_run "$FERRY" -q "${OPTS[@]}" "$@"
	return "$TAP_STATUS"
}

# ---------------------------------------------------------------- local
OPTS=() LOGIN=
mkdir local
matrix local "$TAP_TMP/local" "$TAP_TMP/local"

# ---------------------------------------------------------------- FTP
if ftpd_proftpd_or_skip "proftpd_parallel_trees"; then
	OPTS=(--password-file "$FTPD_PWFILE") LOGIN="> USER "
	matrix proftpd "$FTPD_URL" "$FTPD_ROOT"
fi

# ---------------------------------------------------------------- SFTP
if sshd_start && sshd_ferry_home; then
	OPTS=() LOGIN="SFTP: ready"
	matrix sshd "$SSHD_URL" "$SSHD_HOME"
elif [ "${CI:-}" = true ]; then
	tap_bail "${SSHD_WHY:-sshd setup failed}"
else
	tap_skip "sshd_parallel_trees" "${SSHD_WHY:-sshd setup failed}"
fi

tap_done
