# tests/lib/ftpd.sh: real FTP servers for ferry's tests, on 127.0.0.1.
#
# Source it after tap.sh.  Every server gets a free port (or the one in its
# FERRY_TEST_*_PORT variable), a config generated into $TAP_TMP, and is
# stopped by PID at exit, its session processes first.
#
#   ftpd_need PROG...        every PROG is there, or: SKIP the whole script
#                            (locally) or fail it (in CI, where CI=true)
#   ftpd_pki                 a test CA and a server certificate for
#                            localhost and 127.0.0.1: $FTPD_CA, $FTPD_CERT,
#                            $FTPD_KEY
#   ftpd_vsftpd MODE         vsftpd, MODE plain, explicit or implicit
#                            (FTPS, require_ssl_reuse=YES); anonymous with
#                            upload, mkdir, rename and delete in pub/
#                            (lines in $FTPD_VSFTPD_EXTRA are added to its
#                            config: max_per_ip=2 ...)
#   ftpd_proftpd RESTART [tls] [digest]
#                            proftpd with MLSD/MLST, AllowStoreRestart
#                            RESTART (on or off); user $FTPD_USER with the
#                            password in $FTPD_PWFILE (mode 0600); with
#                            tls, explicit FTPS required on control and
#                            data (mod_tls; $FTPD_URL is ftpes://, trust
#                            $FTPD_CA); with digest, mod_digest (HASH,
#                            XSHA256 ...; in proftpd-core).
#                            $FTPD_PROFTPD_CONF, if set, is added to its
#                            configuration.
#
# After starting one: $FTPD_PID, $FTPD_PORT, $FTPD_URL (scheme://host:port,
# no slash), $FTPD_ROOT (the login directory on disk), $FTPD_PUB (its
# writable pub/ directory), $FTPD_LOG.
#
#   ftpd_sessions PID        the session processes of server PID
#   ftpd_cut PID             kill them (-9): every connection drops

FTPD_PROFTPD=${FERRY_TEST_PROFTPD:-/opt/ferry-test/proftpd/usr/sbin/proftpd}
FTPD_VSFTPD=${FERRY_TEST_VSFTPD:-/usr/sbin/vsftpd}
ftpd_pids=
ftpd_count=0

# ftpd_skip_all REASON: nothing here can run.
ftpd_skip_all() {
	if [ "${CI:-}" = true ]; then
		tap_bail "$1 (required in CI)"
	fi
	printf '1..0 # SKIP %s\n' "$1"
	exit 0
}

# ftpd_proftpd_or_skip NAME: start proftpd (AllowStoreRestart on) for a
# part of a script that also runs without it; 1 if it cannot run here
# (NAME is then one SKIP; in CI it bails: proftpd is required there).
ftpd_proftpd_or_skip() {
	if [ -x "$FTPD_PROFTPD" ] && command -v openssl >/dev/null; then
		ftpd_proftpd on
		return 0
	fi
	[ "${CI:-}" != true ] ||
	    tap_bail "no proftpd at $FTPD_PROFTPD (required in CI)"
	tap_skip "$1" "no proftpd at $FTPD_PROFTPD"
	return 1
}

ftpd_need() {
	local p path
	for p in "$@"; do
		case $p in
		vsftpd) path=$FTPD_VSFTPD ;;
		proftpd) path=$FTPD_PROFTPD ;;
		*) path=$(command -v "$p") || path= ;;
		esac
		if [ -z "$path" ] || [ ! -x "$path" ]; then
			case $p in
			proftpd) ftpd_skip_all "no proftpd at $FTPD_PROFTPD (run tests/lib/get-proftpd as root)" ;;
			*) ftpd_skip_all "$p is not installed" ;;
			esac
		fi
	done
}

# ftpd_port VAR: a free TCP port on 127.0.0.1, or $VAR if set.
ftpd_port() {
	if [ -n "${!1:-}" ]; then
		echo "${!1}"
	else
		tap_free_port
	fi
}

