#!/bin/bash
# shellcheck disable=SC2317 # helpers run through wait_until
# tests/bench/keys.sh: the file manager's key-to-screen latency while a
# large SFTP download runs at full speed, and the same with nothing
# running (the idle baseline: the floor of the measurement itself).
#
# ferry runs in a private tmux server (tests/lib/tui.sh), 120x35, the left
# pane in a local directory of 320 entries, the right pane on the tests'
# sshd (tests/lib/sshd.sh) holding one BENCH_MIB MiB file.  The cursor of
# the left pane goes Down and Up in turn, BENCH_KEYS (200) times during
# downloads of that file (F5, into the left pane) and BENCH_KEYS times
# idle (half before the downloads, half after), a key BENCH_KEY_GAP (0.03)
# s after the last one showed, about as a held key repeats.  One key's
# latency is the time from just before its send-keys to just after the
# first capture of the screen row the cursor goes to that shows the
# cursor there (reverse video).
#
# How, and the floor: one tmux control-mode client (tmux -C, as a
# coprocess, attached with ignore-size and no-output) takes the commands:
# a send-keys or a capture-pane is a line written to a pipe and a reply
# read back, not a new tmux process (whose fork and exec alone cost 15-40
# ms on a loaded 2-core machine).  The poll is a busy loop, no sleep,
# that captures only the one row the cursor must reach (bash reads a pipe
# a byte at a time: a whole screen costs ~20 ms, one row 1-3 ms).  Times
# come from $EPOCHREALTIME (no fork).  What remains is the floor: one
# send-keys, tmux's own parsing of ferry's output, and up to one capture
# (a change that lands just after a capture began is seen by the next
# one).  The idle baseline measures exactly that, plus ferry's handling
# of one key with nothing else to do; the notes give the mean cost of one
# capture (the resolution).  The floor moves with the machine's load:
# compare the two cells of one run only.
#
# A key counts as "during" the download when the progress line (a copy
# runs) is on the screen right after the key's change was seen; the first
# key of a download is pressed once the progress line shows.  A download
# that ends before BENCH_KEYS keys are counted is followed by another
# (the target removed first), up to BENCH_KEY_DOWNLOADS (40) of them: at
# --quick sizes (64 MiB) one download lasts a second or two.  Every
# download is checked (cmp).  One more download runs first with no key
# pressed, for its rate: the notes give both rates, so that a reader sees
# whether the measuring slowed the copy.
#
# Results go to $BENCH_RESULTS (see lib.sh): one line a key, its latency
# in seconds, tools "ferry" (during the downloads) and "ferry (idle
# baseline)", ferry's peak RSS (VmHWM) on every line; a failure (a key
# not shown within BENCH_KEY_WAIT (5) s, a download that failed or
# differs) adds a line with that status; a line of notes goes to
# $BENCH_NOTES.  Run by tests/bench/run; alone, from a build tree:
#
#	FERRY=$PWD/ferry top_srcdir=$PWD/.. bash ../tests/bench/keys.sh
#
# prints the p50/p99/max of both on stderr.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/bench/lib.sh"
bench_tmpdir $((2 * BENCH_MIB + 64))
. "$srcdir/tests/lib/tui.sh"
. "$srcdir/tests/lib/sshd.sh"

command -v tmux >/dev/null || tap_bail "tmux is not installed"
command -v perl >/dev/null || tap_bail "perl is not installed"
[ -n "${EPOCHREALTIME:-}" ] || tap_bail "bash 5 is needed (EPOCHREALTIME)"
tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
sshd_start || tap_bail "$SSHD_WHY"
sshd_ferry_home || tap_bail "cannot set up ~/.ssh"

KEYS=${BENCH_KEYS:-200}
DOWNLOADS=${BENCH_KEY_DOWNLOADS:-40}
KEY_WAIT=${BENCH_KEY_WAIT:-5}	# seconds before a key counts as lost
KEY_GAP=${BENCH_KEY_GAP:-0.03}	# seconds between keys (a held key repeats
				# about 30 times a second)
NOTES=${BENCH_NOTES:-$TAP_TMP/notes}
ROW="file manager: key-to-screen latency (p50/p99 ms, tmux) during a $BENCH_MIB MiB SFTP download"
BUSY=ferry
IDLE="ferry (idle baseline)"
BYTES=$((BENCH_MIB * 1024 * 1024))
WIDTH=120 HEIGHT=35
PROGRESS_ROW=$((HEIGHT - 2))	# ui/app.c: the progress line, or the hints
BIG=zz-big.bin			# after every entry of the left pane: the
				# copy never moves the rows measured
R=$SSHD_HOME
L=$TAP_TMP/local
bench_row "$ROW" latency 0

