#!/bin/bash
# tests/bench/sftp.sh: ferry beside OpenSSH sftp, curl (sftp://, the same
# libssh2 as ferry) and lftp (through an ssh child) against one OpenSSH
# sshd on 127.0.0.1 (started here, as in the tests): one large file each
# way; a tree of small files each way; a download and an upload
# interrupted at 50 % and resumed (with the whole transfer, for the
# overhead), and ferry alone from a partial it left itself with its
# record, which it reads back and checks every byte of; a download in 1, 2 and 4 segments; the listing of a large
# directory.  Results go to $BENCH_RESULTS (see lib.sh); the negotiated
# cipher and MAC of each client to $BENCH_CIPHERS.  Run by tests/bench/run.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/bench/lib.sh"
bench_tmpdir $((4 * BENCH_MIB + 256))
. "$srcdir/tests/lib/sshd.sh"
# (tmux for the file manager's listing rows; its EXIT trap ends tap's too)
. "$srcdir/tests/lib/tui.sh"

tap_sandbox
sshd_start || tap_bail "$SSHD_WHY"
sshd_ferry_home || tap_bail "cannot set up ~/.ssh"
KH=$HOME/.ssh/known_hosts
for tool in sftp curl lftp ssh; do
	command -v "$tool" >/dev/null || tap_bail "$tool is not installed"
done
R=$SSHD_HOME
BYTES=$((BENCH_MIB * 1024 * 1024))
HALF=$((BYTES / 2))

echo "# SFTP: making the data in $TAP_TMP" >&2
head -c "$BYTES" /dev/urandom >src.bin || tap_bail "cannot make the file"
cp src.bin "$R/src.bin"
if bench_part tree; then
	bench_tree tree "$BENCH_FILES" "$BENCH_DIRS" ||
	    tap_bail "cannot make the tree"
	cp -r tree "$R/tree"
fi
if bench_part list; then
	bench_entries "$R/many" "$BENCH_LIST" || tap_bail "cannot make $R/many"
fi
TREE_BYTES=$((BENCH_FILES / BENCH_DIRS * BENCH_DIRS * 4096))

HOSTFP=$(ssh-keygen -l -E sha256 -f "$SSHD_DIR/host_ed25519.pub" |
    cut -d' ' -f2 | cut -d: -f2)
SSHOPTS=(-q -i "$SSHD_KEY" -o "UserKnownHostsFile=$KH" -o BatchMode=yes
    -o "HostKeyAlias=[127.0.0.1]:$SSHD_PORT" -P "$SSHD_PORT")
CURLOPTS=(-sS --key "$SSHD_KEY" --pubkey "$SSHD_KEY.pub"
    --hostpubsha256 "$HOSTFP")
CURLURL=sftp://$SSHD_USER@127.0.0.1:$SSHD_PORT/~
LFTPOPEN="set sftp:connect-program 'ssh -a -x -i $SSHD_KEY -o UserKnownHostsFile=$KH -o BatchMode=yes -o HostKeyAlias=[127.0.0.1]:$SSHD_PORT'; set net:max-retries 1; open -u $SSHD_USER, -p $SSHD_PORT sftp://127.0.0.1"

# batch NAME LINE...: an sftp batch file.
batch() {
	local f=$TAP_TMP/$1.batch
	shift
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

# cipher TOOL: the cipher and MAC sshd logged for the last session.
cipher() {
	sleep 0.2	# the line comes from sshd's child
	printf '%s\t%s\n' "$1" "$(sshd_log_since | sed -n \
	    's/.*kex: client->server cipher: \([^ ]*\) MAC: \([^ ]*\).*/\1 \2/p' |
	    head -n 1)" >>"${BENCH_CIPHERS:-$TAP_TMP/ciphers}"
}

# ---------------------------------------------------------------- one file

bench_row "sftp get" file "$BYTES"
bench_row "sftp put" file "$BYTES"
one_file() {
	local tool=$1 dir=$2
	rm -f got.bin "$R/up.bin"
	sshd_log_mark
	case $tool.$dir in
	ferry.get) bench_one "sftp get" ferry "bench_same src.bin got.bin" \
	    "$FERRY" -q get "$(sshd_url src.bin)" got.bin ;;
	ferry.put) bench_one "sftp put" ferry "bench_same src.bin $R/up.bin" \
	    "$FERRY" -q put src.bin "$(sshd_url up.bin)" ;;
	sftp.get) bench_one "sftp get" "OpenSSH sftp" \
	    "bench_same src.bin got.bin" \
	    sftp "${SSHOPTS[@]}" 127.0.0.1:src.bin got.bin ;;
	sftp.put) bench_one "sftp put" "OpenSSH sftp" \
	    "bench_same src.bin $R/up.bin" sftp "${SSHOPTS[@]}" \
	    -b "$(batch put 'put src.bin up.bin')" 127.0.0.1 ;;
	curl.get) bench_one "sftp get" curl "bench_same src.bin got.bin" \
	    curl "${CURLOPTS[@]}" -o got.bin "$CURLURL/src.bin" ;;
	curl.put) bench_one "sftp put" curl "bench_same src.bin $R/up.bin" \
	    curl "${CURLOPTS[@]}" -T src.bin "$CURLURL/up.bin" ;;
	esac
	cipher "$tool"
}

