#!/bin/bash
# shellcheck disable=SC2016,SC2317 # scripts for the server; helpers via tap_ok
# tests/hostile/ftp.sh: ferry against tests/hostile/ftpd.py, an FTP server
# that misbehaves as each test's script says: odd framing (bare LF, one
# byte a segment, 150 and 226 together, huge and endless replies), NUL,
# control and escape bytes in messages and names, lying SIZE, refused and
# ignored REST, 421 anywhere, data connections that never open, early or
# missing 226, a 4xx after the data, a 227 naming another address, a
# third party in active mode, stalls and trickles, TLS data without
# close_notify.  Each test checks ferry's exit status, that its messages
# carry no control bytes, that nothing local was lost, and where it
# matters the exact commands the server received.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/hostile/lib.sh"

tap_sandbox
KiB=1024
tap_random src.bin $((300 * KiB))
SUM=$(tap_sha src.bin)

# fy ARGS...: ferry, quiet, no retries, short timeouts.
fy() {
	"$FERRY" -q --retries 0 --timeout 2 "$@"
}

# serve: the script on stdin; the server offers src.bin as f.bin.
serve() {
	hostile_ftpd "$@"
	cp src.bin "$HF_ROOT/f.bin"
}

# The commands of a whole download of f.bin, from login to QUIT.
LOGIN='FEAT
USER anonymous
PASS ferry@
FEAT
OPTS UTF8 ON
TYPE I
PWD'
GET="$LOGIN
SIZE f.bin
MDTM f.bin
EPSV
RETR f.bin
QUIT"

# get_ok NAME: a get of f.bin exits 0 with the same bytes and a clean
# stderr.
get_ok() {
	rm -f got.bin
	tap_exit_is "${1}_get_exits_0" 0 fy get "$HF_URL/f.bin" got.bin
	tap_same_file "${1}_get_copies_the_bytes" src.bin got.bin
	hostile_clean "${1}_messages_are_clean" "$TAP_ERR"
}

# get_fails NAME STATUS ERE: a get of f.bin exits STATUS with a message
# matching ERE, carrying no control bytes, leaving at most a prefix.
get_fails() {
	rm -f got.bin
	tap_exit_is "${1}_get_exits_$2" "$2" fy get "$HF_URL/f.bin" got.bin
	tap_like "${1}_get_says_why" "$(cat "$TAP_ERR")" "$3"
	hostile_clean "${1}_messages_are_clean" "$TAP_ERR"
	tap_ok "${1}_get_leaves_at_most_a_prefix" \
	    hostile_prefix_or_same got.bin src.bin
}

# ---------------------------------------------------------------- framing

serve </dev/null
get_ok plain
tap_is "plain_get_dialog_is_exact" "$(hostile_dialog)" "$GET"

serve <<<'eol lf'
get_ok bare_lf
tap_is "bare_lf_get_dialog_is_exact" "$(hostile_dialog)" "$GET"

serve <<<'bytewise'
get_ok bytewise
tap_is "bytewise_get_dialog_is_exact" "$(hostile_dialog)" "$GET"

serve <<<'RETR xfer together'
get_ok together_150_226
tap_is "together_150_226_dialog_stays_in_step" "$(hostile_dialog)" "$GET"

serve <<<'RETR xfer early226'
get_ok early_226
tap_is "early_226_dialog_stays_in_step" "$(hostile_dialog)" "$GET"

# a reply longer than ferry keeps: refused, not buffered without end
serve <<<"TYPE reply b'200 ' + big(200000) + b'\\r\\n'"
get_fails huge_line 4 "longer than [0-9]+ bytes"
tap_not "huge_line_makes_no_file" test -e got.bin

# a long reply within the cap is shown briefly
serve <<<"RETR reply b'550 ' + big(30000, b'no ') + b'\\r\\n'"
get_fails long_550 4 "550 no no"
tap_ok "long_550_message_is_brief" test "$(wc -c <"$TAP_ERR")" -lt 1000

serve <<<"FEAT endless b'211- feature\\r\\n'"
t0=$(date +%s)
get_fails endless_reply 4 "longer than [0-9]+ bytes"
tap_ok "endless_reply_is_given_up_within_10_s" \
    test $(($(date +%s) - t0)) -lt 10

serve <<<"RETR reply b'550 no\\x00such\\x07file\\x1b[2J' \
    + b'\\x1b]0;owned\\x07\\x9b\\r\\n'"
get_fails control_bytes_in_a_reply 4 "550 no"