ftpd_listening() {
	[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

ftpd_pki() {
	local d=$TAP_TMP/pki
	[ -f "$d/ca.pem" ] && return 0
	mkdir -p "$d" || tap_bail "cannot make $d"
	{
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -keyout "$d/ca.key" -out "$d/ca.pem" \
		    -subj "/CN=ferry test CA" \
		    -addext "basicConstraints=critical,CA:TRUE" \
		    -addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
		    -keyout "$d/server.key" -out "$d/server.csr" &&
		printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" \
		    "basicConstraints=CA:FALSE" \
		    "extendedKeyUsage=serverAuth" >"$d/ext.cnf" &&
		openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" \
		    -CAkey "$d/ca.key" -CAcreateserial -days 2 \
		    -extfile "$d/ext.cnf" -out "$d/server.pem"
	} >"$d/openssl.log" 2>&1 || tap_bail "openssl failed: $(tail -3 "$d/openssl.log")"
	chmod 600 "$d/server.key"
	FTPD_CA=$d/ca.pem FTPD_CERT=$d/server.pem FTPD_KEY=$d/server.key
}

# ftpd_start PORT CMD...: start a server, wait until it listens.
ftpd_start() {
	local port=$1
	shift
	tap_bg "$@"
	FTPD_PID=$TAP_BG
	ftpd_pids="$ftpd_pids $FTPD_PID"
	if ! tap_wait_for 10 ftpd_listening "$port"; then
		tap_diag "$* did not listen on port $port:"
		tap_diag_file "$TAP_BG_ERR"
		tap_diag_file "$FTPD_LOG"
		tap_bail "cannot start $1"
	fi
}

# ftpd_dir NAME: a new server directory; sets FTPD_DIR, FTPD_ROOT, FTPD_PUB.
ftpd_dir() {
	ftpd_count=$((ftpd_count + 1))
	FTPD_DIR=$TAP_TMP/ftpd.$ftpd_count.$1
	FTPD_ROOT=$FTPD_DIR/root
	FTPD_PUB=$FTPD_ROOT/pub
	mkdir -p "$FTPD_PUB" || tap_bail "cannot make $FTPD_PUB"
	FTPD_LOG=$FTPD_DIR/log
}

ftpd_vsftpd() {
	local mode=$1 var scheme=ftp
	case $mode in
	plain) var=FERRY_TEST_VSFTPD_PORT ;;
	explicit) var=FERRY_TEST_VSFTPES_PORT scheme=ftpes ;;
	implicit) var=FERRY_TEST_VSFTPS_PORT scheme=ftps ;;
	*) tap_bail "ftpd_vsftpd: unknown mode $mode" ;;
	esac
	ftpd_dir "vsftpd-$mode"
	FTPD_PORT=$(ftpd_port "$var")
	# run_as_launching_user: no root needed and no system user; there
	# is no chroot then, which is fine for a test on loopback.
	cat >"$FTPD_DIR/vsftpd.conf" <<EOF
listen=YES
listen_address=127.0.0.1
listen_port=$FTPD_PORT
background=NO
run_as_launching_user=YES
seccomp_sandbox=NO
anonymous_enable=YES
local_enable=NO
no_anon_password=YES
anon_root=$FTPD_ROOT
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
anon_umask=022
pasv_enable=YES
port_enable=YES
pasv_address=127.0.0.1
idle_session_timeout=120
data_connection_timeout=60
xferlog_enable=YES
vsftpd_log_file=$FTPD_LOG
dual_log_enable=NO
syslog_enable=NO
EOF
	[ -z "${FTPD_VSFTPD_EXTRA:-}" ] ||
	    printf '%s\n' "$FTPD_VSFTPD_EXTRA" >>"$FTPD_DIR/vsftpd.conf"
	if [ "$mode" != plain ]; then
		ftpd_pki
		cat >>"$FTPD_DIR/vsftpd.conf" <<EOF
ssl_enable=YES
allow_anon_ssl=YES
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
require_ssl_reuse=YES
rsa_cert_file=$FTPD_CERT
rsa_private_key_file=$FTPD_KEY
EOF
		[ "$mode" = implicit ] &&
		    echo "implicit_ssl=YES" >>"$FTPD_DIR/vsftpd.conf"
	fi
	FTPD_URL=$scheme://127.0.0.1:$FTPD_PORT
	ftpd_start "$FTPD_PORT" "$FTPD_VSFTPD" "$FTPD_DIR/vsftpd.conf"
}

ftpd_proftpd() {
	local restart=$1 tls='' digest='' var=FERRY_TEST_PROFTPD_PORT hash uid
	local gid user group scheme=ftp modules w
	shift
	for w in "$@"; do
		case $w in
		tls) tls=tls ;;
		digest) digest=digest ;;
		*) tap_bail "ftpd_proftpd: unknown option $w" ;;
		esac
	done
	modules=$(dirname "$(dirname "$FTPD_PROFTPD")")/lib/proftpd
	[ "$restart" = off ] && var=FERRY_TEST_PROFTPD_NOREST_PORT
	[ "$tls" = tls ] && var=FERRY_TEST_PROFTPES_PORT scheme=ftpes
	[ "$digest" = digest ] && var=FERRY_TEST_PROFTPD_DIGEST_PORT
	ftpd_dir "proftpd-restart-$restart${tls:+-$tls}${digest:+-$digest}"
	FTPD_PORT=$(ftpd_port "$var")
	FTPD_USER=ferry
	FTPD_PWFILE=$FTPD_DIR/password
	# a fresh password each time; never the one in any log
	printf 'pw-%s\n' "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
	    >"$FTPD_PWFILE"
	chmod 600 "$FTPD_PWFILE"
	hash=$(openssl passwd -6 -stdin <"$FTPD_PWFILE") ||
	    tap_bail "openssl passwd failed"
	uid=$(id -u) gid=$(id -g) user=$(id -un) group=$(id -gn)
	echo "$FTPD_USER:$hash:$uid:$gid::$FTPD_ROOT:/bin/sh" >"$FTPD_DIR/passwd"
	echo "$FTPD_USER:x:$gid:$FTPD_USER" >"$FTPD_DIR/group"
	chmod 600 "$FTPD_DIR/passwd" "$FTPD_DIR/group"
	cat >"$FTPD_DIR/proftpd.conf" <<EOF
