#!/bin/bash
# shellcheck disable=SC2016,SC2317 # scripts for the server; helpers via tap_ok
# tests/hostile/hash.sh: the server's digest of a remote partial before an
# upload appends to it, against tests/hostile/ftpd.py offering HASH (with
# and without RANG, the draft's inclusive end and proftpd's exclusive
# one) and XSHA256, XSHA1, XMD5 (proftpd's mod_digest syntax), answering
# right, or with garbage.  The partial has one byte changed in the middle,
# where neither window looks: only the digest can see it.  Each test
# checks ferry's exit status, the commands the server received, what -v
# says was checked, and that its messages carry no control bytes.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/hostile/lib.sh"

tap_sandbox
KiB=1024
HAVE=$((600 * KiB))
tap_random src.bin $((1024 * KiB))

# fy ARGS...: ferry, verbose, no retries, short timeouts, resuming.
fy() {
	"$FERRY" -v --retries 0 --timeout 5 -c "$@"
}

# serve: the script on stdin; the server holds the first 600 KiB of
# src.bin as up.bin, with the byte at 300 KiB changed if $1 is "changed".
serve() {
	local how=$1
	shift
	hostile_ftpd "$@"
	rm -rf "$XDG_STATE_HOME/ferry"
	head -c "$HAVE" src.bin >"$HF_ROOT/up.bin"
	[ "$how" = changed ] && tap_flip_byte "$HF_ROOT/up.bin" $((300 * KiB))
	PSUM=$(tap_sha "$HF_ROOT/up.bin")
}

# The hash commands the server received, and the transfer commands.
hashes() {
	hostile_dialog | grep -E '^(OPTS HASH|RANG|HASH|XSHA256|XSHA1|XMD5|STOR|APPE)'
}

# refused NAME: the put of the changed partial exits 5 with the digest's
# message, and leaves the partial as it was.
refused() {
	tap_exit_is "${1}_changed_partial_exits_5" 5 \
	    fy put src.bin "$HF_URL/up.bin"
	tap_like "${1}_changed_partial_says_which_digest" "$(cat "$TAP_ERR")" \
	    "the server's $2 of the 600.0 KiB already there is not the source's"
	tap_is "${1}_changed_partial_is_left_alone" \
	    "$(tap_sha "$HF_ROOT/up.bin")" "$PSUM"
	hostile_clean "${1}_changed_partial_messages_are_clean" "$TAP_ERR"
}

# resumed NAME ALGO: the put of the intact partial exits 0, byte for byte,
# and -v says the whole partial was checked with ALGO.
resumed() {
	tap_exit_is "${1}_intact_partial_exits_0" 0 \
	    fy put src.bin "$HF_URL/up.bin"
	tap_same_file "${1}_intact_partial_resumes_byte_identical" src.bin \
	    "$HF_ROOT/up.bin"
	tap_ok "${1}_intact_partial_says_the_whole_was_checked" grep -qF \
	    "(checked: the whole 600.0 KiB already there matches the source (server $2); so do its first 64.0 KiB and the 64.0 KiB just before byte $HAVE)" \
	    "$TAP_ERR"
	tap_not "${1}_intact_partial_leaves_no_range_set" \
	    grep -q '^#a transfer with the range' "$HF_LOG"
	hostile_clean "${1}_intact_partial_messages_are_clean" "$TAP_ERR"
}

# windows NAME: the put of the intact partial exits 0, and -v says only
# the windows were compared, and why (ERE).
windows() {
	tap_exit_is "${1}_exits_0" 0 fy put src.bin "$HF_URL/up.bin"
	tap_same_file "${1}_resumes_byte_identical" src.bin "$HF_ROOT/up.bin"
	tap_like "${1}_says_only_the_windows" "$(cat "$TAP_ERR")" \
	    "\(checked: only its first 64.0 KiB and the 64.0 KiB just before byte $HAVE, against the source: $2\)"
	tap_not "${1}_claims_no_whole_check" grep -q "the whole" "$TAP_ERR"
	tap_ok "${1}_says_how_long_the_checks_took" grep -qE \
	    "up.bin: checking the overlap took [0-9]+\.[0-9]{3} s$" "$TAP_ERR"
	hostile_clean "${1}_messages_are_clean" "$TAP_ERR"
}

# ---------------------------------------------------------------- HASH

# the draft: RANG then HASH, SHA-256 selected first
S='hash SHA-256;SHA-1*;MD5
rang'
serve changed <<<"$S"
refused hash_rang SHA-256
tap_is "hash_rang_dialog_is_exact" "$(hashes)" "OPTS HASH SHA-256
RANG 0 $((HAVE - 1))
HASH up.bin
RANG 1 0"
serve intact <<<"$S"
resumed hash_rang SHA-256
tap_is "hash_rang_intact_dialog_is_exact" "$(hashes)" "OPTS HASH SHA-256
RANG 0 $((HAVE - 1))
HASH up.bin
RANG 1 0
STOR up.bin"