serve <<<"greeting b'220 hello\\r\\n'
USER reply b'230-\\x1b[31mred\\r\\n230-\\xc2\\x9b2J\\r\\n230 in\\r\\n'"
get_ok escapes_in_a_login_banner
tap_is "escapes_in_a_login_banner_skip_pass" "$(hostile_dialog | sed -n 3p)" \
    "FEAT"

# ---------------------------------------------------------------- names

cat >"$TAP_TMP/listing" <<'EOF'
b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 esc\x1b[2Jname\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 title\x1b]0;owned\x07\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 c1\xc2\x9bname\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 nul\x00name\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 ../../escaped\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 sub/slash\r\n'
+ b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 ' + big(100000, b'L') + b'\r\n'
+ b'-rw-r--r-- 1 ftp ftp 307200 Jan 01 00:00 plain\r\n'
EOF
serve <<<"listing $(tr -d '\n' <"$TAP_TMP/listing")"
mkdir -p "$HF_ROOT/d"
cp src.bin "$HF_ROOT/d/plain"
tap_exit_is "hostile_names_ls_exits_0" 0 fy ls "$HF_URL/d/"
hostile_clean "hostile_names_ls_output_is_clean" "$TAP_OUT"
hostile_clean "hostile_names_ls_messages_are_clean" "$TAP_ERR"
tap_ok "hostile_names_ls_shows_escapes_as_text" \
    grep -qF 'esc\x1b[2Jname' "$TAP_OUT"
tap_ok "hostile_names_ls_lists_the_plain_name" grep -q ' plain$' "$TAP_OUT"

# A recursive get of that directory: names that are not names are refused,
# nothing is written outside the target.
rm -rf tree escaped
tap_exit_is "hostile_names_tree_get_exits_4" 4 \
    fy -r get "$HF_URL/d" tree
tap_ok "hostile_names_tree_get_refuses_unsafe_names" \
    grep -q "refusing an unsafe name" "$TAP_ERR"
hostile_clean "hostile_names_tree_get_messages_are_clean" "$TAP_ERR"
tap_not "hostile_names_tree_get_writes_nothing_outside" \
    test -e escaped -o -e "$TAP_TMP/escaped" -o -e tree/sub
tap_same_file "hostile_names_tree_get_copies_the_plain_file" src.bin \
    tree/plain
tap_not "hostile_names_tree_get_makes_no_control_names" \
    bash -c 'find tree -print0 | LC_ALL=C grep -qaP "[\x01-\x1f\x7f]"'

# Lines that are no listing lines are left out and counted, the first one
# named; the rest of the listing is kept, its last line without LF too.
serve <<<"listing b'garbage one\\r\\n-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 good\\r\\ngarbage two\\r\\n-rw-r--r-- 1 ftp ftp 7 Jan 01 00:00 last'"
tap_exit_is "unreadable_listing_lines_ls_exits_0" 0 fy ls "$HF_URL/d/"
tap_ok "unreadable_listing_lines_keep_the_good_ones" \
    grep -q ' good$' "$TAP_OUT"
tap_ok "a_last_line_without_lf_is_listed" grep -q ' last$' "$TAP_OUT"
tap_ok "unreadable_listing_lines_are_counted_and_the_first_named" \
    grep -q "2 lines of the listing cannot be read and were left out; the first: garbage one" "$TAP_ERR"

# A name with a line break cannot be sent: the copy of that file fails
# like a transfer (4), not like a usage error (1).
serve <<<"listing b'-rw-r--r-- 1 ftp ftp 5 Jan 01 00:00 cr\\rname\\r\\n'"
mkdir -p "$HF_ROOT/d"
rm -rf tree
tap_exit_is "cr_in_a_server_name_exits_4" 4 fy -r get "$HF_URL/d" tree
hostile_clean "cr_in_a_server_name_message_is_clean" "$TAP_ERR"
tap_not "cr_in_a_server_name_is_not_sent" grep -q 'cr.*name' "$HF_LOG"

# ---------------------------------------------------------------- SIZE

# SIZE says more than the server sends: the copy is short, not complete.
serve <<<"SIZE reply b'213 999999\\r\\n'"
get_fails size_larger_than_the_data 4 "."

# SIZE says less: bytes past the announced size are refused.
serve <<<"SIZE reply b'213 1000\\r\\n'"
rm -f got.bin
tap_exit_is "bytes_past_the_announced_size_exit_4" 4 \
    fy get "$HF_URL/f.bin" got.bin
hostile_clean "bytes_past_the_announced_size_messages_are_clean" "$TAP_ERR"
tap_ok "bytes_past_the_announced_size_are_not_kept" \
    test ! -e got.bin -o "$(tap_size got.bin 2>/dev/null)" -le 1000

