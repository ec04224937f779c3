#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/lanes.sh: the file manager never waits, against real servers,
# driven through tmux:
# - one password prompt for a whole session on a server (SFTP with a
#   password-only account, FTPS and FTP on proftpd): three directories
#   down, two files copied (keeping the servers' times), back up;
# - listings in both panes while a large download runs, without waiting
#   for it (the times measured are logged);
# - Esc during a download, then F5 at once: the resume question; Resume
#   completes it byte for byte; the same for an FTP upload to proftpd,
#   after which the server lists at once;
# - the queue: one of four copies cancelled from the queue view, the
#   others complete, a retry completes it;
# - --limit-rate holds in the file manager;
# - SIGTERM during a copy: the terminal is restored, the partial and its
#   record stay, and a resume completes it.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home
. "$top_srcdir/tests/lib/sshd.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/testuser.sh"
trap 'tui_cleanup; ftpd_cleanup; tap_cleanup' EXIT
TUI_WAIT=20

ftpd_need proftpd
sshd_setup "file_manager_lanes"

L=$TAP_TMP/local
mkdir -p "$L"

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
# run.sh STATUS ARGS...: ferry ARGS, its exit status into STATUS.
status=$1
shift
"$FERRY" "$@"
echo $? >"$status"
# keep the terminal for a look at what ferry left on it
[ ! -e "$status.hold" ] || sleep 30
EOF

# start ARGS...: ferry ARGS in a fresh tmux session, in $L.
start() {
	rm -f "$TAP_TMP/status"
	tui kill-session -t ferry >/dev/null 2>&1
	tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
	    sh "$TAP_TMP/run.sh" "$TAP_TMP/status" "$@" ||
	    tap_bail "cannot start tmux"
}

# The pid of ferry in the tmux session.
ferry_pid() {
	pgrep -P "$(tui list-panes -t ferry -F '#{pane_pid}')" -x ferry
}

# ms: milliseconds since the epoch.
ms() {
	date +%s%3N
}

# latency TIMEOUT_MS CMD...: run CMD until it passes, print the ms taken
# (or TIMEOUT_MS when it never did).
latency() {
	local t0 limit=$1
	shift
	t0=$(ms)
	while ! "$@"; do
		if [ $(($(ms) - t0)) -ge "$limit" ]; then
			echo "$limit"
			return 1
		fi
		sleep 0.02
	done
	echo $(($(ms) - t0))
}

# select_in PANE NAME: move the cursor onto NAME (at most 12 rows down).
select_in() {
	local i
	tui_keys Home
	sleep 0.1
	for i in $(seq 1 12); do
		tui_cursor_in "$1" "$2" && return 0
		tui_keys Down
		sleep 0.1
	done
	tui_cursor_in "$1" "$2"
}

# ferry ended, whatever its status (a kill -9 leaves the shell's).
sigterm_ended_any() { [ -s "$TAP_TMP/status" ]; }

# same_mtimes DIR1 DIR2 NAME...: each NAME has the same modification time
# (to the second: what MLSD and SFTP give) in both directories.
same_mtimes() {
	local a=$1 b=$2 n
	shift 2
	for n in "$@"; do
		[ "$(stat -c %Y -- "$a/$n")" = "$(stat -c %Y -- "$b/$n")" ] ||
		    return 1
	done
}

prompts_now() {
	tui_screen | grep -c "Password for"
}

# ---------------------------------------------------------------- one login

