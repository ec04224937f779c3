# tests/lib/sshd.sh: a real OpenSSH sshd on 127.0.0.1 for ferry's SFTP
# tests.  Source it after tests/lib/tap.sh and tap_sandbox:
#
#	. "$top_srcdir/tests/lib/sshd.sh"
#	sshd_start || tap_bail "$SSHD_WHY"
#
# sshd_start makes, under $TAP_TMP/sshd: host keys (ed25519 and ecdsa), a
# client key for the current user (SSHD_KEY, authorized in SSHD_AUTHKEYS),
# an sshd_config, and the SFTP area SSHD_ROOT/<user> that internal-sftp
# starts in (the login directory of every SFTP session: "sftp://h/x" is
# $SSHD_ROOT/$USER/x).  sshd runs as "sshd -D -e -f CONFIG" with its log
# (LogLevel DEBUG1) in SSHD_LOG, on a free port (or $FERRY_TEST_SSHD_PORT),
# recorded with tap_bg so that the EXIT trap stops it by PID.
#
# Variables set: SSHD_PORT SSHD_PID SSHD_DIR SSHD_LOG SSHD_CONFIG SSHD_KEY
# SSHD_ROOT SSHD_HOME (SSHD_ROOT/$USER) SSHD_USER SSHD_URL
# (sftp://USER@127.0.0.1:PORT) SSHD_HOSTKEYS (the .pub files).
# SSHD_USEPAM, SSHD_PASSWORD_AUTH and SSHD_KBDINT (yes/no) set the
# options of those names (default no, yes, no); SSHD_EXTRA_CONFIG is added;
# SSHD_SFTP_LOG (a file) makes the SFTP server log every request there.
# The environment loses SSH_AUTH_SOCK (no agent of the caller's is used)
# and GIT_SSH-like variables do not matter.

SSHD_BIN=${SSHD_BIN:-/usr/sbin/sshd}
SSHD_SFTP_SERVER=${SSHD_SFTP_SERVER:-/usr/lib/openssh/sftp-server}

# sshd_subsystem: the Subsystem line: internal-sftp, or with SSHD_SFTP_LOG
# set, the sftp-server program logging every request (LogLevel DEBUG1) to
# that file.
sshd_subsystem() {
	if [ -z "${SSHD_SFTP_LOG:-}" ]; then
		echo "Subsystem sftp internal-sftp -d $SSHD_ROOT/%u"
		return
	fi
	echo "Subsystem sftp $SSHD_SFTP_SERVER -d $SSHD_ROOT/%u -e -l DEBUG1" \
	    "2>>$SSHD_SFTP_LOG"
}

# sshd_write_config FILE: the server's configuration.
sshd_write_config() {
	cat >"$1" <<EOF
ListenAddress 127.0.0.1:$SSHD_PORT
HostKey $SSHD_DIR/host_ed25519
HostKey $SSHD_DIR/host_ecdsa
PidFile none
UsePAM ${SSHD_USEPAM:-no}
StrictModes no
LogLevel DEBUG1
PubkeyAuthentication yes
AuthorizedKeysFile $SSHD_AUTHKEYS
PasswordAuthentication ${SSHD_PASSWORD_AUTH:-yes}
KbdInteractiveAuthentication ${SSHD_KBDINT:-no}
PermitRootLogin yes
PermitEmptyPasswords no
MaxAuthTries 10
MaxStartups 50:30:100
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
ClientAliveInterval 0
$(sshd_subsystem)
${SSHD_EXTRA_CONFIG:-}
EOF
}

# sshd_keys: host keys, the client key and authorized_keys.
sshd_keys() {
	ssh-keygen -q -t ed25519 -N '' -C ferry-test-host \
	    -f "$SSHD_DIR/host_ed25519" || return 1
	ssh-keygen -q -t ecdsa -b 256 -N '' -C ferry-test-host \
	    -f "$SSHD_DIR/host_ecdsa" || return 1
	ssh-keygen -q -t ed25519 -N '' -C ferry-test-client \
	    -f "$SSHD_KEY" || return 1
	cp "$SSHD_KEY.pub" "$SSHD_AUTHKEYS" || return 1
	chmod 600 "$SSHD_DIR"/host_* "$SSHD_KEY" "$SSHD_AUTHKEYS"
}

# sshd_listening: the log says sshd listens (after a possible failure to
# bind, it has exited instead).
sshd_listening() {
	grep -q "Server listening on 127.0.0.1 port $SSHD_PORT" "$SSHD_LOG"
}

