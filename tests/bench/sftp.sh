#!/bin/bash
# tests/bench/sftp.sh: ferry against OpenSSH sftp and curl (sftp://, the
# same libssh2 as ferry), download and upload of one file, all against the
# same OpenSSH sshd on 127.0.0.1 (started here, as in the tests).
#
#	FERRY=./ferry top_srcdir=. bash tests/bench/sftp.sh
#
# Environment: BENCH_MIB (file size, default 1024), BENCH_RUNS (default 3;
# the median is shown; the tools take turns within each run, so that
# background load hits them alike), TMPDIR (default /dev/shm when it has
# room: the page cache of a disk is then no part of the numbers).
#
# Prints a table: MB/s (10^6 bytes a second), ferry's ratio to the others,
# the client's CPU time (user+sys, children included: sftp's ssh), the
# cipher and MAC each negotiated (from sshd's LogLevel DEBUG1 "kex:"
# lines), and ferry's peak RSS.  Exits 0; "goals:" says whether ferry was
# at least as fast as OpenSSH sftp and faster than curl on both rows, and
# under 32 MiB of RSS.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] &&
    [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt \
    $((4 * ${BENCH_MIB:-1024} * 1024)) ]; then
	export TMPDIR=/dev/shm
fi
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

MIB=${BENCH_MIB:-1024}
RUNS=${BENCH_RUNS:-3}
TAP_TIMEOUT=${BENCH_TIMEOUT:-600}

tap_sandbox
sshd_start || tap_bail "$SSHD_WHY"
sshd_ferry_home || tap_bail "cannot set up ~/.ssh"
KH=$HOME/.ssh/known_hosts
for tool in sftp curl; do
	command -v "$tool" >/dev/null || tap_bail "$tool is not installed"
done
[ -x /usr/bin/time ] || tap_bail "/usr/bin/time is not installed (apt-get install time)"

echo "# making a $MIB MiB file in $TAP_TMP" >&2
head -c $((MIB * 1024 * 1024)) /dev/urandom >src.bin ||
    tap_bail "cannot make the file"
cp src.bin "$SSHD_HOME/src.bin"
BYTES=$(tap_size src.bin)
HOSTFP=$(ssh-keygen -l -E sha256 -f "$SSHD_DIR/host_ed25519.pub" |
    cut -d' ' -f2 | cut -d: -f2)
SSHOPTS=(-q -i "$SSHD_KEY" -o "UserKnownHostsFile=$KH" -o BatchMode=yes
    -o "HostKeyAlias=[127.0.0.1]:$SSHD_PORT" -P "$SSHD_PORT")

printf 'put src.bin up.bin\n' >put.batch

# cmd_for TOOL DIR: the client's command line in CMD.
cmd_for() {
	local curlopts=(-sS --key "$SSHD_KEY" --pubkey "$SSHD_KEY.pub"
	    --hostpubsha256 "$HOSTFP")
	local curlurl=sftp://$SSHD_USER@127.0.0.1:$SSHD_PORT/~
	case $1.$2 in
	ferry.get) CMD=("$FERRY" -q get "$(sshd_url src.bin)" got.bin) ;;
	ferry.put) CMD=("$FERRY" -q put src.bin "$(sshd_url up.bin)") ;;
	sftp.get) CMD=(sftp "${SSHOPTS[@]}" 127.0.0.1:src.bin got.bin) ;;
	sftp.put) CMD=(sftp "${SSHOPTS[@]}" -b put.batch 127.0.0.1) ;;
	curl.get) CMD=(curl "${curlopts[@]}" -o got.bin "$curlurl/src.bin") ;;
	curl.put) CMD=(curl "${curlopts[@]}" -T src.bin "$curlurl/up.bin") ;;
	esac
}

