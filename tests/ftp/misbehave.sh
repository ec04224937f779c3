#!/bin/bash
# tests/ftp/misbehave.sh: ferry against tests/lib/ftpfake.py, an FTP
# server that misbehaves in one way at a time.
#   - a 229 reply without a port: ferry falls back to PASV (and the copy
#     works) instead of failing;
#   - a listing with unsafe directory names ("../x", "/abs") in a tree
#     copy: each is told on stderr, like unsafe file names, and nothing
#     is written outside the target;
#   - a name with a carriage return in a listing cannot be asked for: the
#     tree copy exits 4 (the server's fault), not 1 (usage);
#   - an ACCT asked for after PASS: -v shows "ACCT ****" and never the
#     account itself;
#   - an implicit-TLS port that closes on the handshake, or never answers
#     it: exit 2 (cannot connect or trust), not 4.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpfake.sh"

command -v python3 >/dev/null || { tap_skip "misbehave" "no python3"; tap_done; }
tap_sandbox
mkdir -p "$FAKE_ROOT/d"
tap_random "$FAKE_ROOT/f.bin" 100000
tap_random "$FAKE_ROOT/d/inner.bin" 5000

# ---------------------------------------------------------------- 229

fake_start --bad-epsv
tap_exit_is "a_229_reply_without_a_port_falls_back_to_pasv" 0 \
    "$FERRY" -q get "$FAKE_URL/f.bin" epsv.bin
tap_same_file "the_copy_over_pasv_is_whole" "$FAKE_ROOT/f.bin" epsv.bin
tap_ok "pasv_was_sent_after_the_bad_229" grep -qx PASV "$FAKE_LOG"

# ---------------------------------------------------------------- names

fake_start --list-extra "drwxr-xr-x 1 ftp ftp 0 Jan 01 2024 ../x" \
    --list-extra "drwxr-xr-x 1 ftp ftp 0 Jan 01 2024 /abs"
mkdir tree1
tap_exit_is "unsafe_directory_names_in_a_tree_exit_4" 4 \
    "$FERRY" -q -r get "$FAKE_URL/d" tree1
err=$(cat "$TAP_ERR")
tap_like "an_unsafe_name_dot_dot_x_is_told" "$err" \
    "\.\./x: refusing an unsafe name"
tap_like "an_unsafe_name_slash_abs_is_told" "$err" \
    "/abs: refusing an unsafe name"
tap_same_file "the_safe_file_of_the_tree_is_copied" \
    "$FAKE_ROOT/d/inner.bin" tree1/d/inner.bin
tap_not "nothing_was_made_beside_the_target" test -e tree1/x

fake_start --list-extra "-rw-r--r-- 1 ftp ftp 3 Jan 01 2024 bad\\rname"
mkdir tree2
tap_exit_is "a_name_with_a_carriage_return_from_a_server_exits_4" 4 \
    "$FERRY" -q -r get "$FAKE_URL/d" tree2
tap_like "the_name_is_shown_escaped" "$(cat "$TAP_ERR")" 'bad\\x0dname'
tap_same_file "the_other_files_of_the_tree_are_copied" \
    "$FAKE_ROOT/d/inner.bin" tree2/d/inner.bin

# ---------------------------------------------------------------- ACCT

fake_start --acct
# ferry asks for the account on a terminal: a pty, driven from python.
cat >drive.py <<'PY'
import os, pty, select, subprocess, sys, time
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=s, stdout=s, stderr=s)
os.close(s)
out, sent, end = b"", False, time.monotonic() + 30
while time.monotonic() < end:
    if select.select([m], [], [], 0.2)[0]:
        try:
            b = os.read(m, 4096)
        except OSError:
            break
        if not b:
            break
        out += b
    if not sent and b"Account for" in out:
        os.write(m, b"acct-Secret-42\n")
        sent = True
    if p.poll() is not None and not select.select([m], [], [], 0.2)[0]:
        break
if p.poll() is None:
    p.kill()
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(p.wait())
PY
tap_exit_is "a_login_with_an_acct_asked_on_a_terminal_works" 0 \
    python3 drive.py "$FERRY" -v ls "$FAKE_URL/"
tap_ok "the_server_got_the_account" grep -qx "ACCT acct-Secret-42" "$FAKE_LOG"
tap_ok "the_log_shows_acct_masked" grep -q "> ACCT \*\*\*\*" "$TAP_OUT"
tap_not "the_log_never_shows_the_account" grep -q "ACCT acct-Secret-42" "$TAP_OUT"

# ---------------------------------------------------------------- TLS

fake_start --tls close
tap_exit_is "a_tls_handshake_closed_by_the_server_exits_2" 2 \
    "$FERRY" -q --timeout 3 ls "ftps://u:p@127.0.0.1:$FAKE_PORT/"
tap_like "the_message_names_the_handshake" "$(cat "$TAP_ERR")" "TLS handshake"
fake_start --tls stall
tap_exit_is "a_tls_handshake_that_times_out_exits_2" 2 \
    "$FERRY" -q --timeout 2 ls "ftps://u:p@127.0.0.1:$FAKE_PORT/"
tap_like "the_timeout_names_the_handshake" "$(cat "$TAP_ERR")" "TLS handshake"
fake_stop

tap_done
