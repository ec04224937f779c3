#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/cli/segments.sh: get --segments N, one file over N connections,
# against proftpd and vsftpd (FTP, and FTPS with require_ssl_reuse) and
# sshd (SFTP): the copies are byte for byte the source's, over as many
# logins as segments; a file too small to split goes over one; ferry
# killed (-9) part-way leaves only a partial beside the target (never a
# file at the target's name) and a record of each segment, which --resume
# completes byte for byte; a partial whose seam (the byte before a
# segment's confirmed end) was changed is refused (exit 5) and left as it
# was, and so is one changed in the middle of a segment (the record's
# chunk digests); SIGINT keeps the partial for --resume; a cut of every FTP
# connection is retried by each segment; a server that takes fewer
# connections than segments gets them all over those it takes; a tree
# with a large file (get -r --segments 2 --parallel 2) arrives whole.
# The servers' parts are skipped where the server cannot run (failed in
# CI).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

tap_sandbox
MiB=$((1024 * 1024))
RECS=$XDG_STATE_HOME/ferry

# big.bin: 40 MiB and a few bytes (4 segments of 10 MiB; SEG_MIN is 8);
# small.bin: 12 MiB (one segment: below 16 MiB).
mkdir src
tap_random src/big.bin $((40 * MiB + 12345))
tap_random src/small.bin $((12 * MiB))
mkdir -p src/tree/d
cp src/big.bin src/tree/d/big.bin
for i in 1 2 3 4 5; do
	tap_random "src/tree/f$i" $((i * 1000))
done

# fy ARGS...: ferry -q with the options of the server under test; its
# status is ferry's (tap_exit_is takes the function's).
fy() {
	tap_run "$FERRY" -q "${OPTS[@]}" "$@"
	return "$TAP_STATUS"
}

