#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/demo.sh: the demo (tests/demo/sandbox, what "./bootstrap
# --demo" runs) in tmux: its welcome box shows and a key closes it; the
# right pane is the demo's own sshd, listing its SFTP directory with the
# interrupted upload marked ◐; F5 on its source brings up the resume
# question and resuming completes the file on the server; after q the
# server (the PID the demo wrote) is gone, its port closed and the demo's
# directory removed.  A Ctrl-C while the demo sets up, and a kill -9 of the
# demo script, stop the server as well.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
top_srcdir=$(cd "${top_srcdir:-$(dirname "$0")/../..}" && pwd)
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/tui.sh"
tui_require
tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
# The demo makes its directory here, so that the EXIT trap removes
# whatever it leaves.
export TMPDIR=$TAP_TMP
if [ ! -x /usr/sbin/sshd ]; then
	[ "${CI:-}" != true ] || tap_bail "no /usr/sbin/sshd"
	echo "1..0 # SKIP no /usr/sbin/sshd (openssh-server)"
	exit 0
fi
# Setting up makes 50 MB of files and cuts two copies off: slow under load.
SETUP_WAIT=${SETUP_WAIT:-90}

# demo_start: the demo in a fresh tmux session; its exit status goes to
# $TAP_TMP/status.
demo_start() {
	rm -f "$TAP_TMP/status"
	tui new-session -d -s ferry -x 100 -y 30 -c "$TAP_TMP" \
	    "bash '$top_srcdir/tests/demo/sandbox' '$FERRY';
	    echo \$? >'$TAP_TMP/status'" || tap_bail "cannot start tmux"
}

# demo_started DESC: the demo's server runs (its PID and port written);
# else the screen and the demo's log are shown, and the script stops.
demo_started() {
	tap_ok "$1" tap_wait_for "$SETUP_WAIT" sshd_pid_written && return 0
	tui_screen | sed 's/^/#   |/'
	tap_bail "the demo did not start its server"
}

