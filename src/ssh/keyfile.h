/* ferry: what a private key file says about itself, without a passphrase.
 */
#ifndef FERRY_SSH_KEYFILE_H
#define FERRY_SSH_KEYFILE_H

#include <stddef.h>

/* Pure: 1 if the key text (PEM or OpenSSH's "openssh-key-v1" format) is
 * protected by a passphrase, 0 if not, -1 if it is no private key that
 * ferry knows. */
int	ssh_keyfile_encrypted(const char *text, size_t len);

#endif
