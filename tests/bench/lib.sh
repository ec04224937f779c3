# shellcheck shell=bash
# tests/bench/lib.sh: what the benchmark scripts share.  Source it after
# tests/lib/tap.sh (for TAP_TMP, tap_bg and the EXIT trap that stops the
# servers).
#
# A script registers its rows (bench_row), then measures each tool once
# per run (bench_one), the tools taking turns run after run (A B A B ...)
# so that a change in the machine's load hits them alike.  Every
# measurement is checked (same bytes, same tree, enough entries) and
# appended to $BENCH_RESULTS; tests/bench/run turns the results into a
# Markdown table and a CSV (bench_report, below).
#
# Sizes (tests/bench/run sets them; --quick makes them small):
#   BENCH_MIB    the large file, MiB (1024)
#   BENCH_FILES  files in a tree (10000), in BENCH_DIRS directories (100)
#   BENCH_LIST   entries in the listed directory (100000)
#   BENCH_RUNS   runs of each tool (3; the median counts, min-max shown)

BENCH_MIB=${BENCH_MIB:-1024}
BENCH_FILES=${BENCH_FILES:-10000}
BENCH_DIRS=${BENCH_DIRS:-100}
BENCH_LIST=${BENCH_LIST:-100000}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-900}
BENCH_RESULTS_SET=${BENCH_RESULTS:-}
BENCH_RESULTS=${BENCH_RESULTS:-$TAP_TMP/results.tsv}
BENCH_ROWS=${BENCH_ROWS_FILE:-$TAP_TMP/rows.tsv}
[ -x /usr/bin/time ] || tap_bail "/usr/bin/time is not installed (apt-get install time)"

# bench_tmpdir MIB: TAP_TMP moved to /dev/shm when it has room for MIB
# (the disk's write-back otherwise decides the figures, run by run).
bench_tmpdir() {
	[ -z "${BENCH_TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
	    [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt \
	    $(($1 * 1024)) ] && BENCH_TMPDIR=/dev/shm
	[ -n "${BENCH_TMPDIR:-}" ] || return 0
	rm -rf "$TAP_TMP"
	TAP_TMP=$(mktemp -d "$BENCH_TMPDIR/ferry-bench.XXXXXX") ||
	    tap_bail "cannot make a directory in $BENCH_TMPDIR"
	# Run alone (not from tests/bench/run), the results go here too.
	[ -n "${BENCH_RESULTS_SET:-}" ] || BENCH_RESULTS=$TAP_TMP/results.tsv
	[ -n "${BENCH_ROWS_FILE:-}" ] || BENCH_ROWS=$TAP_TMP/rows.tsv
	# shellcheck disable=SC2034 # tap.sh's
	TAP_OUT=$TAP_TMP/stdout TAP_ERR=$TAP_TMP/stderr
}

# bench_row ROW KIND BYTES: a row of the table, in the order registered.
# KIND: file (one large file: ferry >= the fastest peer, RSS < 32 MiB),
# tree (ferry >= 1.5x the fastest peer), resume and resume-full (the
# second half after an interruption at 50 %, and the whole file, for the
# overhead: < 2 %), segments (as file), list (ferry <= the fastest peer,
# RSS < 64 MiB), latency (the file manager's key-to-screen latency: one
# result line per key, its latency in seconds, under the tools "ferry"
# and "ferry (idle baseline)"; p99 < 50 ms; see keys.sh), fmlist (the
# file manager's listing: its first screen before the complete listing;
# part "list"), todo (not measured).  BYTES: what travels (0: none).
bench_row() {
	local part=${2%-full}
	[ "$part" = fmlist ] && part=list	# (the file manager's rows)
	[ "$part" = latency ] && part=keys
	bench_part "$part" || return 0
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$BENCH_ROWS"
}

# bench_part PART: whether BENCH_PARTS (default: all) names PART (file,
# tree, resume, segments, list, keys).
bench_part() {
	case " ${BENCH_PARTS:-file tree resume segments list keys} " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# bench_skip ROW TOOL WHY: a cell that is not measured ("n/a (not built)").
bench_skip() {
	printf '%s\t%s\t0\t0\t%s\n' "$1" "$2" "$3" >>"$BENCH_RESULTS"
}

# bench_one ROW TOOL CHECK CMD...: run CMD once, timed (wall clock) and
# with its peak RSS (children included: the ssh of sftp and lftp); then
# the check, CHECK split into words (a function and its arguments, no
# blanks in them), must pass.  Appends "ROW TOOL SECONDS RSS_KIB STATUS"
# (ok, failed, wrong) to $BENCH_RESULTS.
bench_one() {
	local row=$1 tool=$2 check=$3 t0 t1 status=ok rss=0
	shift 3
	sync
	t0=$(date +%s%N)
	if timeout "$BENCH_TIMEOUT" /usr/bin/time -o "$TAP_TMP/time.out" \
	    -f '%M' "$@" </dev/null >"$TAP_TMP/out.last" \
	    2>"$TAP_TMP/err.last"; then
		t1=$(date +%s%N)
		# shellcheck disable=SC2086 # a command and its words
		$check || status=wrong
	else
		t1=$(date +%s%N)
		status=failed
	fi
	rss=$(tail -n 1 "$TAP_TMP/time.out" 2>/dev/null)
	case $rss in ''|*[!0-9]*) rss=0 ;; esac
	if [ "$status" != ok ]; then
		echo "# $row, $tool: $status: $(tail -n 2 "$TAP_TMP/err.last" |
		    tr '\n' ' ')" >&2
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$row" "$tool" \
	    "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')" \
	    "$rss" "$status" >>"$BENCH_RESULTS"
}