if testuser_or_skip "sftp_password_account"; then
	U=$TESTUSER
	rm -f "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
	mkdir -p "$TESTUSER_HOME/d1/d2/d3"
	tap_random "$TESTUSER_HOME/d1/d2/d3/f1.bin" 200000
	tap_random "$TESTUSER_HOME/d1/d2/d3/f2.bin" 300000
	touch -d "2020-01-02 03:04:05" "$TESTUSER_HOME"/d1/d2/d3/f?.bin
	chown -R "$U" "$TESTUSER_HOME/d1"
	start "$(sshd_url "" "" "$U")"
	tui_check "sftp_the_first_connection_asks_the_password" \
	    tui_shows "Password for"
	tui_keys -l "$TESTUSER_PASSWORD"
	tui_keys Enter
	tui_check "sftp_the_server_is_listed" tui_right_shows "d1"
	tui_keys Tab
	for d in d1 d2 d3; do
		select_in right "$d"
		tui_keys Enter
		case $d in
		d3) want=f1.bin ;;
		d1) want=d2 ;;
		d2) want=d3 ;;
		esac
		tui_check "sftp_entering_${d}_lists_it_without_asking_again" \
		    tui_right_shows "$want"
		tap_is "sftp_no_password_question_in_$d" "$(prompts_now)" 0
	done
	select_in right f1.bin
	tui_keys IC IC
	tui_keys F5
	both_copied() {
		cmp -s "$TESTUSER_HOME/d1/d2/d3/f1.bin" "$L/f1.bin" &&
		    cmp -s "$TESTUSER_HOME/d1/d2/d3/f2.bin" "$L/f2.bin"
	}
	tui_check "sftp_two_marked_files_are_copied" both_copied
	tui_check "sftp_the_copies_keep_the_servers_times" same_mtimes \
	    "$TESTUSER_HOME/d1/d2/d3" "$L" f1.bin f2.bin
	tap_is "sftp_the_copies_asked_no_password" "$(prompts_now)" 0
	for i in 1 2 3; do
		tui_keys BSpace
		sleep 0.3
	done
	tui_check "sftp_back_up_at_the_login_directory" tui_right_shows "d1"
	tap_is "sftp_exactly_one_password_question_in_all" "$(prompts_now)" 0
	tui_keys q
	tui_check "sftp_q_quits" tui_gone
	rm -f "$L/f1.bin" "$L/f2.bin"
	sshd_ferry_home
fi

# ftp_one_login NAME ARGS...: ferry ARGS (ending with the server's URL)
# on the proftpd started last: one password for three directories down,
# two files copied and back up.
ftp_one_login() {
	local name=$1 d want
	shift
	PW=$(cat "$FTPD_PWFILE")
	mkdir -p "$FTPD_ROOT/e1/e2/e3"
	tap_random "$FTPD_ROOT/e1/e2/e3/g1.bin" 200000
	tap_random "$FTPD_ROOT/e1/e2/e3/g2.bin" 100000
	touch -d "2020-01-02 03:04:05" "$FTPD_ROOT"/e1/e2/e3/g?.bin
	start "$@"
	tui_check "${name}_the_first_connection_asks_the_password" \
	    tui_shows "Password for"
	tui_keys -l "$PW"
	tui_keys Enter
	tui_check "${name}_the_server_is_listed" tui_right_shows "e1"
	tui_keys Tab
	for d in e1 e2 e3; do
		select_in right "$d"
		tui_keys Enter
		case $d in
		e1) want=e2 ;;
		e2) want=e3 ;;
		e3) want=g1.bin ;;
		esac
		tui_check "${name}_entering_${d}_lists_it_without_asking_again" \
		    tui_right_shows "$want"
		tap_is "${name}_no_password_question_in_$d" "$(prompts_now)" 0
	done
	select_in right g1.bin
	tui_keys IC IC F5
	tui_check "${name}_two_marked_files_are_copied" ftp_both
	tui_check "${name}_the_copies_keep_the_servers_times" same_mtimes \
	    "$FTPD_ROOT/e1/e2/e3" "$L" g1.bin g2.bin
	for d in 1 2 3; do
		tui_keys BSpace
		sleep 0.3
	done
	tui_check "${name}_back_up_at_the_login_directory" \
	    tui_right_shows "e1"
	tap_is "${name}_exactly_one_password_question_in_all" \
	    "$(prompts_now)" 0
	tap_not "${name}_the_password_is_never_on_the_screen" tui_shows "$PW"
	tui_keys q
	tui_check "${name}_q_quits" tui_gone
	rm -f "$L/g1.bin" "$L/g2.bin"
}
ftp_both() {
	cmp -s "$FTPD_ROOT/e1/e2/e3/g1.bin" "$L/g1.bin" &&
	    cmp -s "$FTPD_ROOT/e1/e2/e3/g2.bin" "$L/g2.bin"
}

# FTPS (explicit, TLS required on control and data) with a password.
ftpd_proftpd on tls
ftp_one_login ftps --cacert "$FTPD_CA" "$FTPD_URL/"
tap_ok "ftps_the_server_saw_tls_on_every_connection" \
    grep -q "TLSv1.3 data connection accepted" "$FTPD_DIR/tls.log"