# the_record: the one resume record's path (fails unless exactly one).
the_record() {
	local f n=0 found=
	for f in "$RECS"/*.rec; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		found=$f
	done
	[ "$n" = 1 ] && echo "$found"
}

# confirmed_at_least BYTES: the record's segments confirm BYTES or more,
# in two segments at least.
confirmed_at_least() {
	local rec
	rec=$(the_record) || return 1
	awk -v want="$1" '$1 == "segment" { sum += $5 - $3; if ($5 > $3) n++ }
	    END { exit !(sum >= want && n >= 2) }' "$rec"
}

# seam_of_a_later_segment: the confirmed end of a segment after the first
# that has confirmed bytes (the byte before it is its seam).
seam_of_a_later_segment() {
	awk '$1 == "segment" && $2 > 0 && $5 > $3 { print $5; exit }' \
	    "$(the_record)"
}

# middle_of_a_segment: a byte halfway into the segment that confirms the
# most, if that is 512 KiB or more (256 KiB from its start and its seam,
# beyond the 64 KiB windows checked there).
middle_of_a_segment() {
	awk '$1 == "segment" && $5 - $3 > best { best = $5 - $3; at = $3 }
	    END { if (best >= 524288) print at + int(best / 2) }' \
	    "$(the_record)"
}

no_records() {
	[ -z "$(ls -A "$RECS" 2>/dev/null)" ]
}

# killed NAME URL TARGET: get --segments 4 of big.bin killed (-9) once
# its record confirms 4 MiB in two segments or more.
killed() {
	local name=$1 url=$2 target=$3 pid
	tap_bg "$FERRY" -q "${OPTS[@]}" --segments 4 --limit-rate 4M \
	    get "$url" "$target"
	pid=$TAP_BG
	tap_ok "${name}_segmented_get_confirms_4_MiB_in_2_segments_within_30_s" \
	    tap_wait_for 30 confirmed_at_least $((4 * MiB))
	tap_kill "$pid"
	tap_ok "${name}_killed_segmented_get_leaves_no_file_at_the_target" \
	    test ! -e "$target"
	tap_ok "${name}_killed_segmented_get_leaves_its_partial_beside_it" \
	    test -f "$target.ferry-part"
	tap_ok "${name}_killed_segmented_get_keeps_a_version_3_record" \
	    grep -qx "ferry-resume-record 3" "$(the_record)"
}

# interrupted NAME URL TARGET: get --segments 4 stopped by SIGINT (as
# Ctrl-C) keeps its partial and record; --resume completes it.
interrupted() {
	local name=$1 url=$2 target=$3 pid
	tap_bg "$FERRY" -q "${OPTS[@]}" --segments 4 --limit-rate 4M \
	    get "$url" "$target"
	pid=$TAP_BG
	tap_ok "${name}_segmented_get_to_be_interrupted_confirms_2_MiB" \
	    tap_wait_for 30 confirmed_at_least $((2 * MiB))
	kill -INT "$pid"
	tap_reap "$pid" 20
	tap_ok "${name}_sigint_stops_a_segmented_get_within_20_s_not_0" \
	    test "$TAP_BG_STATUS" != 0 -a "$TAP_BG_STATUS" != 137
	tap_ok "${name}_sigint_keeps_the_partial_and_no_target" \
	    test -f "$target.ferry-part" -a ! -e "$target"
	tap_ok "${name}_sigint_keeps_the_segments_record" \
	    confirmed_at_least $((2 * MiB))
	tap_exit_is "${name}_resume_after_sigint_exits_0" 0 \
	    fy --resume get "$url" "$target"
	tap_ok "${name}_resume_after_sigint_is_byte_identical" \
	    cmp src/big.bin "$target"
	tap_ok "${name}_resume_after_sigint_leaves_no_record" no_records
}

# cut_all NAME URL DIR SERVER: every connection of the FTP server SERVER
# (URL its login directory, DIR that on disk) killed during get
# --segments 2 of a file large enough that the server still has to send
# most of each segment (the socket buffers hold megabytes): each segment
# reconnects (--retries) and the copy completes.
cut_all() {
	local name=$1 url=$2 dir=$3 server=$4 pid
	tap_random "$dir/huge.bin" $((96 * MiB))
	tap_bg "$FERRY" -q "${OPTS[@]}" --retries 3 --segments 2 \
	    --limit-rate 8M get "$url/huge.bin" huge.bin
	pid=$TAP_BG
	tap_ok "${name}_segmented_get_to_be_cut_confirms_4_MiB" \
	    tap_wait_for 30 confirmed_at_least $((4 * MiB))
	ftpd_cut "$server"
	tap_reap "$pid" 90
	tap_is "${name}_cut_segmented_get_reconnects_and_exits_0" \
	    "$TAP_BG_STATUS" 0 || tap_diag_file "$TAP_BG_ERR"
	tap_ok "${name}_cut_segmented_get_says_it_retries" \
	    grep -q "retrying" "$TAP_BG_ERR"
	tap_ok "${name}_cut_segmented_get_is_byte_identical" \
	    cmp "$dir/huge.bin" huge.bin
	tap_ok "${name}_cut_segmented_get_leaves_no_record" no_records
	rm -f "$dir/huge.bin" huge.bin
}

# matrix NAME URL DIR: URL is the login directory, DIR it on disk.
matrix() {
	local name=$1 url=$2 dir=$3 n seam
	rm -rf "$dir/src"
	cp -r src "$dir/src"
	mkdir -p "dl-$name"
	for n in 2 4; do
		tap_exit_is "${name}_get_segments_${n}_exits_0" 0 \
		    fy -v --segments "$n" get "$url/src/big.bin" \
		    "dl-$name/big$n.bin"
		tap_ok "${name}_get_segments_${n}_is_byte_identical" \
		    cmp src/big.bin "dl-$name/big$n.bin"
		tap_ok "${name}_get_segments_${n}_says_it_went_in_$n" \
		    grep -q "big$n.bin.ferry-part: in $n segments" "$TAP_ERR"
		[ -z "$LOGIN" ] ||
		    tap_is "${name}_get_segments_${n}_logs_in_${n}_times" \
		    "$(grep -c -- "$LOGIN" "$TAP_ERR")" "$n"
		tap_ok "${name}_get_segments_${n}_leaves_no_partial" \
		    test ! -e "dl-$name/big$n.bin.ferry-part"
		tap_ok "${name}_get_segments_${n}_leaves_no_record" no_records
	done
	tap_exit_is "${name}_get_segments_4_of_a_small_file_exits_0" 0 \
	    fy -v --segments 4 get "$url/src/small.bin" "dl-$name/small.bin"
	tap_ok "${name}_a_small_file_is_byte_identical" \
	    cmp src/small.bin "dl-$name/small.bin"
	tap_ok "${name}_a_small_file_goes_over_one_connection" \
	    grep -q "small.bin: 12.0 MiB, copied over one connection" "$TAP_ERR"
	tap_not "${name}_a_small_file_is_not_split" \
	    grep -q " in [0-9]* segments" "$TAP_ERR"
	tap_exit_is "${name}_get_r_segments_2_parallel_2_exits_0" 0 \
	    fy --segments 2 --parallel 2 -r get "$url/src/tree" "dl-$name"
	tap_ok "${name}_get_r_segments_2_copies_the_tree" \
	    diff -r src/tree "dl-$name/tree"

	# killed, then resumed
	killed "$name" "$url/src/big.bin" "dl-$name/k.bin"
	tap_exit_is "${name}_resume_of_the_killed_get_exits_0" 0 \
	    fy -v --resume get "$url/src/big.bin" "dl-$name/k.bin"
	tap_ok "${name}_resume_goes_on_in_4_segments" \
	    grep -q "k.bin.ferry-part: resuming 4 segments" "$TAP_ERR"
	tap_ok "${name}_resume_of_the_killed_get_is_byte_identical" \
	    cmp src/big.bin "dl-$name/k.bin"
	tap_ok "${name}_resume_leaves_no_partial" \
	    test ! -e "dl-$name/k.bin.ferry-part"
	tap_ok "${name}_resume_leaves_no_record" no_records

	# killed, a seam changed, refused
	killed "$name" "$url/src/big.bin" "dl-$name/s.bin"
	seam=$(seam_of_a_later_segment)
	tap_ok "${name}_a_later_segment_has_a_seam" test -n "$seam"
	cp "dl-$name/s.bin.ferry-part" before
	tap_flip_byte "dl-$name/s.bin.ferry-part" $((seam - 1))
	cp "dl-$name/s.bin.ferry-part" changed
	tap_exit_is "${name}_resume_of_a_partial_with_a_changed_seam_exits_5" 5 \
	    fy --resume get "$url/src/big.bin" "dl-$name/s.bin"
	tap_ok "${name}_a_changed_seam_is_named" \
	    grep -q "differ from what ferry wrote (resume record)" "$TAP_ERR"
	tap_ok "${name}_a_refused_partial_is_left_as_it_was" \
	    cmp changed "dl-$name/s.bin.ferry-part"
	tap_ok "${name}_a_refused_partial_makes_no_target" \
	    test ! -e "dl-$name/s.bin"
	# a byte in the middle of a segment, far from its seam and from the
	# head: only the chunk digests of the record can see it
	mid=$(middle_of_a_segment)
	tap_ok "${name}_a_segment_has_a_middle" test -n "$mid"
	cp before "dl-$name/s.bin.ferry-part"
	tap_flip_byte "dl-$name/s.bin.ferry-part" "$mid"
	cp "dl-$name/s.bin.ferry-part" changed
	tap_exit_is "${name}_resume_of_a_partial_changed_mid_segment_exits_5" 5 \
	    fy --resume get "$url/src/big.bin" "dl-$name/s.bin"
	tap_ok "${name}_a_change_mid_segment_is_named" \
	    grep -q "differ from what ferry wrote (resume record)" "$TAP_ERR"
	tap_ok "${name}_a_partial_changed_mid_segment_is_left_as_it_was" \
	    cmp changed "dl-$name/s.bin.ferry-part"
	# the same partial, put back: resumed
	cp before "dl-$name/s.bin.ferry-part"
	tap_exit_is "${name}_the_seam_put_back_resumes_and_exits_0" 0 \
	    fy --resume get "$url/src/big.bin" "dl-$name/s.bin"
	tap_ok "${name}_the_seam_put_back_gives_the_source" \
	    cmp src/big.bin "dl-$name/s.bin"
	interrupted "$name" "$url/src/big.bin" "dl-$name/i.bin"
	[ "$name" != proftpd ] ||
	    cut_all "$name" "$url" "$dir" "$FTPD_PID"
	rm -rf "$dir/src" "dl-$name"
	rm -f "$RECS"/*.rec
}

tap_exit_is "segments_0_is_a_usage_error" 1 "$FERRY" --segments 0 get x
tap_exit_is "segments_17_is_a_usage_error" 1 "$FERRY" --segments 17 get x
tap_ok "a_bad_segments_value_is_named" grep -q -- "--segments" "$TAP_ERR"

# ---------------------------------------------------------------- FTP
if ftpd_proftpd_or_skip "proftpd_segments"; then
	OPTS=(--password-file "$FTPD_PWFILE") LOGIN="> USER "
	matrix proftpd "$FTPD_URL" "$FTPD_ROOT"
fi

if [ -x "$FTPD_VSFTPD" ]; then
	ftpd_vsftpd plain
	OPTS=() LOGIN="> USER "
	rm -rf "$FTPD_PUB/src"
	cp -r src "$FTPD_PUB/src"
	for n in 2 4; do
		tap_exit_is "vsftpd_get_segments_${n}_exits_0" 0 \
		    fy -v --segments "$n" get "$FTPD_URL/pub/src/big.bin" \
		    "v$n.bin"
		tap_ok "vsftpd_get_segments_${n}_is_byte_identical" \
		    cmp src/big.bin "v$n.bin"
		tap_is "vsftpd_get_segments_${n}_logs_in_${n}_times" \
		    "$(grep -c -- "$LOGIN" "$TAP_ERR")" "$n"
	done
	# FTPS (require_ssl_reuse): each segment's data connection resumes
	# the TLS session of its own control connection
	ftpd_vsftpd explicit
	mkdir -p "$FTPD_PUB/src"
	cp src/big.bin "$FTPD_PUB/src/big.bin"
	tap_exit_is "vsftpd_ftps_get_segments_4_exits_0" 0 \
	    fy -v --cacert "$FTPD_CA" --segments 4 get \
	    "$FTPD_URL/pub/src/big.bin" vs4.bin
	tap_ok "vsftpd_ftps_get_segments_4_is_byte_identical" \
	    cmp src/big.bin vs4.bin
	tap_is "vsftpd_ftps_get_segments_4_logs_in_4_times" \
	    "$(grep -c -- "$LOGIN" "$TAP_ERR")" 4
	# a server that takes 2 connections from us: the other 2 hands
	# give up, and each of the 2 left copies 2 segments (ABOR, then the
	# next REST and RETR on the same session)
	FTPD_VSFTPD_EXTRA=max_per_ip=2 ftpd_vsftpd plain
	mkdir -p "$FTPD_PUB/src"
	cp src/big.bin "$FTPD_PUB/src/big.bin"
	tap_exit_is "vsftpd_2_connections_segments_4_exits_0" 0 \
	    fy -v --segments 4 get "$FTPD_URL/pub/src/big.bin" v2c.bin
	tap_ok "vsftpd_2_connections_segments_4_is_byte_identical" \
	    cmp src/big.bin v2c.bin
	tap_ok "vsftpd_2_connections_segments_4_says_fewer_connections" \
	    grep -q "copying over fewer connections" "$TAP_ERR"
	tap_ok "vsftpd_2_connections_segments_4_leaves_no_record" no_records
elif [ "${CI:-}" = true ]; then
	tap_bail "no vsftpd at $FTPD_VSFTPD (required in CI)"
else
	tap_skip "vsftpd_segments" "no vsftpd at $FTPD_VSFTPD"
fi

# ---------------------------------------------------------------- SFTP
if sshd_start && sshd_ferry_home; then
	OPTS=() LOGIN="SFTP: ready"
	matrix sshd "$SSHD_URL" "$SSHD_HOME"
elif [ "${CI:-}" = true ]; then
	tap_bail "${SSHD_WHY:-sshd setup failed}"
else
	tap_skip "sshd_segments" "${SSHD_WHY:-sshd setup failed}"
fi

tap_done
