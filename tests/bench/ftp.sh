#!/bin/bash
# tests/bench/ftp.sh: ferry beside curl and lftp over FTP and FTPS
# (explicit, require_ssl_reuse=YES) with vsftpd: one large file each way;
# and with proftpd (MLSD, AllowStoreRestart on): a tree of small files
# each way (lftp mirror, mirror --parallel=4), a download and an upload
# interrupted at 50 % and resumed (curl -C -, lftp get -c/put -c; with the
# whole transfer, for the overhead), a download in 1, 2 and 4 segments (lftp
# pget), the listing of a large directory (MLSD on proftpd, LIST on
# vsftpd: lftp cls).  Results go to $BENCH_RESULTS (see lib.sh).  Run by
# tests/bench/run.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/bench/lib.sh"
bench_tmpdir $((6 * BENCH_MIB + 256))
. "$top_srcdir/tests/lib/ftpd.sh"

ftpd_need vsftpd curl lftp openssl
[ -x "$FTPD_PROFTPD" ] || ftpd_skip_all "no proftpd at $FTPD_PROFTPD"
tap_sandbox
BYTES=$((BENCH_MIB * 1024 * 1024))
HALF=$((BYTES / 2))
TREE_BYTES=$((BENCH_FILES / BENCH_DIRS * BENCH_DIRS * 4096))

ftpd_vsftpd plain
PLAIN=$FTPD_URL PUB_PLAIN=$FTPD_PUB PLAIN_PORT=$FTPD_PORT
ftpd_vsftpd explicit
TLS=$FTPD_URL PUB_TLS=$FTPD_PUB CA=$FTPD_CA TLS_PORT=$FTPD_PORT
ftpd_proftpd on
PRO=$FTPD_URL PRO_ROOT=$FTPD_ROOT PRO_PORT=$FTPD_PORT
PRO_PW=$(head -n 1 "$FTPD_PWFILE") PRO_PWFILE=$FTPD_PWFILE

echo "# FTP: making the data in $TAP_TMP" >&2
head -c "$BYTES" /dev/urandom >src.bin || tap_bail "cannot make the file"
cp src.bin "$PUB_PLAIN/src.bin"
cp src.bin "$PUB_TLS/src.bin"
cp src.bin "$PRO_ROOT/src.bin"
if bench_part tree; then
	bench_tree tree "$BENCH_FILES" "$BENCH_DIRS" ||
	    tap_bail "cannot make the tree"
	cp -r tree "$PRO_ROOT/tree"
fi
if bench_part list; then
	bench_entries "$PRO_ROOT/many" "$BENCH_LIST" || tap_bail "cannot make many"
	cp -r "$PRO_ROOT/many" "$PUB_PLAIN/many"
fi

LFTP_PRO="set net:max-retries 1; set ftp:ssl-allow false; open -u ferry,$PRO_PW -p $PRO_PORT 127.0.0.1"
CURL_PRO=(-sS -u "ferry:$PRO_PW")
CURL_PRO_URL=ftp://127.0.0.1:$PRO_PORT

# ---------------------------------------------------------------- one file

for row in "ftp get" "ftp put" "ftps get" "ftps put"; do
	bench_row "$row" file "$BYTES"
done
# one_file TOOL MODE DIR (vsftpd, anonymous)
one_file() {
	local tool=$1 mode=$2 dir=$3 url pub port ssl cmd
	if [ "$mode" = ftp ]; then
		url=$PLAIN pub=$PUB_PLAIN port=$PLAIN_PORT ssl=false
	else
		url=$TLS pub=$PUB_TLS port=$TLS_PORT ssl=true
	fi
	rm -f got.bin "$pub/up.bin"
	case $tool.$dir in
	ferry.get) cmd=("$FERRY" -q --cacert "$CA" get "$url/pub/src.bin" got.bin) ;;
	ferry.put) cmd=("$FERRY" -q --cacert "$CA" put src.bin "$url/pub/up.bin") ;;
	curl.get) cmd=(curl -sS --cacert "$CA" -o got.bin) ;;
	curl.put) cmd=(curl -sS --cacert "$CA" -T src.bin) ;;
	lftp.*) cmd=(lftp -c "set ssl:ca-file $CA; set ftp:ssl-force $ssl; set ftp:ssl-protect-data true; set ftp:ssl-allow $ssl; set net:max-retries 1; open -u anonymous,x -p $port 127.0.0.1; $([ "$dir" = get ] && echo "get pub/src.bin -o got.bin" || echo "put src.bin -o pub/up.bin")") ;;
	esac
	if [ "$tool" = curl ]; then
		[ "$mode" = ftps ] && cmd+=(--ssl-reqd)
		cmd+=("ftp://127.0.0.1:$port/pub/$([ "$dir" = get ] && echo src.bin || echo up.bin)")
	fi
	if [ "$dir" = get ]; then
		bench_one "$mode $dir" "$tool" "bench_same src.bin got.bin" "${cmd[@]}"
	else
		bench_one "$mode $dir" "$tool" "bench_same src.bin $pub/up.bin" "${cmd[@]}"
	fi
}

