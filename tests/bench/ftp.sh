#!/bin/bash
# tests/bench/ftp.sh: ferry against curl and lftp over FTP and FTPS
# (explicit, require_ssl_reuse=YES) with the same vsftpd: download and
# upload of one file (1 GiB; BENCH_SIZE in MiB to change it), each tool
# BENCH_RUNS times (default 1, the best run counts); BENCH_ROWS picks rows
# ("ftp:get ftp:put ftps:get ftps:put").  Prints a table: MB/s
# per tool, ferry's ratio to the fastest other tool, ferry's peak RSS.
# Not part of make check.  Run from the build tree:
#   FERRY=$PWD/ferry top_srcdir=$PWD bash tests/bench/ftp.sh
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"

ftpd_need vsftpd curl lftp openssl
[ -x /usr/bin/time ] || ftpd_skip_all "/usr/bin/time is not installed"
# Files in RAM (tmpfs) when there is room for the four copies: the disk's
# write-back otherwise decides the upload figures, run by run.
if [ -z "${BENCH_TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
    [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt \
    $((5 * ${BENCH_SIZE:-1024} * 1024)) ]; then
	BENCH_TMPDIR=/dev/shm
fi
if [ -n "${BENCH_TMPDIR:-}" ]; then
	rm -rf "$TAP_TMP"
	TAP_TMP=$(mktemp -d "$BENCH_TMPDIR/ferry-bench.XXXXXX") ||
	    tap_bail "cannot make a directory in $BENCH_TMPDIR"
	TAP_OUT=$TAP_TMP/stdout TAP_ERR=$TAP_TMP/stderr
fi
tap_sandbox
SIZE_MIB=${BENCH_SIZE:-1024}
RUNS=${BENCH_RUNS:-1}
TAP_TIMEOUT=600

ftpd_vsftpd plain
PLAIN=$FTPD_URL PUB_PLAIN=$FTPD_PUB
ftpd_vsftpd explicit
TLS=$FTPD_URL PUB_TLS=$FTPD_PUB CA=$FTPD_CA
PLAIN_PORT=${PLAIN##*:} TLS_PORT=${TLS##*:}

echo "# $SIZE_MIB MiB in $TAP_TMP, best of $RUNS run(s)"
head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >src.bin
cp src.bin "$PUB_PLAIN/src.bin"
cp src.bin "$PUB_TLS/src.bin"
BYTES=$(tap_size src.bin)

# run TOOL MODE DIR: one transfer, timed; prints "seconds rss_kib".
run() {
	local tool=$1 mode=$2 dir=$3 url pub port cmd
	if [ "$mode" = ftp ]; then
		url=$PLAIN pub=$PUB_PLAIN port=$PLAIN_PORT
	else
		url=$TLS pub=$PUB_TLS port=$TLS_PORT
	fi
	rm -f dst.bin "$pub/dst.bin"
	sync
	case $tool.$dir in
	ferry.get) cmd=("$FERRY" -q --cacert "$CA" get "$url/pub/src.bin" dst.bin) ;;
	ferry.put) cmd=("$FERRY" -q --cacert "$CA" put src.bin "$url/pub/dst.bin") ;;
	curl.get) cmd=(curl -s --cacert "$CA" -o dst.bin) ;;
	curl.put) cmd=(curl -s --cacert "$CA" -T src.bin) ;;
	lftp.*) cmd=(lftp -c "set ssl:ca-file $CA; set ftp:ssl-force $([ "$mode" = ftps ] && echo true || echo false); set ftp:ssl-protect-data true; set ftp:ssl-allow $([ "$mode" = ftps ] && echo true || echo false); set net:max-retries 1; open -u anonymous,x -p $port 127.0.0.1; $([ "$dir" = get ] && echo "get pub/src.bin -o dst.bin" || echo "put src.bin -o pub/dst.bin")") ;;
	esac
	case $tool.$dir in
	curl.*)
		if [ "$mode" = ftps ]; then
			cmd+=(--ssl-reqd "ftp://127.0.0.1:$port/pub/")
		else
			cmd+=("ftp://127.0.0.1:$port/pub/")
		fi
		[ "$dir" = get ] && cmd[${#cmd[@]}-1]+=src.bin || cmd[${#cmd[@]}-1]+=dst.bin
		;;
	esac
	/usr/bin/time -f '%e %M' -o time.out "${cmd[@]}" >tool.out 2>&1 ||
	    { echo "# $tool $mode $dir failed: $(tail -2 tool.out)" >&2; echo "0 0"; return; }
	if [ "$dir" = get ]; then
		cmp -s src.bin dst.bin || { echo "# $tool $mode $dir: wrong bytes" >&2; echo "0 0"; return; }
	else
		cmp -s src.bin "$pub/dst.bin" || { echo "# $tool $mode $dir: wrong bytes" >&2; echo "0 0"; return; }
	fi
	cat time.out
}

# rate SECONDS: MB/s for the file (0 for a failed run).
rate() {
	awk -v b="$BYTES" -v s="$1" \
	    'BEGIN { if (s > 0) printf "%.0f", b / s / 1e6; else print 0 }'
}

printf '%-14s %9s %9s %9s %8s %10s\n' "row" "ferry" "curl" "lftp" "ratio" "ferry RSS"
printf '%-14s %9s %9s %9s %8s %10s\n' "" "MB/s" "MB/s" "MB/s" "" "MiB"
# The tools take turns, run after run, so that a change in the machine's
# load hits them alike; the best run of each counts.
for row in ${BENCH_ROWS:-ftp:get ftp:put ftps:get ftps:put}; do
	mode=${row%:*} dir=${row#*:}
	f=0 c=0 l=0 frss=0
	for _ in $(seq "$RUNS"); do
		read -r secs rss <<<"$(run ferry "$mode" "$dir")"
		r=$(rate "$secs")
		[ "$r" -gt "$f" ] && f=$r
		[ "$rss" -gt "$frss" ] && frss=$rss
		read -r secs _ <<<"$(run curl "$mode" "$dir")"
		r=$(rate "$secs")
		[ "$r" -gt "$c" ] && c=$r
		read -r secs _ <<<"$(run lftp "$mode" "$dir")"
		r=$(rate "$secs")
		[ "$r" -gt "$l" ] && l=$r
	done
	top=$c
	[ "$l" -gt "$top" ] && top=$l
	ratio=$(awk -v f="$f" -v t="$top" 'BEGIN { if (t > 0) printf "%.2f", f / t; else print "-" }')
	printf '%-14s %9s %9s %9s %8s %10s\n' "$mode $dir" "$f" "$c" "$l" \
	    "$ratio" "$((frss / 1024))"
done