# Plain FTP: the server the tests below use too.
ftpd_proftpd on
ftp_one_login ftp "$FTPD_URL/"

# ---------------------------------------------------------------- browse

# A 512 MiB download at 20 MiB/s runs for about 25 s; listings in both
# panes and Ctrl-R come back while it runs.  A listing that waited
# behind the copy would take the rest of those 25 s: the bound is 2 s,
# and the measured times go to the log (and the note).
head -c $((512 * 1024 * 1024)) /dev/zero >"$SSHD_HOME/big.bin" 2>/dev/null ||
    tap_bail "no room for a 512 MiB file"
mkdir -p "$SSHD_HOME/rdir" "$L/ldir"
echo one >"$SSHD_HOME/rdir/inside-remote.txt"
echo two >"$L/ldir/inside-local.txt"
start --limit-rate 20M "$(sshd_url "")"
tui_check "the_server_is_listed_for_the_browse_test" tui_right_shows "big.bin"
tui_keys Tab
select_in right big.bin
tui_keys F5
copying() { [ "$(tap_size "$L/big.bin" 2>/dev/null || echo 0)" -gt 0 ]; }
tui_check "the_large_download_runs" copying
select_in right rdir
tui_keys Enter
t_remote=$(latency 5000 tui_right_shows "inside-remote.txt")
tap_ok "a_remote_listing_during_the_download_does_not_wait_for_it (${t_remote} ms)" \
    test "$t_remote" -lt 2000
tui_keys Tab
select_in left ldir
tui_keys Enter
t_local=$(latency 5000 tui_shows "inside-local.txt")
tap_ok "a_local_listing_during_the_download_does_not_wait_for_it (${t_local} ms)" \
    test "$t_local" -lt 2000
tui_keys C-r
t_reread=$(latency 5000 tui_shows "inside-local.txt")
tap_ok "ctrl_r_during_the_download_does_not_wait_for_it (${t_reread} ms)" \
    test "$t_reread" -lt 2000
still() {
	local s
	s=$(tap_size "$L/big.bin")
	[ "$s" -gt 0 ] && [ "$s" -lt $((512 * 1024 * 1024)) ]
}
tap_ok "the_download_was_still_running_meanwhile" still
# Alt and a key is Esc and the key at once: not Esc, which would stop
# the download (Alt-z is bound to nothing).
size0=$(tap_size "$L/big.bin")
tui_keys M-z
grows() { [ "$(tap_size "$L/big.bin")" -gt "$size0" ]; }
sleep 1
tui_check "alt_z_does_not_stop_the_download" grows
tap_not "alt_z_says_nothing_stopped" tui_shows "stopped"
tap_diag "listing latencies during the download: remote ${t_remote} ms," \
    "local ${t_local} ms, reread ${t_reread} ms"

# ---------------------------------------------------------------- Esc, F5

# Esc at about 30 %, then F5 at once: the question within 2 s.
tui_keys BSpace
tui_keys Tab
tui_keys BSpace
tui_check "back_in_the_remote_login_directory" tui_right_shows "big.bin"
at30() { [ "$(tap_size "$L/big.bin")" -ge $((150 * 1024 * 1024)) ]; }
TUI_WAIT=30 tui_check "the_download_reaches_30_percent" at30
tui_keys Escape
stopped() { tui_shows "stopped"; }
tui_check "esc_stops_the_download" stopped
select_in right big.bin
tui_keys F5
t=$(latency 5000 tui_shows "already exists")
tap_ok "f5_after_esc_asks_within_2s (${t} ms)" test "$t" -lt 2000
# The source as the panes show it: decoded, no %2F or %7E.
src_shown() {
	tui_screen | grep -q "source  sftp://[^ ]*127\.0\.0\.1:$SSHD_PORT/[^ ]*big\.bin" &&
	    ! tui_screen | grep -q "source .*%"
}
tui_check "the_question_shows_the_source_decoded" src_shown
tui_keys r
big_done() { cmp -s "$SSHD_HOME/big.bin" "$L/big.bin"; }
TUI_WAIT=60 tui_check "resume_completes_the_download_byte_for_byte" big_done
tui_keys q
tui_check "quits_after_the_download" tui_gone
rm -f "$SSHD_HOME/big.bin" "$L/big.bin"

