#!/bin/bash
# tests/ftp/digest.sh: resuming an upload to proftpd with mod_digest, which
# offers HASH (with RANG, which its HASH ignores: it hashes the whole file
# and writes the end one past the last byte) and XSHA256, XSHA1, XMD5.
# A partial with one byte changed where no window looks is refused (exit
# 5) after the server's SHA-256 of all of it; an intact one resumes byte
# for byte (the RANG that HASH ignored is reset: the STOR after it writes
# the whole rest); a server that offers HASH but refuses it leaves the
# windows, and -v says so.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/ftp-cases.sh"

ftpd_need proftpd openssl
tap_sandbox
ftpd_proftpd on digest
U=$FTPD_URL PUB=$FTPD_PUB
OPTS=(--password-file "$FTPD_PWFILE")
HAVE=$((3 * MiB + 5))

tap_random src.bin $((5 * MiB))

# partial [changed]: the server's pub/up.bin holds the first HAVE bytes,
# the one at 1.5 MiB changed if asked; no record of ferry's.
partial() {
	rm -rf "$XDG_STATE_HOME/ferry"
	head -c "$HAVE" src.bin >"$PUB/up.bin"
	[ "${1:-}" = changed ] && tap_flip_byte "$PUB/up.bin" $((3 * MiB / 2))
	PSUM=$(tap_sha "$PUB/up.bin")
}

# The hash commands in the protocol log.
hashes() {
	grep -E '^ferry: > (OPTS HASH|RANG|HASH|XSHA|XMD5|STOR|APPE)' "$TAP_ERR" |
	    sed 's/^ferry: > //'
}

tap_exit_is "digest_feat_offers_hash_and_rang" 0 fy -v ls "$U/pub/"
tap_ok "digest_feat_lists_sha_256_for_hash" \
    grep -qE '^ferry: < 211- HASH .*SHA-256' "$TAP_ERR"
tap_ok "digest_feat_lists_rang" grep -q '^ferry: < 211- RANG STREAM' "$TAP_ERR"

partial changed
tap_exit_is "digest_changed_partial_exits_5" 5 \
    fy -v -c put src.bin "$U/pub/up.bin"
tap_ok "digest_changed_partial_says_the_servers_sha_256_differs" grep -qF \
    "the server's SHA-256 of the 3.0 MiB already there is not the source's: not resuming" \
    "$TAP_ERR"
tap_is "digest_changed_partial_dialog" "$(hashes)" "OPTS HASH SHA-256
RANG 0 $((HAVE - 1))
HASH pub/up.bin
RANG 1 0"
tap_ok "digest_server_hashes_the_whole_file_end_exclusive" \
    grep -qE "^ferry: < 213 SHA-256 0-$HAVE [0-9a-f]{64} pub/up.bin" "$TAP_ERR"
tap_is "digest_changed_partial_is_left_alone" "$(tap_sha "$PUB/up.bin")" \
    "$PSUM"

partial
tap_exit_is "digest_intact_partial_exits_0" 0 \
    fy -v -c put src.bin "$U/pub/up.bin"
tap_same_file "digest_intact_partial_resumes_byte_identical" src.bin \
    "$PUB/up.bin"
tap_ok "digest_intact_partial_says_the_whole_was_checked" grep -qF \
    "(checked: the whole 3.0 MiB already there matches the source (server SHA-256); so do its first 64.0 KiB" \
    "$TAP_ERR"
tap_is "digest_intact_partial_dialog" "$(hashes)" "OPTS HASH SHA-256
RANG 0 $((HAVE - 1))
HASH pub/up.bin
RANG 1 0
STOR pub/up.bin"

ftpd_cleanup
# Only MD5 and SHA-1: HASH with SHA-1.
FTPD_PROFTPD_CONF='DigestAlgorithms md5 sha1' ftpd_proftpd on digest
U=$FTPD_URL PUB=$FTPD_PUB
OPTS=(--password-file "$FTPD_PWFILE")
partial changed
tap_exit_is "digest_sha1_changed_partial_exits_5" 5 \
    fy -v -c put src.bin "$U/pub/up.bin"
tap_ok "digest_sha1_says_so" grep -qF "the server's SHA-1 of the 3.0 MiB" \
    "$TAP_ERR"
tap_is "digest_sha1_dialog_selects_nothing_already_selected" "$(hashes)" \
    "RANG 0 $((HAVE - 1))
HASH pub/up.bin
RANG 1 0"

ftpd_cleanup
# HASH offered, but refused: the windows, and -v says why.
FTPD_PROFTPD_CONF='<Limit HASH>
  DenyAll
</Limit>' ftpd_proftpd on digest
U=$FTPD_URL PUB=$FTPD_PUB
OPTS=(--password-file "$FTPD_PWFILE")
partial
tap_exit_is "digest_refused_hash_exits_0" 0 \
    fy -v -c put src.bin "$U/pub/up.bin"
tap_same_file "digest_refused_hash_resumes_byte_identical" src.bin \
    "$PUB/up.bin"
tap_ok "digest_refused_hash_says_only_the_windows" grep -qF \
    "against the source: the server's SHA-256 of it failed)" "$TAP_ERR"
tap_ok "digest_refused_hash_says_why" \
    grep -qE "up\.bin: 5[0-9][0-9] .*; only the windows are compared$" \
    "$TAP_ERR"
tap_done