# ---------------------------------------------------------------- checks

bench_same() {
	cmp -s -- "$1" "$2"
}

bench_same_tree() {
	diff -r -- "$1" "$2" >/dev/null
}

# bench_lines_at_least N: the last command printed at least N lines.
bench_lines_at_least() {
	[ "$(wc -l <"$TAP_TMP/out.last")" -ge "$1" ]
}

# ---------------------------------------------------------------- data

# bench_tree DIR FILES DIRS: FILES random files of 4 KiB in DIRS
# directories under DIR.
bench_tree() {
	local d f per=$(($2 / $3))
	for d in $(seq 1 "$3"); do
		mkdir -p "$1/d$d" || return 1
		for f in $(seq 1 "$per"); do
			head -c 4096 /dev/urandom >"$1/d$d/f$f"
		done
	done
}

# bench_entries DIR N: N empty files in DIR (a directory to list).
bench_entries() {
	mkdir -p "$1" && (cd "$1" && seq -f 'entry-%06g' 1 "$2" | xargs touch)
}

# bench_own_partial HALF CMD...: got.bin holds the first HALF bytes of the
# source as ferry itself leaves them, with its resume record: CMD (a ferry
# download into got.bin) is stopped with SIGTERM once got.bin has HALF
# bytes, then the file and its record are cut back to HALF (the chunk
# digests of the first HALF bytes: HALF must be a multiple of the chunk
# size).  So a resume reads it back and checks every byte, as after a real
# interruption, from the same offset as the peers.  1 if no such partial.
bench_own_partial() {
	local half=$1 pid rec cs
	shift
	rm -rf got.bin "$XDG_STATE_HOME/ferry"
	tap_bg "$@"
	pid=$TAP_BG
	while [ "$(stat -c %s got.bin 2>/dev/null || echo 0)" -lt "$half" ] &&
	    tap_alive "$pid"; do
		sleep 0.05
	done
	kill -TERM "$pid" 2>/dev/null
	tap_reap "$pid" 30
	rec=$(echo "$XDG_STATE_HOME"/ferry/*.rec)
	cs=$(sed -n 's/^chunk_size //p' "$rec" 2>/dev/null)
	[ -n "$cs" ] && [ $((half % cs)) = 0 ] &&
	    [ "$(sed -n 's/^confirmed //p' "$rec")" -ge "$half" ] || return 1
	truncate -s "$half" got.bin &&
	    awk -v h="$half" -v n=$((half / cs)) '
	    $1 == "confirmed" { print "confirmed " h; next }
	    $1 == "digest" { print "digest"; next }
	    $1 == "chunk" && $2 + 0 >= n { next }
	    { print }' "$rec" >"$rec.new" && mv "$rec.new" "$rec"
}

# bench_from_err ROW TOOL SED: the numbers the sed script SED prints of
# the last command's stderr (one or more a line), summed, as a result of
# TOOL in ROW; nothing if it prints none.
bench_from_err() {
	local s
	s=$(sed -n "$3" "$TAP_TMP/err.last" |
	    awk '{ for (i = 1; i <= NF; i++) t += $i }
	    END { if (NR > 0) printf "%.3f", t }')
	[ -n "$s" ] || return 0
	printf '%s\t%s\t%s\t0\tok\n' "$1" "$2" "$s" >>"$BENCH_RESULTS"
}

# bench_check_cost ROW: after bench_one ran ferry -v (LC_ALL=C) on its own
# partial, what its line "checking the partial against its record took X s
# of CPU, keeping the digests of the ... written Y s" says, X + Y, as a
# result of the tool "ferry (check CPU)": what reading the partial back and
# keeping the digests cost, free of what else the machine did meanwhile.
bench_check_cost() {
	bench_from_err "$1" "ferry (check CPU)" \
	    's/.* took \([0-9.]*\) s of CPU, keeping the digests of .* written \([0-9.]*\) s$/\1 \2/p'
}

# bench_check_time ROW: after bench_one ran ferry -v (LC_ALL=C) on a resume,
# what its line "checking the overlap took X s" says (the wall-clock time
# of the checks before appending and, for a remote target, of the seams
# after the copy), as a result of the tool "ferry (checks)": what the
# checks add to the resumed transfer, apart from what the interruption
# costs the transfer itself (a server appending more slowly than it
# writes a new file, a second login).
bench_check_time() {
	bench_from_err "$1" "ferry (checks)" \
	    's/.*: checking the overlap took \([0-9.]*\) s$/\1/p'
}

# bench_has_segments: ferry was built with --segments.
bench_has_segments() {
	"$FERRY" --help 2>&1 | grep -q -- '--segments'
}