# An FTP upload to proftpd: Esc, F5, Resume; the server lists at once.
tap_random "$L/up.bin" $((64 * 1024 * 1024))
start --limit-rate 16M "$FTPD_URL/"
tui_check "ftp_upload_asks_the_password" tui_shows "Password for"
tui_keys -l "$PW"
tui_keys Enter
tui_check "ftp_upload_server_listed" tui_right_shows "e1"
select_in left up.bin
tui_keys F5
up30() { [ "$(tap_size "$FTPD_ROOT/up.bin" 2>/dev/null || echo 0)" -ge $((20 * 1024 * 1024)) ]; }
TUI_WAIT=30 tui_check "the_ftp_upload_reaches_30_percent" up30
tui_keys Escape
# (the message line may show a later notice: the log keeps them all)
up_stopped() {
	local a b
	a=$(tap_size "$FTPD_ROOT/up.bin")
	sleep 0.5
	b=$(tap_size "$FTPD_ROOT/up.bin")
	[ "$a" = "$b" ] && [ "$b" -lt $((64 * 1024 * 1024)) ]
}
tui_check "esc_stops_the_upload" up_stopped
tui_keys L
tui_check "the_log_says_the_upload_stopped" tui_shows "up.bin: stopped"
tui_keys Escape
tui_keys F5
t=$(latency 5000 tui_shows "already exists")
tap_ok "ftp_f5_after_esc_asks_within_2s (${t} ms)" test "$t" -lt 2000
tui_keys r
up_done() { cmp -s "$L/up.bin" "$FTPD_ROOT/up.bin"; }
TUI_WAIT=60 tui_check "resume_completes_the_upload_byte_for_byte" up_done
echo listed-after >"$FTPD_ROOT/after.txt"
tui_keys Tab C-r
t=$(latency 5000 tui_right_shows "after.txt")
tap_ok "the_server_lists_at_once_after_the_upload (${t} ms)" \
    test "$t" -lt 2000
tui_keys q
tui_check "quits_after_the_upload" tui_gone
rm -f "$FTPD_ROOT/up.bin" "$L/up.bin"

# ---------------------------------------------------------------- queue

mkdir -p "$L/four"
for i in 1 2 3 4; do
	tap_random "$L/four/q$i.bin" $((8 * 1024 * 1024))
done
mkdir -p "$SSHD_HOME/qdest"
start --limit-rate 1M "$(sshd_url qdest/)"
tui_check "the_queue_test_target_is_listed" tui_shows "four"
select_in left four
tui_keys Enter
tui_check "the_four_files_are_listed" tui_shows "q4.bin"
select_in left q1.bin
tui_keys IC IC IC IC F5
tui_keys F2
tui_check "the_queue_view_shows_two_running_two_waiting" \
    tui_shows "Transfer queue: 2 running, 2 waiting"
tui_keys Down c
tui_check "the_second_item_is_cancelled" tui_shows "cancelled"
three() {
	for i in 1 3 4; do
		cmp -s "$L/four/q$i.bin" "$SSHD_HOME/qdest/q$i.bin" || return 1
	done
}
TUI_WAIT=60 tui_check "the_other_three_complete" three
tap_not "the_cancelled_one_is_not_complete" \
    cmp -s "$L/four/q2.bin" "$SSHD_HOME/qdest/q2.bin"
tui_keys r
q2() { cmp -s "$L/four/q2.bin" "$SSHD_HOME/qdest/q2.bin"; }
# The partial it left is asked about (unless it was still empty).
q2_or_question() { q2 || tui_shows "already exists"; }
tui_check "a_retry_runs_the_item_again" q2_or_question
if tui_shows "already exists"; then
	tui_keys r
fi
TUI_WAIT=60 tui_check "the_retried_copy_completes" q2
q2_ended() { tui_shows "Transfer queue: 0 running, 0 waiting"; }
tui_check "the_queue_has_ended" q2_ended
tui_keys Escape
tui_check "esc_closes_the_queue_view" tui_hides "Transfer queue"
tui_keys q
tui_check "quits_after_the_queue" tui_gone

# ---------------------------------------------------------------- kill -9

