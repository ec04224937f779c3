# shellcheck disable=SC2034,SC2154 # variables set for and by the scripts
# tests/hostile/lib.sh: helpers of the hostile-server suites.  Source it
# after tests/lib/tap.sh and tap_sandbox.
#
#   hostile_ftpd [ARGS...]   start tests/hostile/ftpd.py with the script read
#                            from stdin (a heredoc); ARGS go to ftpd.py
#                            (--cert, --key, --lifetime).  Sets HF_PORT,
#                            HF_URL (ftp://127.0.0.1:PORT), HF_ROOT (the
#                            files it serves, a fresh directory), HF_LOG
#                            (the commands it received), HF_PID.
#   hostile_sftpd [ARGS...]  the same for tests/hostile/sftpd.py: HS_PORT,
#                            HS_URL, HS_ROOT, HS_LOG (see below)
#   hostile_stop             stop the server (by PID)
#   hostile_dialog           the commands of the last server, one a line,
#                            its "#connect" and "#..." notes left out
#   hostile_notes            the "#" lines of its log
#   hostile_clean DESC FILE  a test: FILE holds no control byte but the
#                            newline (no ESC, BEL, NUL, CR, C1 ...)
#   hostile_random LO HI     a random number in [LO, HI)
#   hostile_wait_size FILE N wait (30 s at most) until FILE has N bytes
#   hostile_todo BRANCH      the next test is a TAP TODO: a known bug,
#                            fixed on BRANCH (hostile_todo_new WHY: a bug
#                            found by these tests, not fixed yet)
#
# Python: the servers want Debian's /usr/bin/python3 (with paramiko), not
# whatever python3 comes first in PATH.

HOSTILE_PY=${HOSTILE_PY:-/usr/bin/python3}
[ -x "$HOSTILE_PY" ] || HOSTILE_PY=$(command -v python3)
hostile_count=0
HF_PID=

hostile_ftpd() {
	local dir
	hostile_count=$((hostile_count + 1))
	dir=$TAP_TMP/hostile.$hostile_count
	HF_ROOT=$dir/root
	HF_LOG=$dir/log
	mkdir -p "$HF_ROOT" || tap_bail "cannot make $HF_ROOT"
	cat >"$dir/script"
	: >"$HF_LOG"
	hostile_stop
	tap_bg "$HOSTILE_PY" "$top_srcdir/tests/hostile/ftpd.py" \
	    --root "$HF_ROOT" --port-file "$dir/port" --log "$HF_LOG" \
	    --script "$dir/script" --lifetime 60 "$@"
	HF_PID=$TAP_BG
	if ! tap_wait_for 10 test -s "$dir/port"; then
		tap_diag_file "$TAP_BG_ERR"
		tap_bail "tests/hostile/ftpd.py did not start"
	fi
	HF_PORT=$(cat "$dir/port")
	HF_URL=ftp://127.0.0.1:$HF_PORT
}

