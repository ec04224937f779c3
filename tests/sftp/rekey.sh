#!/bin/bash
# tests/sftp/rekey.sh: SFTP through ferry's AES-CTR provider (src/ssh/
# ctr.h) across key renewals: a server that renews the keys every 256 KiB
# (RekeyLimit) and offers each AES-CTR key size in turn; a download and an
# upload of 3 MiB come out byte for byte, the server's log shows the keys
# renewed during them, and ferry -v names the cipher used and says that
# it went through the provider (which main installs).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
SSHD_EXTRA_CONFIG="RekeyLimit 256K"
sshd_setup "sftp_rekey"
R=$SSHD_HOME

# kexinits: how many key exchanges the server has begun so far.
kexinits() {
	grep -c "SSH2_MSG_KEXINIT sent" "$SSHD_LOG"
}

tap_random "$R/remote.bin" $((3 * 1024 * 1024))
tap_random local.bin $((3 * 1024 * 1024 + 5))
for cipher in aes128-ctr aes192-ctr aes256-ctr; do
	sshd_stop
	SSHD_EXTRA_CONFIG="RekeyLimit 256K
Ciphers $cipher"
	sshd_start && sshd_ferry_home || tap_bail "${SSHD_WHY:-no ~/.ssh}"
	before=$(kexinits)
	tap_exit_is "${cipher}_get_exits_0" 0 \
	    "$FERRY" -v get "$(sshd_url remote.bin)" "got-$cipher.bin"
	tap_ok "${cipher}_is_the_cipher_used" \
	    grep -q "cipher $cipher/$cipher" "$TAP_ERR"
	tap_ok "${cipher}_goes_through_ferrys_provider" \
	    grep -q "SSH: AES-CTR through ferry-ctr" "$TAP_ERR"
	tap_same_file "${cipher}_get_copies_the_bytes" "$R/remote.bin" \
	    "got-$cipher.bin"
	tap_exit_is "${cipher}_put_exits_0" 0 \
	    "$FERRY" -q put local.bin "$(sshd_url "up-$cipher.bin")"
	tap_same_file "${cipher}_put_copies_the_bytes" local.bin \
	    "$R/up-$cipher.bin"
	# 3 MiB each way at 256 KiB a key: a dozen renewals at least
	tap_diag "$cipher: $(($(kexinits) - before)) key exchanges"
	tap_ok "${cipher}_the_keys_were_renewed_many_times" \
	    test "$(($(kexinits) - before))" -ge 12
done

tap_done
