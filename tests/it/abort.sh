#!/bin/bash
# tests/it/abort.sh: Esc in the middle of a transfer leaves the session
# usable at once, on real servers: proftpd (where an upload stopped
# without the ABOR exchange read to its end put the control connection
# out of step), vsftpd in clear and with explicit TLS, and OpenSSH's sshd.
# The checks themselves are the C program tests/it/abort (see abort.c):
# a download, an aborted upload and a closed upload, each cancelled after
# a few MiB, then a listing, a stat and a read that must come back right
# within a couple of seconds.  On the FTP servers the session must keep
# its control connection (the ABOR dialogue read to its end); over SFTP
# it drops the connection and the next command connects again (see
# sftp_done in src/vfs/sftp.c).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

ABORT=${FERRY_TEST_ABORT:-$(dirname "$FERRY")/tests/it/abort}
[ -x "$ABORT" ] || tap_bail "no $ABORT (make check builds it)"
ftpd_need proftpd vsftpd openssl
tap_sandbox
MiB=$((1024 * 1024))
tap_random big.bin $((48 * MiB))

# abort_run NAME CMD...: run the checker, bounded; its "ok"/"not ok"
# lines are numbered here, the rest are comments.
abort_run() {
	local name=$1 line
	shift
	timeout -k 5 120 "$@" </dev/null >"$TAP_OUT" 2>"$TAP_ERR"
	TAP_STATUS=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) tap_result 0 "${line#ok - }" ;;
		"not ok - "*) tap_result 1 "${line#not ok - }" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <"$TAP_OUT"
	# 0 or 1 (checks failed), and nothing on stderr: no sanitizer
	# report, no crash
	tap_result "$([ "$TAP_STATUS" -le 1 ] && [ ! -s "$TAP_ERR" ] &&
	    echo 0 || echo 1)" "${name}_checker_ends_by_itself_quietly" || {
		tap_diag "exit status $TAP_STATUS"
		tap_diag_file "$TAP_ERR" 30
	}
}

abort_ftp() {
	local name=$1
	shift
	cp big.bin "$FTPD_PUB/big.bin"
	abort_run "$name" "$ABORT" -k -v "$@" "$name" "$FTPD_URL/pub/" big.bin
	ftpd_cut "$FTPD_PID"
}

ftpd_proftpd on
abort_ftp proftpd -p "$FTPD_PWFILE"
ftpd_vsftpd plain
abort_ftp vsftpd
ftpd_vsftpd explicit
abort_ftp vsftpd_ftpes -c "$FTPD_CA"

if sshd_start && sshd_ferry_home; then
	cp big.bin "$SSHD_HOME/big.bin"
	abort_run sftp "$ABORT" -v sftp "$SSHD_URL/" big.bin
	sshd_stop
else
	[ "${CI:-}" != true ] || tap_bail "${SSHD_WHY:-sshd setup failed}"
	tap_skip "sftp" "${SSHD_WHY:-sshd setup failed}"
fi
tap_done
