#!/bin/bash
# tests/bench/tree.sh: trees of many small files, ferry -r with --parallel
# 1, 2, 4 and 8 beside lftp mirror --parallel=4 (FTP and SFTP) and OpenSSH
# sftp -r, down and up, against the tests' proftpd and sshd on loopback.
# The tree: BENCH_FILES files (default 1000) of BENCH_KIB KiB (4) in
# BENCH_DIRS directories (20).  Every tool BENCH_RUNS times (default 3,
# taking turns; the median counts); BENCH_ROWS and BENCH_TOOLS pick rows
# ("ftp:get ftp:put sftp:get sftp:put") and tools ("ferry1 ferry4 lftp
# sftp": ferryN is ferry --parallel N).  Prints seconds per row and tool.
# Not part of make check.  From a build tree:
#   FERRY=$PWD/ferry top_srcdir=$PWD/.. bash ../tests/bench/tree.sh
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

ftpd_need proftpd lftp sftp openssl
if [ -z "${BENCH_TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	BENCH_TMPDIR=/dev/shm
fi
if [ -n "${BENCH_TMPDIR:-}" ]; then
	rm -rf "$TAP_TMP"
	TAP_TMP=$(mktemp -d "$BENCH_TMPDIR/ferry-bench.XXXXXX") ||
	    tap_bail "cannot make a directory in $BENCH_TMPDIR"
	TAP_OUT=$TAP_TMP/stdout TAP_ERR=$TAP_TMP/stderr
fi
tap_sandbox
trap 'ftpd_cleanup; tap_cleanup' EXIT
export HOME=$TAP_TMP/home
mkdir -p "$HOME"
FILES=${BENCH_FILES:-1000} KIB=${BENCH_KIB:-4} DIRS=${BENCH_DIRS:-20}
RUNS=${BENCH_RUNS:-3}
TOOLS=${BENCH_TOOLS:-"ferry1 ferry2 ferry4 ferry8 lftp sftp"}
ROWS=${BENCH_ROWS:-"ftp:get ftp:put sftp:get sftp:put"}
TAP_TIMEOUT=300

ftpd_proftpd on
sshd_start || tap_bail "$SSHD_WHY"
sshd_ferry_home || tap_bail "cannot set up ~/.ssh"
PW=$(cat "$FTPD_PWFILE")
FTPPORT=${FTPD_URL##*:}

mkdir tree
for d in $(seq 1 "$DIRS"); do
	mkdir "tree/d$d"
	for f in $(seq 1 $((FILES / DIRS))); do
		head -c $((KIB * 1024)) /dev/urandom >"tree/d$d/f$f"
	done
done
echo "# $FILES files of $KIB KiB in $DIRS directories, in $TAP_TMP," \
    "median of $RUNS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

SSHCMD="ssh -a -x -i $SSHD_KEY -o UserKnownHostsFile=$HOME/.ssh/known_hosts -o BatchMode=yes"
SFTPOPTS=(-q -i "$SSHD_KEY" -o "UserKnownHostsFile=$HOME/.ssh/known_hosts"
    -o BatchMode=yes -P "$SSHD_PORT")

# cmd_for TOOL PROTO DIR: the command line in CMD; the copy's place in GOT.
cmd_for() {
	local tool=$1 proto=$2 dir=$3 url remote
	if [ "$proto" = ftp ]; then
		url=$FTPD_URL remote=$FTPD_ROOT
	else
		url=$SSHD_URL remote=$SSHD_HOME
	fi
	if [ "$dir" = get ]; then
		rm -rf "$remote/tree" got && cp -r tree "$remote/tree"
		mkdir got
		GOT=got/tree
	else
		rm -rf "$remote/up"
		mkdir "$remote/up"
		GOT=$remote/up/tree
	fi
	case $tool.$dir in
	ferry*.get) CMD=("$FERRY" -q --password-file "$FTPD_PWFILE" -r
	    --parallel "${tool#ferry}" get "$url/tree" got) ;;
	ferry*.put) CMD=("$FERRY" -q --password-file "$FTPD_PWFILE" -r
	    --parallel "${tool#ferry}" put tree "$url/up") ;;
	lftp.*)
		local open mirror=(mirror --parallel=4)
		[ "$dir" = put ] && mirror=(mirror -R --parallel=4)
		if [ "$proto" = ftp ]; then
			open="open -u ferry,$PW -p $FTPPORT 127.0.0.1"
		else
			open="set sftp:connect-program '$SSHCMD'; open -u $SSHD_USER, -p $SSHD_PORT sftp://127.0.0.1"
		fi
		if [ "$dir" = get ]; then
			CMD=(lftp -c "set net:max-retries 1; $open; ${mirror[*]} tree got/tree")
		else
			CMD=(lftp -c "set net:max-retries 1; $open; ${mirror[*]} tree up/tree")
		fi
		;;
	sftp.get) CMD=(sftp "${SFTPOPTS[@]}" -r "127.0.0.1:tree" got/) ;;
	sftp.put) printf 'put -r tree up/\n' >put.batch
		CMD=(sftp "${SFTPOPTS[@]}" -b put.batch 127.0.0.1) ;;
	esac
}

# measure TOOL PROTO DIR: one run; appends its seconds to res.TOOL.PROTO.DIR
# (nothing when the tool cannot do this row or failed).
measure() {
	local t0 t1
	[ "$1" = sftp ] && [ "$2" = ftp ] && return
	cmd_for "$@"
	sync
	t0=$(date +%s%N)
	timeout "$TAP_TIMEOUT" "${CMD[@]}" </dev/null >"out.$1" 2>&1 ||
	    { echo "# $1 $2 $3 failed: $(tail -2 "out.$1")" >&2; return; }
	t1=$(date +%s%N)
	diff -r tree "$GOT" >/dev/null ||
	    { echo "# $1 $2 $3: the copy differs" >&2; return; }
	echo $(((t1 - t0) / 1000000)) >>"res.$1.$2.$3"
}

median() {
	[ -s "$1" ] || { echo -; return; }
	sort -n "$1" | awk '{ v[NR] = $1 }
	    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		  printf "%.2f", m / 1000 }'
}

for run in $(seq 1 "$RUNS"); do
	for row in $ROWS; do
		for tool in $TOOLS; do
			measure "$tool" "${row%:*}" "${row#*:}"
		done
	done
done

printf '%-9s' "seconds"
for tool in $TOOLS; do printf ' %7s' "$tool"; done
echo
for row in $ROWS; do
	printf '%-9s' "${row/:/ }"
	for tool in $TOOLS; do
		printf ' %7s' "$(median "res.$tool.${row%:*}.${row#*:}")"
	done
	echo
done