# ---------------------------------------------------------------- trees

bench_row "ftp tree get (proftpd)" tree "$TREE_BYTES"
bench_row "ftp tree put (proftpd)" tree "$TREE_BYTES"
tree_copy() {
	local tool=$1 dir=$2 row="ftp tree $2 (proftpd)" par=
	rm -rf got "$PRO_ROOT/up"
	[ "$tool" = lftp-p4 ] && par=--parallel=4
	case $tool.$dir in
	ferry.get) bench_one "$row" ferry "bench_same_tree tree got" \
	    "$FERRY" -q --password-file "$PRO_PWFILE" -r get "$PRO/tree" got ;;
	ferry.put) bench_one "$row" ferry "bench_same_tree tree $PRO_ROOT/up" \
	    "$FERRY" -q --password-file "$PRO_PWFILE" -r put tree "$PRO/up" ;;
	lftp*.get) bench_one "$row" "lftp mirror${par:+ $par}" \
	    "bench_same_tree tree got" lftp -c "$LFTP_PRO; mirror $par tree got" ;;
	lftp*.put) bench_one "$row" "lftp mirror${par:+ $par}" \
	    "bench_same_tree tree $PRO_ROOT/up" \
	    lftp -c "$LFTP_PRO; mirror -R $par tree up" ;;
	esac
}

# ---------------------------------------------------------------- resume

for dir in get put; do
	bench_row "ftp $dir, resumed at 50 % (proftpd)" resume $((BYTES - HALF))
	bench_row "ftp $dir, resumed at 50 % (proftpd): whole file" resume-full \
	    "$BYTES"
done
OWN="ftp get, resumed at 50 % (proftpd) of ferry's own partial (every byte checked)"
bench_row "$OWN" resume $((BYTES - HALF))
bench_row "$OWN: whole file" resume-full "$BYTES"

# own_partial: ferry's own partial of the first half, with its record
# (bench_own_partial; at 400 MiB/s, so that the stop lands before the end).
own_partial() {
	bench_own_partial "$HALF" "$FERRY" -q --password-file "$PRO_PWFILE" \
	    --limit-rate 400M get "$PRO/src.bin" got.bin
}

# own_resume: ferry's whole download and its resume from its own partial.
own_resume() {
	rm -rf got.bin "$XDG_STATE_HOME/ferry"
	bench_one "$OWN: whole file" ferry "bench_same src.bin got.bin" \
	    "$FERRY" -q --password-file "$PRO_PWFILE" --resume get \
	    "$PRO/src.bin" got.bin
	if own_partial; then
		LC_ALL=C bench_one "$OWN" ferry "bench_same src.bin got.bin" \
		    "$FERRY" -v --password-file "$PRO_PWFILE" --resume get \
		    "$PRO/src.bin" got.bin
		bench_check_cost "$OWN"
		bench_check_time "$OWN"
	else
		bench_skip "$OWN" ferry "n/a (no partial with chunk digests)"
	fi
}

# resume TOOL DIR: the whole transfer, then the same from a 50 % partial.
resume() {
	local tool=$1 dir=$2 row how
	for how in whole half; do
		rm -f got.bin "$PRO_ROOT/up.bin"
		row="ftp $dir, resumed at 50 % (proftpd)"
		if [ "$how" = half ]; then
			head -c "$HALF" src.bin >got.bin
			cp got.bin "$PRO_ROOT/up.bin"
		else
			row="$row: whole file"
		fi
		case $tool.$dir in
		ferry.get) LC_ALL=C bench_one "$row" ferry \
		    "bench_same src.bin got.bin" "$FERRY" -v \
		    --password-file "$PRO_PWFILE" --resume get \
		    "$PRO/src.bin" got.bin
		    [ "$how" = whole ] || bench_check_time "$row" ;;
		ferry.put) LC_ALL=C bench_one "$row" ferry \
		    "bench_same src.bin $PRO_ROOT/up.bin" "$FERRY" -v \
		    --password-file "$PRO_PWFILE" --resume put src.bin \
		    "$PRO/up.bin"
		    [ "$how" = whole ] || bench_check_time "$row" ;;
		curl.get) bench_one "$row" "curl -C -" \
		    "bench_same src.bin got.bin" curl "${CURL_PRO[@]}" -C - \
		    -o got.bin "$CURL_PRO_URL/src.bin" ;;
		curl.put) bench_one "$row" "curl -C -" \
		    "bench_same src.bin $PRO_ROOT/up.bin" curl "${CURL_PRO[@]}" \
		    -C - -T src.bin "$CURL_PRO_URL/up.bin" ;;
		lftp.get) bench_one "$row" "lftp get -c" \
		    "bench_same src.bin got.bin" \
		    lftp -c "$LFTP_PRO; get -c src.bin -o got.bin" ;;
		lftp.put) bench_one "$row" "lftp put -c" \
		    "bench_same src.bin $PRO_ROOT/up.bin" \
		    lftp -c "$LFTP_PRO; put -c src.bin -o up.bin" ;;
		esac
	done
}

