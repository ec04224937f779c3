#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/resume.sh: interrupted SFTP transfers against a real sshd.
#   - get and put killed with -9 part-way (rate limited so that they are
#     slow enough) leave a strict prefix of the source; --resume completes
#     it byte for byte;
#   - get and put through tests/lib/cutproxy.py, which cuts the TCP
#     connection part-way: with --retries 0 ferry fails (exit 4) leaving a
#     strict prefix, and --resume completes it; with --retries the engine
#     reconnects by itself and completes it (exit 0, one cut seen);
#   - a connection that goes silent ends with the idle timeout (--timeout)
#     and the engine reconnects;
#   - overlap mismatch both ways: a partial whose first bytes or whose
#     bytes just before the offset differ from the source is refused with
#     exit 5 and left as it was (sha256).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
sshd_setup "sftp_resume"
R=$SSHD_HOME
MiB=$((1024 * 1024))

tap_random big.bin $((8 * MiB))
cp big.bin "$R/big.bin"

larger_than() {
	[ -f "$1" ] && [ "$(tap_size "$1")" -gt "$2" ]
}

# ---------------------------------------------------------------- killed

# killed_resumes DIR SRC DST PART: DIR (get or put) from SRC to DST at
# 1 MiB/s, killed once PART (the target's file) has more than 1 MiB, leaves
# a strict prefix; --resume completes it.
killed_resumes() {
	local dir=$1 src=$2 dst=$3 part=$4 pid
	tap_bg "$FERRY" -q --limit-rate 1M "$dir" "$src" "$dst"
	pid=$TAP_BG
	tap_ok "killed_${dir}_writes_more_than_1_MiB_within_30_s" \
	    tap_wait_for 30 larger_than "$part" "$MiB"
	tap_kill "$pid"
	tap_is "killed_${dir}_died_of_the_signal" "$TAP_BG_STATUS" 137
	tap_prefix "killed_${dir}_leaves_a_strict_prefix" "$part" big.bin
	tap_exit_is "resume_of_the_killed_${dir}_exits_0" 0 \
	    "$FERRY" -q --resume "$dir" "$src" "$dst"
	tap_same_file "resume_of_the_killed_${dir}_completes_it" big.bin "$part"
}
killed_resumes get "$(sshd_url big.bin)" killed-get.bin killed-get.bin
killed_resumes put big.bin "$(sshd_url killed-put.bin)" "$R/killed-put.bin"

# ---------------------------------------------------------------- cut

# proxy_start [ARGS...]: a cutproxy in front of sshd; PPORT its port, the
# known_hosts file gets its name.
proxy_start() {
	local pf=$TAP_TMP/proxy.$RANDOM
	tap_bg python3 "$srcdir/tests/lib/cutproxy.py" --target "$SSHD_PORT" \
	    --port-file "$pf" --lifetime 120 "$@"
	PPID_=$TAP_BG
	PFILE=$pf
	tap_wait_for 10 test -s "$pf" || tap_bail "cutproxy did not start"
	PPORT=$(cat "$pf")
	sshd_known_hosts "$HOME/.ssh/known_hosts.proxy" "$PPORT"
	cat "$HOME/.ssh/known_hosts.proxy" >>"$HOME/.ssh/known_hosts"
}
proxy_stop() {
	kill "$PPID_" 2>/dev/null
	tap_reap "$PPID_" 5
}
cuts() {
	cat "$PFILE.cuts"
}

# endpoints DIR NAME: SRC, DST and PART (the target's file) for a DIR
# (get or put) of big.bin to NAME through the proxy.
endpoints() {
	if [ "$1" = get ]; then
		SRC=$(sshd_url big.bin "$PPORT") DST=$2 PART=$2
	else
		SRC=big.bin DST=$(sshd_url "$2" "$PPORT") PART=$R/$2
	fi
}

# cut_then_resume DIR: the connection is cut after 3 MiB; with --retries 0
# ferry fails with 4 and leaves a strict prefix, which --resume completes.
cut_then_resume() {
	local dir=$1
	proxy_start --cut-after $((3 * MiB))
	endpoints "$dir" "cut-$dir.bin"
	tap_exit_is "cut_${dir}_without_retries_fails_with_4" 4 \
	    "$FERRY" -q --retries 0 --timeout 10 "$dir" "$SRC" "$DST"
	tap_is "the_proxy_cut_the_${dir}_once" "$(cuts)" 1
	tap_prefix "cut_${dir}_leaves_a_strict_prefix" "$PART" big.bin
	tap_exit_is "resume_of_the_cut_${dir}_exits_0" 0 \
	    "$FERRY" -q --resume "$dir" "$SRC" "$DST"
	tap_same_file "resume_of_the_cut_${dir}_completes_it" big.bin "$PART"
	proxy_stop
}
cut_then_resume get
cut_then_resume put

# retried DIR: the engine reconnects by itself after the cut.
retried() {
	local dir=$1
	proxy_start --cut-after $((3 * MiB))
	endpoints "$dir" "retry-$dir.bin"
	tap_exit_is "cut_${dir}_with_retries_reconnects_and_exits_0" 0 \
	    "$FERRY" --retries 3 --timeout 10 "$dir" "$SRC" "$DST"
	tap_like "cut_${dir}_with_retries_says_it_retries" "$(cat "$TAP_ERR")" \
	    "retrying"
	tap_is "the_proxy_cut_the_retried_${dir}" "$(cuts)" 1
	tap_same_file "cut_${dir}_with_retries_completes_it" big.bin "$PART"
	proxy_stop
}
retried get
retried put

# A connection that goes silent (the proxy stops forwarding but keeps it
# open) ends with the idle timeout, and the engine reconnects.
proxy_start --cut-after $((3 * MiB)) --stall
endpoints get stall-get.bin
t0=$(date +%s)
tap_exit_is "a_stalled_get_times_out_reconnects_and_exits_0" 0 \
    "$FERRY" --retries 2 --timeout 2 get "$SRC" "$DST"
t1=$(date +%s)
tap_like "a_stalled_get_says_it_got_no_answer" "$(cat "$TAP_ERR")" \
    "no answer for 2 seconds"
tap_ok "a_stalled_get_gave_up_on_the_silence_within_20_s" \
    test $((t1 - t0)) -lt 20
tap_same_file "a_stalled_get_completes_it" big.bin "$PART"
proxy_stop

# ---------------------------------------------------------------- mismatch

# mismatch DIR SRC DST PART AT: PART holds the first 3 MiB of the source
# with the byte at AT changed: --resume refuses (5) and leaves it.
mismatch() {
	local dir=$1 src=$2 dst=$3 part=$4 at=$5 sum
	head -c $((3 * MiB)) big.bin >"$part"
	tap_flip_byte "$part" "$at"
	sum=$(tap_sha "$part")
	tap_exit_is "${dir}_resume_onto_a_partial_changed_at_${at}_exits_5" 5 \
	    "$FERRY" -q --resume "$dir" "$src" "$dst"
	tap_is "${dir}_resume_leaves_the_partial_changed_at_${at}_as_it_was" \
	    "$(tap_sha "$part")" "$sum"
}
mismatch get "$(sshd_url big.bin)" mm-get.bin mm-get.bin 100
mismatch get "$(sshd_url big.bin)" mm-get.bin mm-get.bin $((3 * MiB - 10))
mismatch put big.bin "$(sshd_url mm-put.bin)" "$R/mm-put.bin" 100
mismatch put big.bin "$(sshd_url mm-put.bin)" "$R/mm-put.bin" \
    $((3 * MiB - 10))

tap_done