ServerName "ferry test"
ServerType standalone
DefaultServer on
DefaultAddress 127.0.0.1
SocketBindTight on
Port $FTPD_PORT
User $user
Group $group
PidFile $FTPD_DIR/proftpd.pid
ScoreboardFile $FTPD_DIR/proftpd.scoreboard
DelayTable none
SystemLog $FTPD_LOG
TransferLog $FTPD_DIR/xfer.log
WtmpLog off
UseReverseDNS off
UseIPv6 off
AuthOrder mod_auth_file.c
AuthUserFile $FTPD_DIR/passwd
AuthGroupFile $FTPD_DIR/group
AuthPAM off
RequireValidShell off
UseFtpUsers off
RootLogin on
Umask 022
AllowOverwrite on
AllowRetrieveRestart on
AllowStoreRestart $restart
MaxInstances 50
TimeoutIdle 120
TimeoutNoTransfer 120
TimeoutStalled 60
<Directory />
  AllowOverwrite on
</Directory>
EOF
	if [ -n "$tls$digest" ]; then
		echo "ModulePath $modules" >>"$FTPD_DIR/proftpd.conf"
	fi
	if [ "$digest" = digest ]; then
		[ -f "$modules/mod_digest.so" ] ||
		    tap_bail "no mod_digest at $modules (run tests/lib/get-proftpd as root)"
		echo "LoadModule mod_digest.c" >>"$FTPD_DIR/proftpd.conf"
	fi
	if [ "$tls" = tls ]; then
		[ -f "$modules/mod_tls.so" ] ||
		    tap_bail "no mod_tls at $modules (run tests/lib/get-proftpd as root)"
		ftpd_pki
		cat >>"$FTPD_DIR/proftpd.conf" <<EOF
LoadModule mod_tls.c
TLSEngine on
TLSLog $FTPD_DIR/tls.log
TLSProtocol TLSv1.2 TLSv1.3
TLSRequired on
TLSRSACertificateFile $FTPD_CERT
TLSRSACertificateKeyFile $FTPD_KEY
TLSVerifyClient off
EOF
	fi
	[ -n "${FTPD_PROFTPD_CONF:-}" ] &&
	    printf '%s\n' "$FTPD_PROFTPD_CONF" >>"$FTPD_DIR/proftpd.conf"
	FTPD_URL=$scheme://$FTPD_USER@127.0.0.1:$FTPD_PORT
	ftpd_start "$FTPD_PORT" "$FTPD_PROFTPD" -n -q -c "$FTPD_DIR/proftpd.conf"
}

# The session processes of a server: its children (and theirs: a vsftpd
# session is a pair).
ftpd_sessions() {
	local p
	for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$p"
		ps -o pid= --ppid "$p" 2>/dev/null
	done
}

ftpd_cut() {
	local pids
	pids=$(ftpd_sessions "$1")
	# shellcheck disable=SC2086 # one word per PID
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	return 0
}

ftpd_cleanup() {
	local pid
	for pid in $ftpd_pids; do
		ftpd_cut "$pid"
	done
	ftpd_pids=
}

trap 'ftpd_cleanup; tap_cleanup' EXIT

# ---------------------------------------------------------------- helpers

# ftpd_tree DIR: a small tree with nested directories, names with spaces
# and UTF-8, an empty file and a dot file.
ftpd_tree() {
	mkdir -p "$1/sub dir/deeper" "$1/grüße ✓" || return 1
	tap_random "$1/top file.bin" 1000
	tap_random "$1/sub dir/x.bin" 70000
	: >"$1/sub dir/deeper/empty"
	tap_random "$1/sub dir/deeper/d.bin" 3000
	tap_random "$1/grüße ✓/naïve café.txt" 5000
	tap_random "$1/.hidden" 10
}

# ftpd_larger FILE N: FILE exists and has more than N bytes.
ftpd_larger() {
	[ -f "$1" ] && [ "$(tap_size "$1")" -gt "$2" ]
}