# After an upload, SIZE says the server has something else.
serve <<<"SIZE reply b'213 5\\r\\n'"
tap_exit_is "lying_size_after_upload_exits_4" 4 \
    fy -o put src.bin "$HF_URL/up.bin"
tap_like "lying_size_after_upload_says_so" "$(cat "$TAP_ERR")" \
    "has 5 bytes after the upload, not 307200"
tap_is "lying_size_after_upload_leaves_the_source" "$(tap_sha src.bin)" "$SUM"

# ---------------------------------------------------------------- REST

part() {
	rm -rf "$XDG_STATE_HOME/ferry"
	head -c $((100 * KiB)) src.bin >got.bin
	PSUM=$(tap_sha got.bin)
}

serve <<<"REST reply b'502 REST not implemented\\r\\n'"
part
tap_exit_is "refused_rest_get_exits_4" 4 fy -c get "$HF_URL/f.bin" got.bin
tap_like "refused_rest_get_says_so" "$(cat "$TAP_ERR")" \
    "refused to restart at byte [0-9]+ .*502 REST not implemented"
hostile_clean "refused_rest_get_messages_are_clean" "$TAP_ERR"
tap_is "refused_rest_get_leaves_the_partial" "$(tap_sha got.bin)" "$PSUM"
tap_is "refused_rest_get_stops_at_the_refused_rest" \
    "$(hostile_dialog | tail -n 2)" "REST $((36 * KiB))
QUIT"

serve <<<'RETR xfer ignore-rest'
part
tap_exit_is "ignored_rest_get_exits_4_or_5" "4 5" \
    fy -c get "$HF_URL/f.bin" got.bin
hostile_clean "ignored_rest_get_messages_are_clean" "$TAP_ERR"
tap_ok "ignored_rest_get_leaves_a_prefix" hostile_prefix_or_same got.bin \
    src.bin
tap_ok "ignored_rest_get_loses_nothing" test "$(tap_size got.bin)" -ge \
    $((100 * KiB))

# upload resume: the overlap is read back (REST 36864 + RETR); then REST
# before STOR is refused, and the server's size is the offset: APPE
serve <<<"REST#2 reply b'502 REST not implemented\\r\\n'"
head -c $((100 * KiB)) src.bin >"$HF_ROOT/up.bin"
tap_exit_is "refused_rest_put_exits_0" 0 fy -c put src.bin "$HF_URL/up.bin"
tap_same_file "refused_rest_put_appends_the_rest" src.bin "$HF_ROOT/up.bin"
tap_ok "refused_rest_put_says_it_appends" grep -q "APPE" "$TAP_ERR"
tap_is "refused_rest_put_dialog_reads_back_then_appends" \
    "$(hostile_dialog | grep -E '^(REST|RETR|APPE|STOR)')" "RETR up.bin
REST $((36 * KiB))
RETR up.bin
REST $((100 * KiB))
APPE up.bin
REST $((36 * KiB))
RETR up.bin"

serve <<<'STOR xfer ignore-rest'
head -c $((100 * KiB)) src.bin >"$HF_ROOT/up.bin"
tap_exit_is "ignored_rest_put_exits_4" 4 fy -c put src.bin "$HF_URL/up.bin"
tap_like "ignored_rest_put_says_so" "$(cat "$TAP_ERR")" \
    "ignored the restart at byte [0-9]+ and wrote from byte 0"
tap_is "ignored_rest_put_leaves_the_source" "$(tap_sha src.bin)" "$SUM"

# ---------------------------------------------------------------- 421

serve <<<"greeting b'421 Too many users\\r\\n'"
get_fails greeting_421 "2 4" "ends the session: Too many users"
tap_is "greeting_421_sends_nothing" "$(hostile_dialog)" ""

serve <<<"USER hangup b'421 Service closing\\r\\n'"
get_fails user_421 "2 4" "ends the session: Service closing"

serve <<<"SIZE hangup b'421 Timeout\\r\\n'"
get_fails size_421 4 "ends the session: Timeout"

serve <<<"RETR hangup b'421 Timeout\\r\\n'"
get_fails retr_421 4 "ends the session: Timeout"
tap_is "retr_421_dialog_ends_at_retr" "$(hostile_dialog | tail -n 1)" \
    "RETR f.bin"

# 421 once, then the engine reconnects and completes
serve <<<"RETR#1 hangup b'421 Timeout\\r\\n'"
rm -f got.bin
tap_exit_is "retr_421_once_with_retries_exits_0" 0 \
    "$FERRY" -q --retries 2 --timeout 3 get "$HF_URL/f.bin" got.bin