# ---------------------------------------------------------------- trees

bench_row "sftp tree get" tree "$TREE_BYTES"
bench_row "sftp tree put" tree "$TREE_BYTES"
tree_copy() {
	local tool=$1 dir=$2 row="sftp tree $2" par=
	rm -rf got "$R/up"
	case $tool in
	lftp-p4) par=--parallel=4 ;;
	esac
	case $tool.$dir in
	ferry.get) bench_one "$row" ferry "bench_same_tree tree got" \
	    "$FERRY" -q -r get "$(sshd_url tree)" got ;;
	ferry.put) bench_one "$row" ferry "bench_same_tree tree $R/up" \
	    "$FERRY" -q -r put tree "$(sshd_url up)" ;;
	sftp.get) bench_one "$row" "OpenSSH sftp -r" \
	    "bench_same_tree tree got" \
	    sftp "${SSHOPTS[@]}" -r 127.0.0.1:tree got ;;
	sftp.put) bench_one "$row" "OpenSSH sftp -r" \
	    "bench_same_tree tree $R/up" sftp "${SSHOPTS[@]}" \
	    -b "$(batch rput 'put -r tree up')" 127.0.0.1 ;;
	lftp*.get) bench_one "$row" "lftp mirror${par:+ $par}" \
	    "bench_same_tree tree got" \
	    lftp -c "$LFTPOPEN; mirror $par tree got" ;;
	lftp*.put) bench_one "$row" "lftp mirror${par:+ $par}" \
	    "bench_same_tree tree $R/up" \
	    lftp -c "$LFTPOPEN; mirror -R $par tree up" ;;
	esac
}

# ---------------------------------------------------------------- resume

bench_row "sftp get, resumed at 50 %" resume $((BYTES - HALF))
bench_row "sftp get, resumed at 50 %: whole file" resume-full "$BYTES"
bench_row "sftp put, resumed at 50 %" resume $((BYTES - HALF))
bench_row "sftp put, resumed at 50 %: whole file" resume-full "$BYTES"
OWN="sftp get, resumed at 50 % of ferry's own partial (every byte checked)"
bench_row "$OWN" resume $((BYTES - HALF))
bench_row "$OWN: whole file" resume-full "$BYTES"

# own_partial: got.bin holds the first half of the source as ferry itself
# leaves it, with its resume record: a download stopped (SIGTERM) past the
# middle, cut back to HALF, and its record cut back to match (the chunk
# digests of the first half: HALF is a multiple of the chunk size).  So
# the resume reads it back and checks every byte, as after a real
# interruption, from the same offset as the peers.
own_partial() {
	bench_own_partial "$HALF" "$FERRY" -q get "$(sshd_url src.bin)" got.bin
}

# own_resume: ferry's whole download and its resume from its own partial.
own_resume() {
	rm -rf got.bin "$XDG_STATE_HOME/ferry"
	bench_one "$OWN: whole file" ferry "bench_same src.bin got.bin" \
	    "$FERRY" -q --resume get "$(sshd_url src.bin)" got.bin
	if own_partial; then
		LC_ALL=C bench_one "$OWN" ferry "bench_same src.bin got.bin" \
		    "$FERRY" -v --resume get "$(sshd_url src.bin)" got.bin
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
		rm -f got.bin "$R/up.bin"
		row="sftp $dir, resumed at 50 %"
		if [ "$how" = half ]; then
			head -c "$HALF" src.bin >got.bin
			cp got.bin "$R/up.bin"
		else
			row="$row: whole file"
		fi
		case $tool.$dir.$how in
		ferry.get.*) LC_ALL=C bench_one "$row" ferry \
		    "bench_same src.bin got.bin" "$FERRY" -v --resume \
		    get "$(sshd_url src.bin)" got.bin
		    [ "$how" = whole ] || bench_check_time "$row" ;;
		ferry.put.*) LC_ALL=C bench_one "$row" ferry \
		    "bench_same src.bin $R/up.bin" "$FERRY" -v --resume \
		    put src.bin "$(sshd_url up.bin)"
		    [ "$how" = whole ] || bench_check_time "$row" ;;
		sftp.get.*) bench_one "$row" "OpenSSH reget" \
		    "bench_same src.bin got.bin" sftp "${SSHOPTS[@]}" -b \
		    "$(batch reget "$([ $how = half ] && echo reget ||
		    echo get) src.bin got.bin")" 127.0.0.1 ;;
		sftp.put.*) bench_one "$row" "OpenSSH reput" \
		    "bench_same src.bin $R/up.bin" sftp "${SSHOPTS[@]}" -b \
		    "$(batch reput "$([ $how = half ] && echo reput ||
		    echo put) src.bin up.bin")" 127.0.0.1 ;;
		curl.get.*) bench_one "$row" "curl -C -" \
		    "bench_same src.bin got.bin" curl "${CURLOPTS[@]}" \
		    -C - -o got.bin "$CURLURL/src.bin" ;;
		curl.put.*) bench_one "$row" "curl -C -" \
		    "bench_same src.bin $R/up.bin" curl "${CURLOPTS[@]}" \
		    -C - -T src.bin "$CURLURL/up.bin" ;;
		lftp.get.*) bench_one "$row" "lftp get -c" \
		    "bench_same src.bin got.bin" \
		    lftp -c "$LFTPOPEN; get -c src.bin -o got.bin" ;;
		lftp.put.*) bench_one "$row" "lftp put -c" \
		    "bench_same src.bin $R/up.bin" \
		    lftp -c "$LFTPOPEN; put -c src.bin -o up.bin" ;;
		esac
	done
}