# demo_dir: the one directory the demo made.
demo_dir() {
	local d
	for d in "$TAP_TMP"/ferry-demo.*; do
		[ -d "$d" ] && echo "$d" && return 0
	done
	return 1
}
sshd_pid_written() {
	[ -s "$(demo_dir)/sshd.pid" ] && [ -s "$(demo_dir)/sshd.port" ]
}
# port_closed PORT: nothing accepts a connection on 127.0.0.1:PORT.
port_closed() {
	! timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
status_is_written() { [ -s "$TAP_TMP/status" ]; }
no_demo_dir() { ! demo_dir >/dev/null; }

# ---------------------------------------------------------------- the tour

demo_start
demo_started "the_demo_starts_its_server"
DIR=$(demo_dir)
PID=$(cat "$DIR/sshd.pid" 2>/dev/null)
PORT=$(cat "$DIR/sshd.port" 2>/dev/null)
tap_ok "the_pid_is_an_sshd" grep -q sshd "/proc/$PID/cmdline"
TUI_WAIT=$SETUP_WAIT tui_check "the_welcome_box_shows" \
    tui_shows_all "Welcome" "This is ferry's demo." "port $PORT"
tui_check "and_says_f5_on_a_partial_finishes_it" \
    tui_shows "Or F5 on a ◐ file itself: r finishes it"
tui_keys x
tui_check "a_key_closes_it" tui_hides "This is ferry's demo."
right_lists_the_server() {
	tui_right_shows "/pub" && tui_right_shows "/photos" &&
	    tui_right_shows "README"
}
tui_check "the_right_pane_lists_the_demo_directory_on_the_server" \
    right_lists_the_server
tui_check "the_interrupted_upload_is_marked_on_the_server" \
    tui_right_shows "◐ backup.tar"
tap_ok "the_listing_came_over_sftp_with_the_demo_key" \
    grep -q "Accepted publickey for $(id -un) from 127.0.0.1" \
    "$DIR/sshd/log"
tui_check "the_interrupted_download_is_marked_on_the_left" \
    tui_shows "◐ demo-12.iso"
tap_prefix "and_it_is_a_real_partial_of_the_server_file" \
    "$DIR/local/demo-12.iso" "$DIR/server/pub/iso/demo-12.iso"

# The left pane is active: down to backup.tar, F5.
select_backup() {
	local _
	for _ in 1 2 3 4 5; do
		tui_cursor_in left "backup.tar" && return 0
		tui_keys Down
		sleep 0.2
	done
	tui_cursor_in left "backup.tar"
}
tap_ok "the_cursor_reaches_the_source_of_the_upload" select_backup
tui_keys F5
tui_check "f5_onto_the_partial_brings_up_the_resume_question" \
    tui_shows "[R]esume"
tui_check "the_question_cites_the_resume_record" \
    tui_shows "resume record: same source size and time"
tui_keys r
resumed() { cmp -s "$DIR/local/backup.tar" "$DIR/server/backup.tar"; }
TUI_WAIT=60 tui_check "resuming_completes_the_upload_byte_for_byte" resumed
tui_check "the_mark_is_gone_on_the_server" tui_hides "◐ backup.tar"
tui_keys q
tui_check "q_quits" status_is_written
tap_is "the_demo_exits_with_ferrys_status_0" \
    "$(cat "$TAP_TMP/status" 2>/dev/null)" 0
tap_ok "the_server_is_gone" tap_wait_for 10 tap_dead "$PID"
tap_ok "its_port_is_closed" port_closed "$PORT"
tap_ok "the_demo_directory_is_removed" no_demo_dir
tap_ok "the_session_ended" tap_wait_for 10 tui_gone

# ---------------------------------------------------------------- Ctrl-C

# While the copies are being cut off (the server runs, ferry's file
# manager has not started yet), Ctrl-C ends the demo and the server.
demo_start
demo_started "the_demo_starts_its_server_again"
PID=$(cat "$(demo_dir)/sshd.pid" 2>/dev/null)
PORT=$(cat "$(demo_dir)/sshd.port" 2>/dev/null)
tui_keys C-c
tap_ok "ctrl_c_ends_the_demo" tap_wait_for 30 status_is_written
tap_is "with_status_130" "$(cat "$TAP_TMP/status" 2>/dev/null)" 130
tap_ok "and_the_server_is_gone" tap_wait_for 10 tap_dead "$PID"
tap_ok "its_port_is_closed_too" port_closed "$PORT"
tap_ok "the_demo_directory_is_removed_too" no_demo_dir
tap_wait_for 10 tui_gone

# ---------------------------------------------------------------- kill -9

# The demo script killed outright: its watchdog stops the server.
demo_start
demo_started "the_demo_starts_its_server_a_third_time"
DIR=$(demo_dir)
PID=$(cat "$DIR/sshd.pid" 2>/dev/null)
TUI_WAIT=$SETUP_WAIT tui_check "the_file_manager_runs" \
    tui_shows "This is ferry's demo."
SCRIPT=$(ps -o ppid= -p "$PID" | tr -d ' ')
FM=$(pgrep -P "${SCRIPT:-0}" -x ferry)
tap_ok "the_script_is_the_servers_parent" \
    grep -q sandbox "/proc/$SCRIPT/cmdline"
# The watchdog: the script's child reading the pipe (its stdin).
WATCH=$(for p in $(pgrep -P "${SCRIPT:-0}"); do
	[ "$p" != "$PID" ] && [ "$p" != "$FM" ] && echo "$p"
done | head -n 1)
PIPE=$(readlink "/proc/${WATCH:-0}/fd/0" 2>/dev/null)
# With no session open on sshd (the script held still, its file manager
# ended): the watchdog's pkill of sshd's children then finds none, which
# ended the watchdog under the script's set -e before it stopped sshd.
kill -STOP "$SCRIPT"
[ -z "$FM" ] || kill -TERM "$FM" 2>/dev/null
no_session() { [ -z "$(pgrep -P "$PID")" ]; }
tap_ok "with_the_file_manager_gone_sshd_has_no_session" \
    tap_wait_for 20 no_session
kill -9 "$SCRIPT"
# (30 s: under the load of a whole suite, with sanitizers, stopping
# sshd and its session has taken over 10.)
if ! tap_ok "killing_the_script_stops_the_server" \
    tap_wait_for 30 tap_dead "$PID"; then
	echo "# the server: $(ps -o pid=,stat=,etime=,args= -p "$PID")"
	echo "# the watchdog ${WATCH:-?} on ${PIPE:-?}:" \
	    "$(ps -o pid=,stat=,args= -p "${WATCH:-0}")"
	sed 's/^/# /' "$DIR/watchdog.log" 2>/dev/null ||
	    echo "# no $DIR/watchdog.log: the watchdog did not see the end"
	for f in /proc/[0-9]*/fd/*; do
		[ -n "$PIPE" ] && [ "$(readlink "$f" 2>/dev/null)" = "$PIPE" ] &&
		    echo "# the pipe is open in $f:" \
		    "$(ps -o args= -p "$(echo "$f" | cut -d/ -f3)")"
	done
fi
tap_ok "the_watchdog_says_it_stopped_the_server" \
    tap_wait_for 10 grep -q "sshd $PID: gone" "$DIR/watchdog.log"
# The file manager (ended above; by PID again in case it did not).
[ -z "$FM" ] || kill -9 "$FM" 2>/dev/null
tui kill-session -t ferry 2>/dev/null

tap_done
