/* ferry: the server's digest of a range of a file over FTP, as pure
 * functions: which algorithms FEAT offers with HASH (draft-bryan-ftpext-
 * hash-02) and which of them is selected, and the digest in a reply to
 * HASH (213) or to XSHA256, XSHA1, XMD5 (proftpd's mod_digest, 250).
 * Tested in tests/unit/test_ftp_hash.c.
 *
 * What the servers do (proftpd 1.3.8 with mod_digest, seen 2026-12-05):
 * "RANG 0 99" selects 100 bytes (the draft: the end is inclusive), but
 * HASH ignores it and hashes the whole file, answering
 * "213 SHA-256 0-300000 HEX f.bin" for a file of 300,000 bytes (an end
 * one past the last byte, where the draft writes "0-299999");
 * "XSHA256 f.bin 0 100" hashes [0, 100) and answers "250 HEX" in capitals,
 * after a "250-Computing SHA256 digest" line; the path there is one word.
 */
#ifndef FERRY_FTP_HASH_H
#define FERRY_FTP_HASH_H

#include <stdint.h>

#include "vfs/vfs.h"

/* The algorithms of the HASH line of a FEAT reply's text
 * ("HASH CRC32;MD5;SHA-1*;SHA-256;"), as VFS_HASH_BIT bits (0: no HASH
 * line, or none of SHA-256, SHA-1, MD5 on it); *selected is the one
 * marked '*' (VFS_HASH_NONE if none of those is). */
unsigned ftp_feat_hash(const char *text, enum vfs_hash *selected);

/* The digest in the text of a reply to HASH: its last line,
 * "ALGO START-END HEX PATH".  0 and vfs_hash_size(algo) bytes in out if
 * ALGO is algo, START is start, END is end - 1 (the draft) or end
 * (proftpd), and HEX is exactly that many bytes in hex digits; else
 * FERR_IO, out zeroed. */
int	ftp_hash_parse(const char *text, enum vfs_hash algo, uint64_t start,
	    uint64_t end, unsigned char *out);
/* The digest in the text of a reply to XSHA256, XSHA1 or XMD5: the first
 * word of its last line, exactly 2 * vfs_hash_size(algo) hex digits in
 * either case.  0 or FERR_IO (out zeroed). */
int	ftp_xhash_parse(const char *text, enum vfs_hash algo,
	    unsigned char *out);
/* The command that asks for algo's digest of a range ("XSHA256"), or
 * NULL. */
const char *ftp_xhash_verb(enum vfs_hash algo);

#endif