# measure TOOL DIR: one timed run; appends "MBps cpu rss" to
# $TAP_TMP/res.TOOL.DIR and the cipher to $TAP_TMP/cipher.TOOL.DIR.
measure() {
	local tool=$1 dir=$2 t0 t1 out=$TAP_TMP/time.out
	rm -f got.bin "$SSHD_HOME/up.bin"
	sync
	cmd_for "$tool" "$dir"
	sshd_log_mark
	t0=$(date +%s%N)
	timeout "$TAP_TIMEOUT" /usr/bin/time -o "$out" -f "%U %S %M" \
	    "${CMD[@]}" </dev/null >/dev/null 2>"$TAP_TMP/err.$tool.$dir" ||
	    tap_bail "$tool $dir failed: $(head -3 "$TAP_TMP/err.$tool.$dir")"
	t1=$(date +%s%N)
	if [ "$dir" = get ]; then
		cmp -s src.bin got.bin || tap_bail "$tool get: wrong bytes"
	else
		cmp -s src.bin "$SSHD_HOME/up.bin" ||
		    tap_bail "$tool put: wrong bytes"
	fi
	awk -v b="$BYTES" -v ns=$((t1 - t0)) \
	    '{ printf "%.1f %.2f %d\n", b / (ns / 1e9) / 1e6, $1 + $2, $3 }' \
	    "$out" >>"$TAP_TMP/res.$tool.$dir"
	sleep 0.3	# the log line comes from sshd's child
	sshd_log_since | sed -n 's/.*kex: client->server cipher: \([^ ]*\) MAC: \([^ ]*\).*/\1 \2/p' |
	    head -n 1 >"$TAP_TMP/cipher.$tool.$dir"
}

# median FILE COLUMN
median() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for run in $(seq 1 "$RUNS"); do
	echo "# run $run of $RUNS" >&2
	for dir in get put; do
		for tool in ferry sftp curl; do
			measure "$tool" "$dir"
		done
	done
done

rss_max=0
goal=yes
printf '\nSFTP, %d MiB over loopback, %s, median of %d runs\n' "$MIB" \
    "$(sed -n 's/.*Local version string \(.*\)/\1/p' "$SSHD_LOG" |
    head -n 1)" "$RUNS"
printf '%-9s %-6s %9s %8s %8s %8s  %s\n' direction client MB/s \
    "ferry/x" "CPU s" "RSS MiB" "cipher MAC"
for dir in get put; do
	f=$(median "$TAP_TMP/res.ferry.$dir" 1)
	for tool in ferry sftp curl; do
		r=$TAP_TMP/res.$tool.$dir
		m=$(median "$r" 1)
		ratio=$(awk -v a="$f" -v b="$m" 'BEGIN { printf "%.2f", a / b }')
		rss=$(median "$r" 3)
		printf '%-9s %-6s %9s %8s %8s %8.1f  %s\n' \
		    "$([ "$dir" = get ] && echo download || echo upload)" \
		    "$tool" "$m" "$ratio" "$(median "$r" 2)" \
		    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
		    "$(cat "$TAP_TMP/cipher.$tool.$dir")"
		if [ "$tool" = sftp ] &&
		    awk -v a="$f" -v b="$m" 'BEGIN { exit !(a < b) }'; then
			goal=no
		fi
		if [ "$tool" = curl ] &&
		    awk -v a="$f" -v b="$m" 'BEGIN { exit !(a <= b) }'; then
			goal=no
		fi
	done
	r=$(sort -n -k3 "$TAP_TMP/res.ferry.$dir" | tail -n 1 | cut -d' ' -f3)
	[ "$r" -le "$rss_max" ] || rss_max=$r
done
printf 'ferry peak RSS: %.1f MiB (all runs)\n' \
    "$(awk -v k="$rss_max" 'BEGIN { print k / 1024 }')"
[ "$rss_max" -lt $((32 * 1024)) ] || goal=no
printf 'load average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'goals (ferry >= sftp and > curl both ways, RSS < 32 MiB): %s\n' "$goal"
exit 0