# hostile_sftpd [ARGS...]: start tests/hostile/sftpd.py with the script
# from stdin.  Sets HS_PORT, HS_URL (sftp://ferry@127.0.0.1:PORT), HS_ROOT,
# HS_LOG, HF_PID; the first call makes the host key and ferry's
# ~/.ssh/id_ed25519, and each call writes ~/.ssh/known_hosts for the port.
hostile_sftpd() {
	local dir key=$TAP_TMP/sftpd_host_ed25519
	hostile_count=$((hostile_count + 1))
	dir=$TAP_TMP/hostile.$hostile_count
	HS_ROOT=$dir/root
	HS_LOG=$dir/log
	HF_LOG=$HS_LOG
	mkdir -p "$HS_ROOT" "$HOME/.ssh" || tap_bail "cannot make $HS_ROOT"
	chmod 700 "$HOME/.ssh"
	if [ ! -f "$key" ]; then
		if ! ssh-keygen -q -t ed25519 -N '' -C ferry-hostile -f "$key" ||
		    ! ssh-keygen -q -t ed25519 -N '' -C ferry-test \
		    -f "$HOME/.ssh/id_ed25519" </dev/null; then
			tap_bail "ssh-keygen failed"
		fi
	fi
	cat >"$dir/script"
	: >"$HS_LOG"
	hostile_stop
	tap_bg "$HOSTILE_PY" "$top_srcdir/tests/hostile/sftpd.py" \
	    --root "$HS_ROOT" --host-key "$key" --port-file "$dir/port" \
	    --log "$HS_LOG" --script "$dir/script" --lifetime 60 "$@"
	HF_PID=$TAP_BG
	if ! tap_wait_for 20 test -s "$dir/port"; then
		tap_diag_file "$TAP_BG_ERR"
		tap_bail "tests/hostile/sftpd.py did not start"
	fi
	HS_PORT=$(cat "$dir/port")
	HS_URL=sftp://ferry@127.0.0.1:$HS_PORT
	printf '[127.0.0.1]:%s %s\n' "$HS_PORT" "$(cut -d' ' -f1,2 "$key.pub")" \
	    >"$HOME/.ssh/known_hosts"
}

hostile_stop() {
	[ -n "$HF_PID" ] || return 0
	kill -9 "$HF_PID" 2>/dev/null
	tap_reap "$HF_PID" 5
	HF_PID=
}

hostile_dialog() {
	grep -v '^#' "$HF_LOG"
}

hostile_notes() {
	grep '^#' "$HF_LOG"
}

# hostile_dirty FILE: FILE has a byte below 0x20 but the newline, DEL, or a
# C1 control character (UTF-8 C2 80 to C2 9F).
hostile_dirty() {
	LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}

hostile_clean() {
	if [ -e "$2" ] && ! hostile_dirty "$2"; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "control bytes in $2:"
	od -c "$2" | head -n 8 | sed 's/^/# /'
	return 1
}

# A TODO test still counts as run, and is not a failure of the script:
# tap_result's "not ok" gets the directive, and the failure is not counted.
hostile_todo_branch=
hostile_todo() {
	hostile_todo_branch="fixed on branch $1"
}

# hostile_todo_new WHY: the next test is a TAP TODO for a bug found here
# and not fixed yet (WHY says which).
hostile_todo_new() {
	hostile_todo_branch="new bug: $1"
}

# Wrap tap_result: a pending TODO marks the next result.
eval "$(declare -f tap_result | sed '1s/tap_result/hostile_tap_result/')"
tap_result() {
	local branch=$hostile_todo_branch
	hostile_todo_branch=
	if [ -z "$branch" ]; then
		hostile_tap_result "$@"
		return
	fi
	tap_count=$((tap_count + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s # TODO %s\n' "$tap_count" \
		    "$2" "$branch"
		return 0
	fi
	printf 'not ok %d - %s # TODO %s\n' "$tap_count" \
	    "$2" "$branch"
	return 1
}

# hostile_prefix_or_same A B: A does not exist, or holds the first bytes
# of B (all of them at most).
hostile_prefix_or_same() {
	local n
	[ -e "$1" ] || return 0
	n=$(tap_size "$1")
	[ "$n" -le "$(tap_size "$2")" ] && cmp -s -n "$n" -- "$1" "$2"
}

# hostile_random LO HI: a random number in [LO, HI).
hostile_random() {
	echo $(((RANDOM * 32768 + RANDOM) % ($2 - $1) + $1))
}

# hostile_wait_size FILE BYTES: wait (30 s at most) until FILE has at
# least BYTES.
hostile_wait_size() {
	local deadline=$(($(date +%s) + 30)) n
	while :; do
		n=$(stat -c %s -- "$1" 2>/dev/null) || n=0
		[ "$n" -lt "$2" ] || return 0
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.01
	done
}

trap 'hostile_stop; tap_cleanup' EXIT