echo "# keys: making the data in $TAP_TMP" >&2
head -c "$BYTES" /dev/urandom >"$R/$BIG" || tap_bail "cannot make the file"
mkdir -p "$L" || tap_bail "cannot make $L"
(cd "$L" && seq -f 'dir-%02g' 1 20 | xargs mkdir &&
    seq -f 'entry-%04g' 1 300 | xargs touch) ||
    tap_bail "cannot make the local entries"

# now: microseconds since the epoch (press reads $EPOCHREALTIME itself:
# a command substitution forks).
now() {
	local t=$EPOCHREALTIME
	echo "${t/[.,]/}"
}

# ---------------------------------------------------------------- tmux -C

# tmc_start: the control-mode client, as the coprocess TMC (TMC_PID is
# the tmux client's own).
tmc_start() {
	coproc TMC { exec tmux -L "$TUI_SOCKET" -f /dev/null -C \
	    attach-session -t ferry -f ignore-size,no-output \
	    2>"$TAP_TMP/tmc.err"; }
	tap_pids="$tap_pids $TMC_PID"
	TMC_IN=0
	# Up to the marker's reply: the commands and replies are in step.
	tmc_send "display-message -p tmc-sync-$$" || return 1
	while tmc_read; do
		[ "$TMC_OUT" != "tmc-sync-$$"$'\n' ] || return 0
	done
	return 1
}

tmc_send() {
	printf '%s\n' "$1" >&"${TMC[1]}"
}

# tmc_read: the output of the next command block into TMC_OUT (status 1
# for %error, or when nothing comes within KEY_WAIT s); notifications
# between blocks, and blocks not of our commands (flags 0: the attach's
# own, which may come before or after the first of ours), are skipped.
tmc_read() {
	local line
	TMC_OUT=
	while IFS= read -r -t "$KEY_WAIT" line <&"${TMC[0]}"; do
		case $TMC_IN.$line in
		0.%begin*\ 1) TMC_IN=1 ;;
		0.%begin*) TMC_IN=2 ;;
		1.%end*) TMC_IN=0; return 0 ;;
		1.%error*) TMC_IN=0; return 1 ;;
		1.*) TMC_OUT+=$line$'\n' ;;
		2.%end*|2.%error*) TMC_IN=0 ;;
		esac
	done
	return 1
}

# tmc CMD: run one tmux command, its output in TMC_OUT.
tmc() {
	tmc_send "$1" && tmc_read
}

# keys_cleanup: the EXIT trap.  The control client goes first: a tmux
# server (3.3a) told to exit waits for it, and it for the server, forever.
keys_cleanup() {
	if [ -n "${TMC_PID:-}" ]; then
		kill "$TMC_PID" 2>/dev/null
		tap_reap "$TMC_PID" 5
	fi
	tui_cleanup
}
trap keys_cleanup EXIT

# row N: screen row N (0 at the top), with its attributes, into TMC_OUT.
row() {
	tmc "capture-pane -p -e -t ferry -S $1 -E $1"
}

# The cursor line: reverse video (A_REVERSE) from its first column,
# maybe after other attributes.
REVERSE=$'^(\e\\[[0-9;]*m)*\e\\[([0-9;]*;)?7(;[0-9;]*)?m'

cursor_on() {
	row "$1" && [[ $TMC_OUT =~ $REVERSE ]]
}

# progress_shown: the progress line is on the screen (a copy runs).
progress_shown() {
	tmc "capture-pane -p -t ferry -S $PROGRESS_ROW -E $PROGRESS_ROW" &&
	    [[ $TMC_OUT == *ETA* ]]
}

progress_gone() {
	! progress_shown
}

# pause SECONDS: a sleep without a fork (a read that times out).
mkfifo "$TAP_TMP/pause" || tap_bail "cannot make a fifo"
exec {PAUSE}<>"$TAP_TMP/pause"
pause() {
	read -r -t "$1" -u "$PAUSE" _
}

# wait_until SECONDS CMD...: poll CMD every 20 ms.
wait_until() {
	local limit=$(($(now) + $1 * 1000000))
	shift
	until "$@"; do
		[ "$(now)" -lt "$limit" ] || return 1
		pause 0.02
	done
	return 0
}

# ---------------------------------------------------------------- keys

# press KEY ROW: type KEY, then capture ROW until the cursor is on it, in
# a busy loop; LAT_US: microseconds from before the send-keys to after the
# capture that showed it.  1 if it does not show within KEY_WAIT s.
press() {
	local t0 t1 limit
	t0=${EPOCHREALTIME/[.,]/}
	limit=$((t0 + KEY_WAIT * 1000000))
	tmc "send-keys -t ferry $1" || return 1
	while :; do
		row "$2" || { TMC_OUT="tmux: $TMC_OUT"; return 1; }
		t1=${EPOCHREALTIME/[.,]/}
		[[ $TMC_OUT =~ $REVERSE ]] && break
		[ "$t1" -lt "$limit" ] || return 1
	done
	LAT_US=$((t1 - t0))
}

