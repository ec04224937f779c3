# tests/lib/tap.sh: a small TAP library for ferry's command-line tests.
#
# Source it from a bash script, first thing:
#
#	[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
#	. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
#
# What it gives:
#   - $TAP_TMP, a fresh directory made with mktemp -d under ${TMPDIR:-/tmp},
#     removed by an EXIT trap (set TAP_KEEP=1 to keep it for a post-mortem);
#   - $FERRY checked and made absolute (the Makefile sets it);
#   - tap_run runs a command with stdin from /dev/null (so ferry never has a
#     terminal to ask on), stdout in $TAP_OUT, stderr in $TAP_ERR, status in
#     $TAP_STATUS, killed after $TAP_TIMEOUT seconds (default 120);
#   - tap_bg starts a background command and records its PID; the EXIT trap
#     kills every recorded PID (by PID, never by name) and reaps it;
#   - every wait is bounded: tap_wait_for polls with a deadline, tap_reap
#     kills what outlives its deadline.
#
# Each test function prints one "ok N - desc" or "not ok N - desc" line,
# with "# " diagnostics after a failure.  tap_done prints the plan "1..N"
# and exits 1 if any test failed, 0 otherwise.

tap_count=0
tap_failures=0
tap_pids=
TAP_TIMEOUT=${TAP_TIMEOUT:-120}

# ---------------------------------------------------------------- reporting

# tap_diag TEXT...: a TAP comment, one "# " line per line of TEXT.
tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# tap_diag_file FILE [LINES]: the first lines of FILE as comments, with
# control characters made visible.
tap_diag_file() {
	[ -s "$1" ] || return 0
	head -n "${2:-10}" "$1" | LC_ALL=C cat -v | sed 's/^/#   /'
}

