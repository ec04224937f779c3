/* ferry: AES-CTR for libssh2 with the keystream made in runs.
 *
 * libssh2 1.10 decrypts and encrypts one 16-byte block per EVP_Cipher
 * call.  Through OpenSSL 3's default provider each such call costs more
 * than the AES itself (the mode's set-up for one block): a quarter of
 * ferry's CPU in a 1 GiB SFTP download, where the client is the
 * bottleneck.  Counter mode needs nothing of the data to make its
 * keystream, so this small OpenSSL provider ("ferry-ctr") offers
 * AES-128/192/256-CTR that makes 16 KiB of keystream at a time with the
 * default provider's own AES-CTR (encrypting zeros) and XORs each call's
 * bytes with the next part of it: the same bytes, every keystream byte
 * used once, in order, wiped when the context goes.
 *
 * ssh_ctr_install loads it and makes it preferred ("?provider=ferry-ctr"
 * as the default properties) for fetches that name no provider, which is
 * what EVP_CipherInit does with libssh2's EVP_aes_128_ctr().  Nothing else
 * in ferry uses AES-CTR (TLS suites use GCM, ChaCha20 or CBC).  It is not
 * installed when FIPS mode is on or the default provider's AES-CTR cannot
 * be fetched; libssh2 then uses OpenSSL's as before.  Tested in
 * tests/unit/test_ssh_ctr.c; the SFTP tests run through it, rekeying
 * included (tests/sftp/rekey.sh). */
#ifndef FERRY_SSH_CTR_H
#define FERRY_SSH_CTR_H

/* Install once (thread-safe); 1 if the provider is in use, 0 if not. */
int	ssh_ctr_install(void);
/* How many cipher contexts it has made in this process: more than none
 * once an SSH session encrypts through it (said by -v, tested). */
unsigned long ssh_ctr_made(void);

#endif