# measure MAX [during]: up to MAX keys, KEY_GAP apart, Down and Up in turn
# between rows TOP and TOP+1 (AT: where the cursor is); each latency
# appended to SAMPLES.  With "during", a key counts only if the progress
# line is still on the screen after it, and the first one not counted
# ends the loop.  1 when a key is lost.
measure() {
	local n=0 key to
	while [ "$n" -lt "$1" ]; do
		if [ "$AT" = "$TOP" ]; then
			key=Down to=$((TOP + 1))
		else
			key=Up to=$TOP
		fi
		if ! press "$key" "$to"; then
			echo "# keys: $key got no answer in $KEY_WAIT s (the" \
			    "cursor on row $AT, to row $to; row $to: $(printf %q \
			    "$TMC_OUT"))" >&2
			tui capture-pane -p -e -t ferry | cat -v |
			    sed 's/^/#   |/' >&2
			return 1
		fi
		AT=$to
		if [ "${2:-}" = during ] && ! progress_shown; then
			break
		fi
		SAMPLES+=("$LAT_US")
		n=$((n + 1))
		pause "$KEY_GAP"
	done
	return 0
}

# record TOOL STATUS: SAMPLES into the results (seconds, microsecond
# precision), then emptied.
record() {
	local us
	for us in "${SAMPLES[@]}"; do
		printf '%s\t%s\t%d.%06d\t%s\t%s\n' "$ROW" "$1" \
		    $((us / 1000000)) $((us % 1000000)) "$RSS" "$2" \
		    >>"$BENCH_RESULTS"
	done
	SAMPLES=()
}

# ---------------------------------------------------------------- downloads

# select_big: the cursor of the right pane (active) on the big file.
select_big() {
	tui_keys Home
	for _ in 1 2 3 4 5 6; do
		wait_until 1 tui_cursor_in right "$BIG" && return 0
		tui_keys Down
	done
	return 1
}

# download_start: F5 on the big file (from the right pane; the left pane
# active again after it); T_START when F5 was sent.  A dialog that asks
# (the target cannot exist: it is removed first) would be answered
# "overwrite".
download_start() {
	rm -f "$L/$BIG" "$L/$BIG.ferry-part"
	tui_keys Tab
	select_big || { echo "# keys: $BIG is not in the right pane" >&2
	    return 1; }
	T_START=$(now)
	tui_keys F5
	tui_keys Tab
	if ! wait_until 30 running_or_copied; then
		if tui_shows verwrite; then
			tui_keys o
			wait_until 30 running_or_copied && return 0
		fi
		echo "# keys: the download did not start" >&2
		tui_screen | sed 's/^/#   |/' >&2
		return 1
	fi
}

# download_end: wait for the progress line to go, then for the file;
# T_END when the line went; 1 unless the copy is byte-identical.
download_end() {
	if ! wait_until "$BENCH_TIMEOUT" progress_gone; then
		echo "# keys: the download did not end" >&2
		return 1
	fi
	T_END=$(now)
	wait_until 10 test -s "$L/$BIG" &&
	    [ "$(tap_size "$L/$BIG")" = "$BYTES" ] &&
	    bench_same "$R/$BIG" "$L/$BIG" && return 0
	echo "# keys: the download is not the same as the file" >&2
	return 1
}

# running_or_copied: the progress line shows, or the copy is already
# there whole (a small file on a fast machine: the line came and went
# between two looks).
running_or_copied() {
	progress_shown && return 0
	[ ! -e "$L/$BIG.ferry-part" ] && [ -e "$L/$BIG" ] &&
	    [ "$(tap_size "$L/$BIG")" = "$BYTES" ]
}

# flowing: bytes have arrived (the progress line shows from the moment the
# copy is queued), or the copy is over.
flowing() {
	local f
	for f in "$L/$BIG.ferry-part" "$L/$BIG"; do
		[ -e "$f" ] && [ "$(tap_size "$f")" -gt 0 ] && return 0
	done
	! progress_shown
}

# rate: MB/s of the last download, from F5 to the progress line gone.
rate() {
	awk -v b="$BYTES" -v us=$((T_END - T_START)) \
	    'BEGIN { printf "%.0f", b / us }'
}

# ---------------------------------------------------------------- run

tui new-session -d -s ferry -x "$WIDTH" -y "$HEIGHT" -c "$L" \
    "$FERRY" "$(sshd_url "")" || tap_bail "cannot start tmux"
FERRY_PID=$(tui display-message -p -t ferry '#{pane_pid}')
if ! tap_wait_for 20 tui_right_shows "$BIG" ||
    ! tap_wait_for 20 tui_shows entry-0001; then
	tui_screen | sed 's/^/#   |/'
	tap_bail "the file manager did not list both panes"