# proftpd 1.3.8: HASH ignores RANG, its range ends one past the last byte
S='hash CRC32;MD5;SHA-1*;SHA-256;SHA-512;
rang
hash-end exclusive'
serve changed <<<"$S"
refused proftpd_style SHA-256
serve intact <<<"$S"
resumed proftpd_style SHA-256

# no RANG: the whole file, which is the partial
S='hash SHA-256*'
serve changed <<<"$S"
refused hash_without_rang SHA-256
tap_is "hash_without_rang_dialog_sends_no_opts_and_no_rang" "$(hashes)" \
    "HASH up.bin"
serve intact <<<"$S"
resumed hash_without_rang SHA-256

# ---------------------------------------------------------------- XSHA

S='xhash XSHA256,XSHA1,XMD5'
serve changed <<<"$S"
refused xsha256 SHA-256
tap_is "xsha256_dialog_asks_for_the_range" "$(hashes)" \
    "XSHA256 up.bin 0 $HAVE"
serve intact <<<"$S"
resumed xsha256 SHA-256

# ---------------------------------------------------------------- preference

S='xhash XSHA1,XMD5'
serve changed <<<"$S"
refused xsha1_over_xmd5 SHA-1
tap_is "xsha1_over_xmd5_dialog" "$(hashes)" "XSHA1 up.bin 0 $HAVE"

S='xhash XMD5'
serve intact <<<"$S"
resumed xmd5_alone MD5
tap_is "xmd5_alone_dialog" "$(hashes)" "XMD5 up.bin 0 $HAVE
STOR up.bin"

# the algorithm first, then the command: XSHA256 over HASH's SHA-1
S='hash MD5;SHA-1*
xhash XSHA256'
serve changed <<<"$S"
refused sha256_by_xsha256_over_hash_sha1 SHA-256
tap_is "sha256_by_xsha256_over_hash_sha1_dialog" "$(hashes)" \
    "XSHA256 up.bin 0 $HAVE"

S='hash MD5*;SHA-1'
serve changed <<<"$S"
refused hash_sha1_over_md5 SHA-1
tap_is "hash_sha1_over_md5_dialog" "$(hashes)" "OPTS HASH SHA-1
HASH up.bin"

# nothing ferry knows: the windows, and -v says so
serve intact <<<'hash CRC32*;SHA-512'
windows crc32_only "a remote partial is not read back, and its server offers no hash of it"
tap_is "crc32_only_sends_no_hash_command" "$(hashes)" "STOR up.bin"

# ---------------------------------------------------------------- garbage
# Each answer is no digest of the partial: ferry compares the windows,
# says so, and never counts the answer as a match.

n=0
while IFS= read -r reply; do
	n=$((n + 1))
	serve intact <<<"hash SHA-256*
rang
HASH reply $reply"
	windows "hash_garbage_$n" "the server's SHA-256 of it failed"
	tap_ok "hash_garbage_${n}_says_why" grep -qE \
	    "up\.bin: (the reply to HASH is no SHA-256 of the partial: 213 |550 ).*; only the windows are compared$" \
	    "$TAP_ERR"
	tap_not "hash_garbage_${n}_leaves_no_range_set" \
	    grep -q '^#a transfer with the range' "$HF_LOG"
done <<'EOF'
b'550 up.bin: Permission denied\r\n'
b'213 SHA-256 0-614399 not-hex-at-all up.bin\r\n'
b'213 SHA-256 0-614399 ' + b'ab' * 20 + b' up.bin\r\n'
b'213 SHA-256 0-614399 ' + b'ab' * 33 + b' up.bin\r\n'
b'213 SHA-1 0-614399 ' + b'ab' * 32 + b' up.bin\r\n'
b'213 SHA-256 0-100 ' + b'ab' * 32 + b' up.bin\r\n'
b'213 SHA-256 1-614400 ' + b'ab' * 32 + b' up.bin\r\n'
b'213-Computing SHA-256 digest\r\n213 done\r\n'
b'213 SHA-256 0-614399 \x1b[2J\x07\x9b up.bin\r\n'
b'213 SHA-256 0-614399 ' + b'ab' * 31 + b'\x1b[ up.bin\r\n'
EOF

# a well-formed digest that is not the partial's: a mismatch, not a match
serve intact <<<"hash SHA-256*
HASH reply b'213 SHA-256 0-614399 ' + b'ab' * 32 + b' up.bin\\r\\n'"
tap_exit_is "a_wrong_digest_exits_5" 5 fy put src.bin "$HF_URL/up.bin"
tap_is "a_wrong_digest_leaves_the_partial" "$(tap_sha "$HF_ROOT/up.bin")" \
    "$PSUM"

