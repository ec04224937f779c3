#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/hostkey.sh: host keys against a real sshd.  An unknown key is
# refused without --accept-new-host-key (exit 2, its SHA256 fingerprint
# shown as ssh-keygen prints it, nothing saved, no authentication tried),
# accepted and saved as "[127.0.0.1]:PORT type key" with it, then known;
# a changed key is refused with an OpenSSH-like message naming the file
# and line, and sshd's log shows no authentication attempt; a host known
# only under key types the server lacks (rsa, ecdsa-384) is refused, even
# with --accept-new-host-key, saying how to check and replace the entry,
# and only the known types are asked for; a hashed
# entry is read; the key type known_hosts holds is the one negotiated
# (the server has ed25519 and ecdsa keys); --known-hosts FILE is used.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
sshd_setup "sftp_host_keys"
KH=$HOME/.ssh/known_hosts
ED=$SSHD_DIR/host_ed25519.pub
EC=$SSHD_DIR/host_ecdsa.pub
URL=$(sshd_url "")

# The sshd log since the mark, once sshd is done with the connection.
conn_over() {
	sshd_log_since | grep -Eq "Connection closed by|Disconnected from|Close session|Received disconnect"
}
log_after_ferry() {
	tap_wait_for 5 conn_over
	sshd_log_since
}

# ---------------------------------------------------------------- unknown

rm -f "$KH"
sshd_log_mark
tap_exit_is "an_unknown_host_key_is_refused_with_exit_2" 2 "$FERRY" ls "$URL"
err=$(cat "$TAP_ERR")
fp=$(ssh-keygen -l -E sha256 -f "$ED" | cut -d' ' -f2)
tap_like "the_refusal_shows_the_sha256_fingerprint_as_openssh_does" \
    "$err" "ssh-ed25519 key fingerprint ${fp//+/\\+}"
tap_like "the_refusal_names_the_option_that_accepts" "$err" \
    "--accept-new-host-key"
tap_not "a_refused_key_is_not_saved" test -s "$KH"
log=$(log_after_ferry)
tap_like "sshd_saw_the_refused_connection" "$log" "Connection from 127\.0\.0\.1"
tap_not "no_authentication_was_tried_with_an_unknown_key" \
    grep -q "userauth-request" <<<"$log"

tap_exit_is "an_unknown_host_key_is_accepted_with_accept_new_host_key" 0 \
    "$FERRY" --accept-new-host-key ls "$URL"
tap_is "the_accepted_key_is_saved_in_openssh_format" "$(cat "$KH")" \
    "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$ED")"
tap_like "accepting_says_so_on_stderr" "$(cat "$TAP_ERR")" \
    "Permanently added '\[127\.0\.0\.1\]:$SSHD_PORT'"
tap_ok "ssh_keygen_finds_the_saved_entry" \
    ssh-keygen -F "[127.0.0.1]:$SSHD_PORT" -f "$KH"
sshd_log_mark
tap_exit_is "a_saved_key_is_known_the_next_time" 0 "$FERRY" ls "$URL"
# the check below looks for what a login does show
tap_like "a_login_shows_userauth_requests_in_the_log" "$(log_after_ferry)" \
    "userauth-request for user $SSHD_USER"

# ---------------------------------------------------------------- changed

ssh-keygen -q -t ed25519 -N '' -C other -f "$TAP_TMP/other_ed25519"
printf '# first line\n' >"$KH"
sshd_known_add "$KH" "$SSHD_PORT" "$TAP_TMP/other_ed25519.pub"
sshd_log_mark
tap_exit_is "a_changed_host_key_is_refused_with_exit_2" 2 "$FERRY" ls "$URL"
err=$(cat "$TAP_ERR")
tap_like "the_refusal_says_remote_host_identification_has_changed" \
    "$err" "REMOTE HOST IDENTIFICATION HAS CHANGED"
tap_like "the_refusal_names_the_known_hosts_file_and_line" "$err" \
    "${KH//./\\.}:2"
tap_like "the_refusal_shows_the_new_fingerprint" "$err" "${fp//+/\\+}"
log=$(log_after_ferry)
tap_like "sshd_saw_the_connection_with_the_changed_key" "$log" \
    "Connection from 127\.0\.0\.1"
tap_not "no_authentication_was_tried_with_a_changed_key" \
    grep -q "userauth-request" <<<"$log"
tap_exit_is "a_changed_host_key_is_refused_even_with_accept_new_host_key" 2 \
    "$FERRY" --accept-new-host-key ls "$URL"