tap_same_file "retr_421_once_with_retries_completes" src.bin got.bin
tap_is "retr_421_once_with_retries_connects_twice" \
    "$(grep -c '^#connect' "$HF_LOG")" 2

serve <<<"STOR hangup b'421 Timeout\\r\\n'"
tap_exit_is "stor_421_exits_4" 4 fy put src.bin "$HF_URL/up.bin"
tap_like "stor_421_says_so" "$(cat "$TAP_ERR")" \
    "ends the session: Timeout"
hostile_clean "stor_421_messages_are_clean" "$TAP_ERR"

# ---------------------------------------------------------------- data

serve <<<'RETR xfer refuse'
get_fails data_refused 4 "."

serve <<<'RETR xfer never'
get_fails data_never_served 4 "no answer for 2 seconds"

serve <<<'RETR xfer never'
rm -f got.bin
tap_exit_is "active_data_never_opened_exits_4" 4 \
    fy --active get "$HF_URL/f.bin" got.bin
tap_like "active_data_never_opened_says_so" "$(cat "$TAP_ERR")" \
    "no answer for 2 seconds"

serve <<<'RETR xfer no226'
get_fails missing_226 4 "no answer for 2 seconds"

serve <<<"RETR xfer final=b'451 Local error in processing\\r\\n'"
get_fails retr_451_after_the_data 4 "451 Local error in processing"

serve <<<"STOR xfer final=b'452 Insufficient storage space\\r\\n'"
tap_exit_is "stor_452_after_the_data_exits_4" 4 \
    fy put src.bin "$HF_URL/up.bin"
tap_like "stor_452_after_the_data_says_so" "$(cat "$TAP_ERR")" \
    "452 Insufficient storage space"
tap_is "stor_452_after_the_data_leaves_the_source" "$(tap_sha src.bin)" \
    "$SUM"

serve <<<'RETR xfer short=1000'
get_fails data_shorter_than_size 4 "."

serve <<<'RETR xfer extra=5000'
rm -f got.bin
tap_exit_is "data_longer_than_size_exits_4" 4 fy get "$HF_URL/f.bin" got.bin
hostile_clean "data_longer_than_size_messages_are_clean" "$TAP_ERR"
tap_ok "data_longer_than_size_keeps_no_byte_past_it" \
    hostile_prefix_or_same got.bin src.bin

# ---------------------------------------------------------------- addresses

# The address in a 227 is not used: ferry connects to the control peer.
serve <<<"pasv-host 127,0,0,2
EPSV reply b'502 EPSV not here\\r\\n'"
get_ok pasv_other_address
tap_is "pasv_other_address_dialog" "$(hostile_dialog)" "$LOGIN
SIZE f.bin
MDTM f.bin
EPSV
PASV
RETR f.bin
QUIT"

serve <<<"EPSV reply b'502 no\\r\\n'
PASV reply b'227 Entering Passive Mode (127,0,0,1,200)\\r\\n'"
get_fails pasv_five_numbers 4 "PASV"

# A 229 without a port it can read: ferry says so and tries PASV, as
# for a refused EPSV.
serve <<<"EPSV reply b'229 Entering Extended Passive Mode (|||x|)\\r\\n'"
get_ok malformed_229
tap_ok "malformed_229_falls_back_to_pasv" grep -q '^PASV' "$HF_LOG"

# Active mode: a third party that connects to ferry's port first gets
# nothing and gives nothing.
serve <<<'RETR xfer thief'
rm -f got.bin
tap_exit_is "active_third_party_get_exits_0" 0 \
    fy --active get "$HF_URL/f.bin" got.bin
tap_not "active_third_party_bytes_are_not_taken" grep -q STOLEN got.bin
tap_same_file "active_third_party_get_copies_the_bytes" src.bin got.bin

serve <<<'STOR xfer thief'
tap_exit_is "active_third_party_put_exits_0" 0 \
    fy --active put src.bin "$HF_URL/up.bin"
tap_is "active_third_party_receives_nothing" "$(hostile_notes | grep thief)" \
    "#thief got 0 bytes"

# ---------------------------------------------------------------- slow

serve <<<'RETR xfer stall=100000'
t0=$(date +%s)
rm -f got.bin
tap_exit_is "stall_exits_4" 4 "$FERRY" -q --retries 0 --timeout 2 \
    get "$HF_URL/f.bin" got.bin
tap_like "stall_says_no_answer" "$(cat "$TAP_ERR")" "no answer for 2 seconds"
tap_ok "stall_is_given_up_within_10_s" test $(($(date +%s) - t0)) -lt 10
tap_prefix "stall_leaves_a_strict_prefix" got.bin src.bin