n=0
while IFS= read -r reply; do
	n=$((n + 1))
	serve intact <<<"xhash XSHA256
XSHA256 reply $reply"
	windows "xsha256_garbage_$n" "the server's SHA-256 of it failed"
done <<'EOF'
b'250-Computing SHA256 digest\r\n250 Computing...\r\n'
b'500 XSHA256 not understood\r\n'
b'250 ' + b'AB' * 20 + b'\r\n'
b'250 \x1b]0;owned\x07\r\n'
EOF

# the connection lost during HASH: reconnected, and the windows only
serve intact <<<"hash SHA-256*
HASH#1 hangup b'421 Timeout\\r\\n'"
tap_exit_is "hash_421_with_a_retry_exits_0" 0 \
    "$FERRY" -v --retries 1 --timeout 5 -c put src.bin "$HF_URL/up.bin"
tap_same_file "hash_421_with_a_retry_resumes_byte_identical" src.bin \
    "$HF_ROOT/up.bin"
tap_is "hash_421_with_a_retry_asks_once" "$(grep -c '^HASH' "$HF_LOG")" 1
tap_ok "hash_421_with_a_retry_says_only_the_windows" grep -qF \
    "against the source: the server's SHA-256 of it failed)" "$TAP_ERR"

# a target of the same size: complete after the digest of all of it
serve intact <<<'hash SHA-256*'
cp src.bin "$HF_ROOT/up.bin"
tap_exit_is "complete_target_exits_0" 0 fy put src.bin "$HF_URL/up.bin"
tap_ok "complete_target_says_all_of_it_matches" grep -qF \
    "up.bin: already complete (all of it matches the source (server SHA-256))" \
    "$TAP_ERR"
tap_is "complete_target_is_hashed_not_written" "$(hashes)" "HASH up.bin"
tap_flip_byte "$HF_ROOT/up.bin" $((512 * KiB))
tap_exit_is "complete_target_changed_exits_5" 5 \
    fy put src.bin "$HF_URL/up.bin"
tap_ok "complete_target_changed_says_the_digest_differs" grep -qF \
    "the server's SHA-256 of the 1.0 MiB already there is not the source's" \
    "$TAP_ERR"

# a path with a space: mod_digest takes one word for the path
serve intact <<<'xhash XSHA256'
mv "$HF_ROOT/up.bin" "$HF_ROOT/up file.bin"
tap_exit_is "xsha256_path_with_a_space_exits_0" 0 \
    fy put src.bin "$HF_URL/up%20file.bin"
tap_same_file "xsha256_path_with_a_space_resumes" src.bin \
    "$HF_ROOT/up file.bin"
tap_not "xsha256_path_with_a_space_is_not_sent" grep -q '^XSHA256' "$HF_LOG"

# ---------------------------------------------------------------- prompt
# On a terminal the question says what resume will check, and after a
# digest that differs asks again, without Resume, saying which digest.

if command -v tmux >/dev/null; then
	sock="ferry-hash-$$"
	tx() { tmux -L "$sock" -f /dev/null "$@"; }
	screen() { tx capture-pane -p -t p 2>/dev/null; }
	shows() { screen | grep -qF -- "$1"; }
	trap 'tap_tmux_end "$sock"; hostile_stop; tap_cleanup' EXIT
	serve changed <<<"hash SHA-256*"
	tx new-session -d -s p -x 200 -y 40 \
	    "cd '$TAP_TMP' && '$FERRY' --retries 0 --timeout 5 put src.bin '$HF_URL/up.bin'; echo \"exit=\$?\"; sleep 30"
	tap_ok "prompt_appears" tap_wait_for 10 shows "[r]esume"
	tap_ok "prompt_says_resume_checks_all_by_the_servers_digest" shows \
	    "resume checks all of the 600.0 KiB already there against the source (server SHA-256)"
	tx send-keys -t p r Enter
	tap_ok "prompt_after_the_digest_asks_again_saying_which" \
	    tap_wait_for 20 shows "cannot resume: the server's SHA-256 of all 600.0 KiB already there is not the source's"
	last_choices_lack_resume() {
		local last
		last=$(screen | grep -F "capital letter" | tail -1)
		[ -n "$last" ] && [ "${last#*"[r]esume"}" = "$last" ]
	}
	tap_ok "prompt_asked_again_offers_no_resume" last_choices_lack_resume
	tx send-keys -t p s Enter
	tap_ok "prompt_skip_exits_0" tap_wait_for 20 shows "exit=0"
	tap_is "prompt_skip_leaves_the_partial" "$(tap_sha "$HF_ROOT/up.bin")" \
	    "$PSUM"
	tap_tmux_end "$sock"
else
	tap_skip "prompt_appears" "no tmux"
fi

hostile_stop
tap_done