tap_is "a_changed_key_is_never_saved" "$(grep -c . "$KH")" 2

# ---------------------------------------------------------------- types

sshd_known_hosts "$KH" "$SSHD_PORT" "$EC"
tap_exit_is "an_ecdsa_key_alone_in_known_hosts_is_the_one_negotiated" 0 \
    "$FERRY" -v ls "$URL"
tap_like "the_log_says_ecdsa_was_negotiated" "$(cat "$TAP_ERR")" \
    "host key ecdsa-sha2-nistp256 SHA256:.* matches"
tap_is "nothing_was_added_to_known_hosts" "$(grep -c . "$KH")" 1

sshd_known_hosts "$KH"
ssh-keygen -q -H -f "$KH" >/dev/null 2>&1
tap_like "the_hashed_file_has_no_plain_name" "$(head -c 3 "$KH")" '^\|1\|'
tap_exit_is "a_hashed_known_hosts_entry_is_read" 0 "$FERRY" ls "$URL"

# ---------------------------------------------------------- other types

# known_hosts knows the host only under key types the server does not
# have: refused (exit 2) with the known type and how to check and replace
# it, even with --accept-new-host-key, which is for hosts with no entry.
for t in rsa ecdsa-384; do
	case $t in
	rsa) kt=ssh-rsa; ssh-keygen -q -t rsa -b 2048 -N '' -C old \
	    -f "$TAP_TMP/old_$t" ;;
	ecdsa-384) kt=ecdsa-sha2-nistp384; ssh-keygen -q -t ecdsa -b 384 \
	    -N '' -C old -f "$TAP_TMP/old_$t" ;;
	esac
	sshd_known_hosts "$KH" "$SSHD_PORT" "$TAP_TMP/old_$t.pub"
	before=$(tap_sha "$KH")
	sshd_log_mark
	tap_exit_is "a_host_known_only_by_an_${t}_key_is_refused_with_exit_2" 2 \
	    "$FERRY" ls "$URL"
	err=$(cat "$TAP_ERR")
	tap_like "the_refusal_names_the_known_${t}_type" "$err" \
	    "known in ${KH//./\\.} only by a host key of type $kt"
	tap_like "the_refusal_says_how_to_check_and_replace_the_${t}_entry" \
	    "$err" "ssh-keyscan -p $SSHD_PORT 127\.0\.0\.1.*ssh-keygen -R '\[127\.0\.0\.1\]:$SSHD_PORT'"
	tap_not "the_refusal_does_not_offer_accept_new_host_key_for_${t}" \
	    grep -q -- "--accept-new-host-key" "$TAP_ERR"
	tap_not "no_authentication_was_tried_with_only_an_${t}_key_known" \
	    grep -q "userauth-request" <<<"$(log_after_ferry)"
	tap_exit_is "accept_new_host_key_does_not_add_a_key_beside_the_${t}_one" \
	    2 "$FERRY" --accept-new-host-key ls "$URL"
	tap_is "known_hosts_is_unchanged_after_the_${t}_refusal" \
	    "$(tap_sha "$KH")" "$before"
done

# a known type among others is the one asked for, the others never
sshd_known_hosts "$KH" "$SSHD_PORT" "$TAP_TMP/old_rsa.pub" "$EC"
tap_exit_is "a_host_known_by_rsa_and_ecdsa_connects_with_ecdsa" 0 \
    "$FERRY" -v ls "$URL"
tap_like "the_log_asks_only_for_the_known_types" "$(cat "$TAP_ERR")" \
    "host key algorithms [a-z0-9,-]*ecdsa-sha2-nistp256\$"
tap_not "the_log_never_asks_for_ed25519_then" \
    grep -q "host key algorithms.*ssh-ed25519" "$TAP_ERR"

# ---------------------------------------------------------------- option

rm -f "$KH"
sshd_known_hosts "$TAP_TMP/kh-option"
tap_exit_is "known_hosts_option_names_the_file_to_use" 0 \
    "$FERRY" --known-hosts "$TAP_TMP/kh-option" ls "$URL"
tap_not "known_hosts_option_leaves_the_default_file_alone" test -e "$KH"
tap_exit_is "accept_new_host_key_saves_to_the_known_hosts_option" 0 \
    "$FERRY" --accept-new-host-key --known-hosts "$TAP_TMP/kh-new" ls "$URL"
tap_like "the_key_went_to_the_file_named" "$(cat "$TAP_TMP/kh-new")" \
    "^\[127\.0\.0\.1\]:$SSHD_PORT ssh-ed25519 "

tap_done