# tap_result STATUS DESC: report one test as passed (STATUS 0) or failed.
tap_result() {
	tap_count=$((tap_count + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s\n' "$tap_count" "$2"
		return 0
	fi
	printf 'not ok %d - %s\n' "$tap_count" "$2"
	tap_failures=$((tap_failures + 1))
	return 1
}

# tap_skip DESC REASON: a test that does not run here.
tap_skip() {
	tap_count=$((tap_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$tap_count" "$1" "$2"
}

# tap_bail REASON: stop the whole script; the harness reports an error.
tap_bail() {
	printf 'Bail out! %s\n' "$*"
	exit 1
}

# tap_done: the plan, and an exit status saying whether everything passed.
tap_done() {
	printf '1..%d\n' "$tap_count"
	[ "$tap_failures" -eq 0 ] || exit 1
	exit 0
}

# ---------------------------------------------------------------- running

# tap_run CMD...: run CMD bounded by $TAP_TIMEOUT seconds, stdin from
# /dev/null, stdout to $TAP_OUT, stderr to $TAP_ERR; status in $TAP_STATUS
# (124 or 137 if it had to be killed).  CMD must be a program, not a shell
# function, to be bounded.
tap_run() {
	if [ "$(type -t "$1")" = function ]; then
		"$@" </dev/null >"$TAP_OUT" 2>"$TAP_ERR"
	else
		timeout -k 5 "$TAP_TIMEOUT" "$@" \
		    </dev/null >"$TAP_OUT" 2>"$TAP_ERR"
	fi
	TAP_STATUS=$?
	return 0
}

# tap_exit_is DESC EXPECTED CMD...: run CMD (as tap_run) and pass if its
# status is EXPECTED, a number or a space-separated list of numbers.
tap_exit_is() {
	local desc=$1 expected=$2 want
	shift 2
	tap_run "$@"
	for want in $expected; do
		if [ "$TAP_STATUS" -eq "$want" ]; then
			tap_result 0 "$desc"
			return 0
		fi
	done
	tap_result 1 "$desc"
	tap_diag "command: $*"
	tap_diag "expected exit status $expected, got $TAP_STATUS"
	case $TAP_STATUS in
	124|137) tap_diag "(killed after $TAP_TIMEOUT seconds?)" ;;
	esac
	tap_diag "stderr:"
	tap_diag_file "$TAP_ERR"
	return 1
}

# tap_ok DESC CMD...: pass if CMD succeeds.  For checks (cmp, grep, test),
# not for the program under test: nothing is captured, stdout goes to
# stderr so that it cannot disturb the TAP stream.
tap_ok() {
	local desc=$1
	shift
	if "$@" >&2; then
		tap_result 0 "$desc"
		return 0
	fi
	tap_result 1 "$desc"
	tap_diag "failed: $*"
	return 1
}

# tap_not DESC CMD...: pass if CMD fails.
tap_not() {
	local desc=$1
	shift
	if "$@" >&2; then
		tap_result 1 "$desc"
		tap_diag "succeeded, should not have: $*"
		return 1
	fi
	tap_result 0 "$desc"
	return 0
}

# tap_is DESC GOT EXPECTED
tap_is() {
	if [ "$2" = "$3" ]; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "got:      '$2'"
	tap_diag "expected: '$3'"
	return 1
}

# tap_like DESC GOT ERE: pass if GOT matches the extended regular
# expression ERE.
tap_like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "got:           '$2'"
	tap_diag "does not match: $3"
	return 1
}

# tap_same_file DESC A B: pass if files A and B have the same bytes.
tap_same_file() {
	if cmp -- "$2" "$3" >&2; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "sizes: $(tap_size "$2") and $(tap_size "$3")"
	return 1
}

# tap_prefix DESC PART FULL: pass if PART is a strict prefix of FULL:
# shorter, and equal to FULL's first bytes.
tap_prefix() {
	local n m
	n=$(tap_size "$2") || n=-1
	m=$(tap_size "$3") || m=-1
	if [ "$n" -ge 0 ] && [ "$n" -lt "$m" ] &&
	    cmp -n "$n" -- "$2" "$3" >&2; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "$2 has $n bytes, $3 has $m"
	return 1
}

# tap_err_names DESC NAME: pass if the last command's stderr ($TAP_ERR) is
# exactly one line and names NAME (a file name, as a fixed string).
tap_err_names() {
	local lines
	lines=$(wc -l <"$TAP_ERR")
	# one newline, and it ends the file
	if [ "$lines" -eq 1 ] && [ -z "$(tail -c 1 "$TAP_ERR")" ] &&
	    grep -qF -- "$2" "$TAP_ERR"; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "expected one line naming '$2'; stderr has $lines lines:"
	tap_diag_file "$TAP_ERR"
	return 1
}

# ---------------------------------------------------------------- processes

# tap_bg CMD...: start CMD in the background (stdin /dev/null, stdout and
# stderr to the files named by $TAP_BG_OUT and $TAP_BG_ERR) and record its
# PID in $TAP_BG and in the list the EXIT trap kills.  CMD should be a
# program, so that the PID is the program's own.
tap_bg() {
	tap_nbg=$((${tap_nbg:-0} + 1))
	TAP_BG_OUT=$TAP_TMP/bg.$tap_nbg.out
	TAP_BG_ERR=$TAP_TMP/bg.$tap_nbg.err
	"$@" </dev/null >"$TAP_BG_OUT" 2>"$TAP_BG_ERR" &
	TAP_BG=$!
	tap_pids="$tap_pids $TAP_BG"
	echo "$TAP_BG" >>"$TAP_TMP/.bg-pids"
	tap_watchdog
}

# tap_free_port: a TCP port nobody listens on now, on 127.0.0.1 (for the
# tests' servers).
tap_free_port() {
	local port
	if command -v python3 >/dev/null; then
		python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
		return 0
	fi
	while :; do
		port=$((20000 + RANDOM % 40000))
		[ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] &&
		    { echo "$port"; return 0; }
	done
}

# tap_watchdog: once per script, a background waiter that kills what
# tap_bg started (and their children: server sessions) after
# $TAP_LIFETIME seconds (default 1800), in case the script itself dies
# without its EXIT trap (SIGKILL): every server stops by itself.  The
# EXIT trap stops the watchdog first.
tap_watchdog() {
	[ -z "${tap_watchdog_pid:-}" ] || return 0
	mkfifo "$TAP_TMP/.watchdog" 2>/dev/null || return 0
	(
		trap - EXIT
		# A wait with no child process: nothing outlives a kill -9.
		read -r -t "${TAP_LIFETIME:-1800}" _ <>"$TAP_TMP/.watchdog"
		for pid in $(cat "$TAP_TMP/.bg-pids" 2>/dev/null); do
			pkill -9 -P "$pid" 2>/dev/null
			kill -9 "$pid" 2>/dev/null
		done
	) </dev/null >/dev/null 2>&1 &
	tap_watchdog_pid=$!
}

# tap_alive PID: true while PID runs (a zombie does not count).
tap_alive() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $st in
	''|Z*) return 1 ;;
	esac
	return 0
}