# Two items running and one waiting when ferry is killed: the next start
# offers the three, and accepting completes them byte for byte.
mkdir -p "$L/three" "$SSHD_HOME/kdest"
for i in 1 2 3; do
	tap_random "$L/three/k$i.bin" $((24 * 1024 * 1024))
done
start --limit-rate 3M "$(sshd_url kdest/)"
tui_check "the_kill_test_target_is_listed" tui_shows "three"
select_in left three
tui_keys Enter
tui_check "the_three_files_are_listed" tui_shows "k3.bin"
select_in left k1.bin
tui_keys IC IC IC F5
two_running() {
	[ "$(tap_size "$SSHD_HOME/kdest/k1.bin" 2>/dev/null || echo 0)" -gt 1000000 ] &&
	    [ "$(tap_size "$SSHD_HOME/kdest/k2.bin" 2>/dev/null || echo 0)" -gt 1000000 ]
}
tui_check "two_items_run_and_one_waits" two_running
tap_ok "the_third_has_not_started" test ! -s "$SSHD_HOME/kdest/k3.bin"
kill -9 "$(ferry_pid)"
tui_check "ferry_is_killed" sigterm_ended_any
start "$(sshd_url kdest/)"
tui_check "the_next_start_offers_the_three_unfinished_items" \
    tui_shows "3 transfers did not finish last time"
tap_ok "the_offer_names_the_waiting_one_too" tui_shows "k3.bin"
tui_keys r
three_done() {
	for i in 1 2 3; do
		cmp -s "$L/three/k$i.bin" "$SSHD_HOME/kdest/k$i.bin" || return 1
	done
}
TUI_WAIT=60 tui_check "accepting_completes_all_three_byte_for_byte" three_done
batch_said() { tui_shows "2 resumed"; }
tui_check "the_batch_summary_says_two_resumed_and_one_copied" batch_said
tui_keys q
tui_check "quits_after_the_restored_queue" tui_gone
rm -rf "$L/three" "$SSHD_HOME/kdest"

# ---------------------------------------------------------------- rate

tap_random "$L/rate.bin" $((400 * 1024 * 1024))
start --limit-rate 20M "$(sshd_url "")"
touch "$TAP_TMP/status.hold"
tui_check "the_rate_test_server_is_listed" tui_right_shows "qdest"
select_in left rate.bin
tui_keys F5
rate_started() { [ "$(tap_size "$SSHD_HOME/rate.bin" 2>/dev/null || echo 0)" -gt $((20 * 1024 * 1024)) ]; }
tui_check "the_rate_limited_copy_runs" rate_started
s0=$(tap_size "$SSHD_HOME/rate.bin")
sleep 10
s1=$(tap_size "$SSHD_HOME/rate.bin")
rate=$(((s1 - s0) / 10))
tap_diag "measured $rate bytes/s over 10 s with --limit-rate 20M"
# The limit holds (at most 10 % over); below it, a loaded machine may
# simply not keep up, so the lower bound is 25 % under.
tap_ok "limit_rate_20M_is_not_exceeded ($rate B/s)" \
    test "$rate" -le $((22 * 1024 * 1024))
tap_ok "limit_rate_20M_is_nearly_reached ($rate B/s)" \
    test "$rate" -ge $((15 * 1024 * 1024))

# ---------------------------------------------------------------- SIGTERM

kill -TERM "$(ferry_pid)"
sigterm_ended() { [ -s "$TAP_TMP/status" ]; }
tui_check "sigterm_ends_ferry" sigterm_ended
tap_is "sigterm_exit_status_is_143" "$(cat "$TAP_TMP/status")" 143
tap_not "the_terminal_is_restored_no_key_bar_left" tui_shows "F5 Copy"
tap_not "no_curses_residue_on_the_screen" tui_shows "rate.bin"
tap_ok "the_partial_is_kept" test -s "$SSHD_HOME/rate.bin"
records() { compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null; }
tap_ok "its_record_is_kept" records
tap_exit_is "a_later_resume_completes" 0 \
    "$FERRY" -q -c put "$L/rate.bin" "$(sshd_url rate.bin)"
tap_same_file "the_resumed_file_is_whole" "$L/rate.bin" "$SSHD_HOME/rate.bin"

tap_done