# ---------------------------------------------------------------- segments

# seg_row N: the row of a download in N segments.
seg_row() {
	local unit=segments
	[ "$1" = 1 ] && unit=segment
	echo "sftp get, $1 $unit"
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
			    --segments "$n" get "$(sshd_url src.bin)" got.bin
		else
			bench_skip "$row" "ferry --segments $n" "n/a (not built)"
		fi ;;
	lftp) bench_one "$row" "lftp pget -n $n" "bench_same src.bin got.bin" \
	    lftp -c "$LFTPOPEN; pget -n $n src.bin -o got.bin" ;;
	esac
}

# ---------------------------------------------------------------- listing

bench_row "sftp ls, $BENCH_LIST entries" list 0
listing() {
	local row="sftp ls, $BENCH_LIST entries"
	case $1 in
	ferry) bench_one "$row" ferry "bench_lines_at_least $BENCH_LIST" \
	    "$FERRY" ls "$(sshd_url many)" ;;
	sftp) bench_one "$row" "OpenSSH sftp ls" \
	    "bench_lines_at_least $BENCH_LIST" sftp "${SSHOPTS[@]}" \
	    -b "$(batch ls 'ls -1 many')" 127.0.0.1 ;;
	lftp) bench_one "$row" "lftp cls" "bench_lines_at_least $BENCH_LIST" \
	    lftp -c "$LFTPOPEN; cls -1 many" ;;
	esac
}

# The file manager on the same directory: from its start (connecting
# included) to the first screen of entries, shown while the listing is
# under way, and to the footer that counts all of them.  The screen is
# polled with capture-pane, a tmux process each (10-40 ms: the
# resolution); the peak RSS is VmHWM, read before q.
FMFIRST="sftp ls, $BENCH_LIST entries, in the file manager: first screen"
FMDONE="sftp ls, $BENCH_LIST entries, in the file manager: complete"
if command -v tmux >/dev/null; then
	bench_row "$FMFIRST" fmlist 0
	bench_row "$FMDONE" fmlist 0
fi
fm_listing() {
	local t0 now first='' all='' pid rss st=ok scr
	mkdir -p "$TAP_TMP/fmleft"
	t0=$(date +%s%N)
	tui new-session -d -s ferry -x 120 -y 35 -c "$TAP_TMP/fmleft" \
	    "$FERRY" "$(sshd_url many)" || st=failed
	pid=$(tui display-message -p -t ferry '#{pane_pid}' 2>/dev/null)
	while [ "$st" = ok ]; do
		scr=$(tui capture-pane -p -t ferry 2>/dev/null)
		now=$(date +%s%N)
		if [ -z "$first" ] && grep -q 'entry-0' <<<"$scr"; then
			first=$now
		fi
		if grep -q " $BENCH_LIST entries" <<<"$scr" &&
		    ! grep -q 'entries so far' <<<"$scr"; then
			all=$now
			break
		fi
		[ $((now - t0)) -lt $((BENCH_TIMEOUT * 1000000000)) ] ||
		    st=failed
	done
	rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
	tui send-keys -t ferry q
	tap_wait_for 10 tui_gone || tui kill-session -t ferry 2>/dev/null
	[ "$st" = ok ] || echo "# $FMDONE: the listing did not complete" >&2
	printf '%s\tferry\t%s\t%s\t%s\n' "$FMFIRST" "$(awk \
	    -v ns=$((${first:-$now} - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')" \
	    "${rss:-0}" "$([ -n "$first" ] && echo ok || echo failed)" \
	    >>"$BENCH_RESULTS"
	printf '%s\tferry\t%s\t%s\t%s\n' "$FMDONE" "$(awk \
	    -v ns=$((${all:-$now} - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')" \
	    "${rss:-0}" "$st" >>"$BENCH_RESULTS"
}

# ---------------------------------------------------------------- runs

for run in $(seq 1 "$BENCH_RUNS"); do
	echo "# SFTP run $run of $BENCH_RUNS" >&2
	bench_part file &&
	for dir in get put; do
		for tool in ferry sftp curl; do
			one_file "$tool" "$dir"
		done
	done
	bench_part tree &&
	for dir in get put; do
		for tool in ferry sftp lftp lftp-p4; do
			tree_copy "$tool" "$dir"
		done
	done
	bench_part resume &&
	for dir in get put; do
		for tool in ferry sftp curl lftp; do
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
	for tool in ferry sftp lftp; do
		listing "$tool"
	done
	bench_part list && command -v tmux >/dev/null && fm_listing
done
exit 0
