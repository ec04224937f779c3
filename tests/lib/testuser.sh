# tests/lib/testuser.sh: an account with a password, for password
# authentication against the test sshd (tests/lib/sshd.sh).
#
# testuser_setup: as root, make sure the account $TESTUSER (default
# ferrytest; no shell, no home of its own) exists and has a password, and
# give it an SFTP area $SSHD_ROOT/$TESTUSER that it owns.  Sets
# TESTUSER_PASSWORD and TESTUSER_HOME; returns 1 with $TESTUSER_WHY when
# this cannot be done (not root, no useradd).
#
# The password is random, made once and kept in a root-only file, so that
# tests running at the same time set the same one (chpasswd every time
# keeps the account and the file in step).

TESTUSER=${TESTUSER:-ferrytest}
TESTUSER_STATE=${TESTUSER_STATE:-/var/lib/ferry-test}

testuser_password() {
	local f=$TESTUSER_STATE/password
	if [ ! -s "$f" ]; then
		mkdir -p "$TESTUSER_STATE" && chmod 700 "$TESTUSER_STATE" ||
		    return 1
		# letters and digits only: no quoting trouble anywhere
		(umask 077 &&
		    head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' |
		    head -c 20 >"$f.$$" && mv "$f.$$" "$f") || return 1
	fi
	TESTUSER_PASSWORD=$(cat "$f")
	[ -n "$TESTUSER_PASSWORD" ]
}

testuser_setup() {
	if [ "$(id -u)" -ne 0 ]; then
		TESTUSER_WHY="needs root to make the account $TESTUSER"
		return 1
	fi
	if ! id -u "$TESTUSER" >/dev/null 2>&1; then
		useradd -M -d /nonexistent -s /usr/sbin/nologin \
		    "$TESTUSER" 2>/dev/null || id -u "$TESTUSER" >/dev/null ||
		{
			TESTUSER_WHY="useradd $TESTUSER failed"
			return 1
		}
	fi
	if ! testuser_password ||
	    ! printf '%s:%s\n' "$TESTUSER" "$TESTUSER_PASSWORD" | chpasswd; then
		TESTUSER_WHY="cannot set the password of $TESTUSER"
		return 1
	fi
	TESTUSER_HOME=$SSHD_ROOT/$TESTUSER
	mkdir -p "$TESTUSER_HOME" && chown "$TESTUSER" "$TESTUSER_HOME" &&
	    chmod 711 "$TAP_TMP" "$SSHD_ROOT" || {
		TESTUSER_WHY="cannot make $TESTUSER_HOME"
		return 1
	}
	return 0
}

# testuser_or_skip DESC: testuser_setup, or a SKIP of DESC (return 1)
# when it cannot be done -- except under CI=true, where that fails.
testuser_or_skip() {
	testuser_setup && return 0
	if [ "${CI:-}" = true ]; then
		tap_result 1 "$1"
		tap_diag "$TESTUSER_WHY (CI=true: not skipped)"
	else
		tap_skip "$1" "$TESTUSER_WHY"
	fi
	return 1
}