# tap_dead PID: true once PID has ended.
tap_dead() {
	! tap_alive "$1"
}

# tap_forget PID: drop PID from the list the EXIT trap kills.
tap_forget() {
	local p rest=
	for p in $tap_pids; do
		[ "$p" = "$1" ] || rest="$rest $p"
	done
	tap_pids=$rest
}

# tap_wait_for SECONDS CMD...: poll CMD every tenth of a second until it
# succeeds (return 0) or SECONDS pass (return 1).
tap_wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	while ! "$@" 2>/dev/null; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
	return 0
}

# tap_reap PID SECONDS: wait up to SECONDS for PID to end by itself, then
# kill it (-9).  Its status in $TAP_BG_STATUS; returns 1 if it had to be
# killed.
tap_reap() {
	local killed=0
	if ! tap_wait_for "$2" tap_dead "$1"; then
		kill -9 "$1" 2>/dev/null
		killed=1
	fi
	wait "$1" 2>/dev/null
	# shellcheck disable=SC2034 # read by the scripts
	TAP_BG_STATUS=$?
	tap_forget "$1"
	return "$killed"
}

# tap_kill PID: kill -9 PID and reap it (SIGKILL cannot be caught, so the
# wait that follows is short).  Its status in $TAP_BG_STATUS.
tap_kill() {
	kill -9 "$1" 2>/dev/null
	tap_reap "$1" 10
}

# tap_tmux_end NAME: stop the tmux server of "tmux -L NAME" (started by
# this test) and remove its socket, which tmux 3.3 leaves behind.
tap_tmux_end() {
	tmux -L "$1" kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$1"
}

tap_cleanup() {
	local pid
	if [ -n "${tap_watchdog_pid:-}" ]; then
		kill -9 "$tap_watchdog_pid" 2>/dev/null
		wait "$tap_watchdog_pid" 2>/dev/null
		tap_watchdog_pid=
	fi
	for pid in $tap_pids; do
		kill -9 "$pid" 2>/dev/null
	done
	for pid in $tap_pids; do
		wait "$pid" 2>/dev/null
	done
	tap_pids=
	cd / || return
	[ -n "$TAP_TMP" ] && [ -d "$TAP_TMP" ] || return 0
	if [ -n "$TAP_KEEP" ]; then
		echo "# kept $TAP_TMP"
		return 0
	fi
	chmod -R u+rwx "$TAP_TMP" 2>/dev/null
	rm -rf "$TAP_TMP"
}

# ---------------------------------------------------------------- files

# tap_sandbox: HOME, XDG_STATE_HOME (where resume records go) and
# XDG_CONFIG_HOME inside $TAP_TMP, and $TAP_TMP the working directory, so
# that nothing a test does reaches the user's own files.
tap_sandbox() {
	export HOME="$TAP_TMP/home" XDG_STATE_HOME="$TAP_TMP/state"
	export XDG_CONFIG_HOME="$HOME/.config"
	mkdir -p "$HOME" "$XDG_STATE_HOME" || tap_bail "cannot make $HOME"
	cd "$TAP_TMP" || tap_bail "cannot enter $TAP_TMP"
}

# tap_random FILE SIZE: SIZE random bytes in FILE.
tap_random() {
	head -c "$2" /dev/urandom >"$1"
}

# tap_size FILE: its size in bytes.
tap_size() {
	stat -c %s -- "$1"
}

# tap_sha FILE: its SHA-256, hex.
tap_sha() {
	sha256sum <"$1" | cut -d' ' -f1
}

# tap_flip_byte FILE OFFSET: replace the byte at OFFSET by its complement,
# in place, so that it certainly changes.
tap_flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N 1 -- "$1" | tr -d ' ')
	[ -n "$b" ] || return 1
	# shellcheck disable=SC2059 # the format is the byte, octal-escaped
	printf "\\$(printf %03o $((b ^ 255)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ---------------------------------------------------------------- setup

case ${FERRY:-} in
'') tap_bail "FERRY is not set (the path of the ferry binary)" ;;
/*) ;;
*) FERRY=$PWD/$FERRY ;;
esac
[ -x "$FERRY" ] || tap_bail "no ferry binary at $FERRY"
export FERRY

TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ferry-cli.XXXXXX") ||
    tap_bail "cannot make a temporary directory"
TAP_OUT=$TAP_TMP/stdout
TAP_ERR=$TAP_TMP/stderr
trap tap_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