# sshd_start: start the server; 0 when it listens, else 1 with $SSHD_WHY.
sshd_start() {
	local try
	unset SSH_AUTH_SOCK SSH_AGENT_PID
	SSHD_DIR=$TAP_TMP/sshd
	SSHD_ROOT=$TAP_TMP/sftp
	SSHD_USER=$(id -un)
	SSHD_HOME=$SSHD_ROOT/$SSHD_USER
	SSHD_KEY=$SSHD_DIR/client_ed25519
	SSHD_AUTHKEYS=$SSHD_DIR/authorized_keys
	SSHD_CONFIG=$SSHD_DIR/sshd_config
	SSHD_HOSTKEYS="$SSHD_DIR/host_ed25519.pub $SSHD_DIR/host_ecdsa.pub"
	if [ ! -x "$SSHD_BIN" ]; then
		SSHD_WHY="no sshd at $SSHD_BIN (install openssh-server)"
		return 1
	fi
	mkdir -p "$SSHD_DIR" "$SSHD_HOME" || return 1
	rm -f "$SSHD_DIR"/host_* "$SSHD_KEY" "$SSHD_KEY.pub"
	if ! sshd_keys; then
		SSHD_WHY="ssh-keygen failed"
		return 1
	fi
	# privilege separation needs this directory when running as root
	[ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd
	for try in 1 2 3 4 5; do
		SSHD_PORT=${FERRY_TEST_SSHD_PORT:-$(tap_free_port)}
		sshd_write_config "$SSHD_CONFIG"
		tap_bg "$SSHD_BIN" -D -e -f "$SSHD_CONFIG"
		SSHD_PID=$TAP_BG
		SSHD_LOG=$TAP_BG_ERR
		if tap_wait_for 10 sshd_listening; then
			SSHD_URL=sftp://$SSHD_USER@127.0.0.1:$SSHD_PORT
			return 0
		fi
		kill -9 "$SSHD_PID" 2>/dev/null
		tap_reap "$SSHD_PID" 5
		[ -z "${FERRY_TEST_SSHD_PORT:-}" ] || break
	done
	SSHD_WHY="sshd did not start: $(tail -n 3 "$SSHD_LOG" | tr '\n' ' ')"
	return 1
}

# sshd_stop: stop the server (by its PID) and reap it.
sshd_stop() {
	[ -n "${SSHD_PID:-}" ] || return 0
	kill "$SSHD_PID" 2>/dev/null
	tap_reap "$SSHD_PID" 5
	SSHD_PID=
}

# sshd_known_hosts FILE [PORT [KEYFILE...]]: a known_hosts FILE naming
# this server ("[127.0.0.1]:PORT", PORT the server's by default) with the
# given public keys (default: all of the server's host keys).
sshd_known_hosts() {
	local f=$1 port=${2:-$SSHD_PORT} k
	shift
	[ $# -eq 0 ] || shift
	[ $# -gt 0 ] || set -- $SSHD_HOSTKEYS
	: >"$f"
	for k in "$@"; do
		sshd_known_add "$f" "$port" "$k"
	done
}

# sshd_known_add FILE PORT KEYFILE: one more line in FILE.
sshd_known_add() {
	printf '[127.0.0.1]:%s %s\n' "$2" "$(cut -d' ' -f1,2 "$3")" >>"$1"
}

# sshd_log_mark: remember how long the log is now; sshd_log_since prints
# what was logged after the mark.
sshd_log_mark() {
	SSHD_LOG_MARK=$(wc -c <"$SSHD_LOG")
}
sshd_log_since() {
	tail -c +$((${SSHD_LOG_MARK:-0} + 1)) "$SSHD_LOG"
}

# sshd_ferry_home: the client side for ferry: ~/.ssh/id_ed25519 is the
# authorized key, ~/.ssh/known_hosts knows the server.
sshd_ferry_home() {
	mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh" &&
	    cp "$SSHD_KEY" "$HOME/.ssh/id_ed25519" &&
	    cp "$SSHD_KEY.pub" "$HOME/.ssh/id_ed25519.pub" &&
	    chmod 600 "$HOME/.ssh/id_ed25519" &&
	    sshd_known_hosts "$HOME/.ssh/known_hosts"
}

# sshd_setup DESC: sshd_start and sshd_ferry_home; when sshd cannot run
# here, the whole script is one SKIP of DESC -- except under CI=true, where
# it bails out.
sshd_setup() {
	if sshd_start && sshd_ferry_home; then
		return 0
	fi
	[ "${CI:-}" != true ] || tap_bail "${SSHD_WHY:-sshd setup failed}"
	tap_skip "$1" "${SSHD_WHY:-sshd setup failed}"
	tap_done
}

# sshd_url PATH [PORT [USER]]: an sftp:// URL for PATH (relative to the
# login directory; percent-encode it yourself where needed).
sshd_url() {
	printf 'sftp://%s@127.0.0.1:%s/%s' "${3:-$SSHD_USER}" \
	    "${2:-$SSHD_PORT}" "$1"
}