# ---------------------------------------------------------------- segments

# seg_row N: the row of a download in N segments.
seg_row() {
	local unit=segments
	[ "$1" = 1 ] && unit=segment
	echo "ftp get, $1 $unit (proftpd)"
}
# 1: ferry and lftp over one connection, the base of the gain
for n in 1 2 4; do
	bench_row "$(seg_row "$n")" segments "$BYTES"
done
segments() {
	local tool=$1 n=$2 row
	row=$(seg_row "$n")
	rm -f got.bin
	case $tool in
	ferry)
		if bench_has_segments; then
			bench_one "$row" "ferry --segments $n" \
			    "bench_same src.bin got.bin" "$FERRY" -q \
			    --password-file "$PRO_PWFILE" --segments "$n" get \
			    "$PRO/src.bin" got.bin
		else
			bench_skip "$row" "ferry --segments $n" "n/a (not built)"
		fi ;;
	lftp) bench_one "$row" "lftp pget -n $n" "bench_same src.bin got.bin" \
	    lftp -c "$LFTP_PRO; pget -n $n src.bin -o got.bin" ;;
	esac
}

# ---------------------------------------------------------------- listing

bench_row "ftp ls, $BENCH_LIST entries (proftpd, MLSD)" list 0
bench_row "ftp ls, $BENCH_LIST entries (vsftpd, LIST)" list 0
listing() {
	local tool=$1 server=$2 row
	if [ "$server" = proftpd ]; then
		row="ftp ls, $BENCH_LIST entries (proftpd, MLSD)"
		case $tool in
		ferry) bench_one "$row" ferry "bench_lines_at_least $BENCH_LIST" \
		    "$FERRY" --password-file "$PRO_PWFILE" ls "$PRO/many" ;;
		lftp) bench_one "$row" "lftp cls" \
		    "bench_lines_at_least $BENCH_LIST" \
		    lftp -c "$LFTP_PRO; cls -1 many" ;;
		esac
		return
	fi
	row="ftp ls, $BENCH_LIST entries (vsftpd, LIST)"
	case $tool in
	ferry) bench_one "$row" ferry "bench_lines_at_least $BENCH_LIST" \
	    "$FERRY" ls "$PLAIN/pub/many" ;;
	lftp) bench_one "$row" "lftp cls" "bench_lines_at_least $BENCH_LIST" \
	    lftp -c "set net:max-retries 1; set ftp:ssl-allow false; open -u anonymous,x -p $PLAIN_PORT 127.0.0.1; cls -1 pub/many" ;;
	esac
}

# ---------------------------------------------------------------- runs

for run in $(seq 1 "$BENCH_RUNS"); do
	echo "# FTP run $run of $BENCH_RUNS" >&2
	bench_part file &&
	for row in "ftp get" "ftp put" "ftps get" "ftps put"; do
		for tool in ferry curl lftp; do
			# shellcheck disable=SC2086 # MODE DIR
			one_file "$tool" $row
		done
	done
	bench_part tree &&
	for dir in get put; do
		for tool in ferry lftp lftp-p4; do
			tree_copy "$tool" "$dir"
		done
	done
	bench_part resume &&
	for dir in get put; do
		for tool in ferry curl lftp; do
			resume "$tool" "$dir"
		done
	done
	bench_part resume && own_resume
	bench_part segments &&
	for n in 1 2 4; do
		for tool in ferry lftp; do
			segments "$tool" "$n"
		done
	done
	bench_part list &&
	for server in proftpd vsftpd; do
		for tool in ferry lftp; do
			listing "$tool" "$server"
		done
	done
done
exit 0