# stalled once: reconnect, REST at what arrived, complete
serve <<<'RETR#1 xfer stall=100000'
rm -f got.bin
tap_exit_is "stall_once_with_retries_exits_0" 0 "$FERRY" -q --retries 2 \
    --timeout 2 get "$HF_URL/f.bin" got.bin
tap_same_file "stall_once_with_retries_completes" src.bin got.bin
tap_like "stall_once_with_retries_restarts_where_it_stopped" \
    "$(hostile_dialog | grep '^REST')" "^REST [0-9]+$"

# a trickle (a byte every half second) never trips the idle timeout: a
# low-speed limit must end it
serve <<<'RETR xfer trickle=1000'
t0=$(date +%s)
rm -f got.bin
TAP_TIMEOUT=6 tap_exit_is "trickle_exits_4_by_itself" 4 "$FERRY" -q \
    --retries 0 --timeout 2 get "$HF_URL/f.bin" got.bin
tap_ok "trickle_leaves_a_prefix" hostile_prefix_or_same got.bin src.bin

# ---------------------------------------------------------------- TLS

ftpd_tls() {
	local d=$TAP_TMP/pki
	[ -f "$d/server.pem" ] && return 0
	mkdir -p "$d" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	    -addext "subjectAltName=IP:127.0.0.1" -keyout "$d/server.key" \
	    -out "$d/server.pem" >"$d/log" 2>&1
}
if ! command -v openssl >/dev/null || ! ftpd_tls; then
	tap_skip "tls_cases" "no openssl"
	hostile_stop
	tap_done
fi
TLS=(--cert "$TAP_TMP/pki/server.pem" --key "$TAP_TMP/pki/server.key")
fs() {
	fy --cacert "$TAP_TMP/pki/server.pem" "$@"
}

serve "${TLS[@]}" <<<'tls'
rm -f got.bin
tap_exit_is "tls_get_exits_0" 0 fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" \
    got.bin
tap_same_file "tls_get_copies_the_bytes" src.bin got.bin
tap_is "tls_get_dialog" "$(hostile_dialog | head -n 4)" "AUTH TLS
USER anonymous
PASS ferry@
PBSZ 0"

serve "${TLS[@]}" <<<'tls
RETR xfer no-close-notify'
rm -f got.bin
tap_exit_is "tls_data_without_close_notify_exits_4" 4 \
    fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" got.bin
hostile_clean "tls_data_without_close_notify_messages_are_clean" "$TAP_ERR"
tap_ok "tls_data_without_close_notify_leaves_a_prefix" \
    hostile_prefix_or_same got.bin src.bin

serve "${TLS[@]}" <<<"tls
AUTH reply b'534 TLS not available\\r\\n'"
tap_exit_is "tls_refused_exits_2" 2 fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" \
    got.bin
tap_like "tls_refused_says_so" "$(cat "$TAP_ERR")" "534 TLS not available"

# STARTTLS injection: a reply sent in clear text after 234, in the same
# segment, would be read as if it came over TLS (curl's CVE-2021-22947)
serve "${TLS[@]}" <<<"tls
AUTH reply b'234 go ahead\\r\\n230 injected before the handshake\\r\\n'"
rm -f got.bin
tap_exit_is "tls_injected_after_234_exits_2" 2 \
    fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" got.bin
tap_like "tls_injected_after_234_says_so" "$(cat "$TAP_ERR")" \
    "more than its answer to AUTH TLS"
tap_not "tls_injected_after_234_writes_nothing" test -e got.bin

serve "${TLS[@]}" <<<"tls
AUTH mute b'234 go ahead\\r\\n'"
tap_exit_is "tls_handshake_timeout_exits_2" 2 \
    fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" got.bin

# PROT P accepted, but the data connection is clear text: the TLS
# handshake there fails (the server sends the file), or times out (the
# server sends nothing)
serve "${TLS[@]}" <<<"tls
PROT reply b'200 PROT P accepted\\r\\n'"
rm -f got.bin
tap_exit_is "tls_data_handshake_refused_exits_2" 2 \
    fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" got.bin
tap_ok "tls_data_handshake_refused_writes_nothing" \
    hostile_prefix_or_same got.bin src.bin
serve "${TLS[@]}" <<<"tls
PROT reply b'200 PROT P accepted\\r\\n'
RETR xfer stall=0"
tap_exit_is "tls_data_handshake_timeout_exits_2" 2 \
    fs get "ftpes://127.0.0.1:$HF_PORT/f.bin" got.bin
tap_like "tls_data_handshake_timeout_says_so" "$(cat "$TAP_ERR")" \
    "TLS handshake: no answer"

hostile_stop
tap_done