fi
tmc_start || tap_bail "no tmux control-mode client"

# The rows measured: the cursor's after three Downs (the third entry of
# the left pane), and the next one.
tui_keys Down Down Down
pause 0.5
TOP=
for r in $(seq 3 $((HEIGHT - 5))); do
	if cursor_on "$r"; then
		TOP=$r
		break
	fi
done
[ -n "$TOP" ] || tap_bail "the cursor is not on the screen"
# The info line names the cursor's entry: the replies are in step.
row $((HEIGHT - 3))
name=${TMC_OUT%"${TMC_OUT##*[![:space:]]}"}
name=${name##* }
row "$TOP"
if [ -z "$name" ] || [[ $TMC_OUT != *"$name"* ]]; then
	tap_bail "the cursor's row is not the entry the info line names" \
	    "($name)"
fi
AT=$TOP
row $((TOP + 1))
[[ $TMC_OUT == *dir-* ]] || [[ $TMC_OUT == *entry-* ]] ||
    tap_bail "no entry below the cursor"
RSS=0
SAMPLES=()
status=ok

# The resolution: what one capture of a row costs, idle (mean of 200).
t0=$(now)
for _ in $(seq 1 200); do
	row "$TOP" || tap_bail "tmux does not answer"
done
capture=$(awk -v us=$(($(now) - t0)) 'BEGIN { printf "%.2f", us / 200000 }')
echo "# keys: one capture-pane of a row: $capture ms" >&2

echo "# keys: one download with no key pressed" >&2
if ! download_start || ! download_end; then
	tap_bail "the first download failed"
fi
alone=$(rate)

half=$((KEYS / 2))
echo "# keys: $half keys idle" >&2
measure "$half" || status=timeout
idle=("${SAMPLES[@]}")
SAMPLES=()

downloads=0 during=() rates=
while [ "$status" = ok ] && [ "${#during[@]}" -lt "$KEYS" ] &&
    [ "$downloads" -lt "$DOWNLOADS" ]; do
	downloads=$((downloads + 1))
	echo "# keys: download $downloads, ${#during[@]} of $KEYS keys so far" >&2
	download_start || { status=failed; break; }
	# The left pane's cursor back on its row, and bytes arriving, before
	# the first key.
	wait_until 10 cursor_on "$AT" || { status=failed; break; }
	wait_until 30 flowing || { status=failed; break; }
	measure $((KEYS - ${#during[@]})) during || status=timeout
	during+=("${SAMPLES[@]}")
	SAMPLES=()
	download_end || { status=wrong; break; }
	rates="$rates $(rate)"
done

if [ "$status" = ok ]; then
	echo "# keys: $((KEYS - half)) keys idle" >&2
	measure $((KEYS - half)) || status=timeout
	idle+=("${SAMPLES[@]}")
	SAMPLES=()
fi

RSS=$(awk '/^VmHWM:/ { print $2 }' "/proc/$FERRY_PID/status" 2>/dev/null)
RSS=${RSS:-0}
SAMPLES=("${idle[@]}")
record "$IDLE" ok
SAMPLES=("${during[@]}")
record "$BUSY" ok
# A failure: one more line, not a latency, that marks the cell.
[ "$status" = ok ] ||
    printf '%s\t%s\t0\t%s\t%s\n' "$ROW" "$BUSY" "$RSS" "$status" \
    >>"$BENCH_RESULTS"

# quantiles: "p50 p99 max" in ms (nearest rank) of the microseconds on
# stdin.
quantiles() {
	sort -n | awk '{ v[NR] = $1 } END {
	    if (NR == 0) { print "- - -"; exit }
	    i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++
	    i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
	    printf "%.1f %.1f %.1f\n", v[i50] / 1000, v[i99] / 1000,
	    v[NR] / 1000 }'
}
read -r b50 b99 bmax <<<"$(printf '%s\n' "${during[@]}" | quantiles)"
read -r i50 i99 imax <<<"$(printf '%s\n' "${idle[@]}" | quantiles)"
echo "# keys: during the downloads: ${#during[@]} keys, p50 $b50 ms," \
    "p99 $b99 ms, max $bmax ms; idle: ${#idle[@]} keys, p50 $i50 ms," \
    "p99 $i99 ms, max $imax ms; $status" >&2
printf '%s\n' "keys: ${#during[@]} keys during $downloads download(s) of $BENCH_MIB MiB (MB/s each, F5 to the end, keys pressed:${rates:- -}; with no key pressed: $alone); ${#idle[@]} keys idle, $KEY_GAP s apart; polled through a tmux control-mode client, one screen row a capture ($capture ms each, idle)" \
    >>"$NOTES"
# As the other scripts: a failure is a cell's status, not the script's.
exit 0
