/* ferry: the SFTP backend (libssh2), see vfs.h and ssh/session.h. */
#ifndef FERRY_VFS_SFTP_H
#define FERRY_VFS_SFTP_H

#include "vfs/vfs.h"

extern const struct vfs_ops vfs_sftp_ops;

/*
 * How many bytes to ask libssh2 for in one read call at byte pos of a file
 * whose reader stops at end (end_known; see vfs_file_expect), with room
 * for len.  libssh2 1.10 keeps four times the length of a read requested
 * ahead, in requests of at most SFTP_READ_MAX (30000) bytes, so that a
 * 4 KiB file read with a 1 MiB buffer cost 140 requests: this asks for a
 * quarter of what is left, at most len.  With find_end, once no more than
 * one request's worth is left, it asks for just over a quarter of 30000
 * bytes: libssh2 then sends one request for the rest and one beyond it,
 * whose "end of file" comes back in the same round trip (a small file
 * costs one round trip of reads, not two).  At the end (and without
 * find_end, once the rest is asked for) 1 byte, which finds the end of
 * the file.  Pure; exposed for the tests.
 */
size_t	sftp_read_ask(uint64_t pos, uint64_t end, int end_known,
	    int find_end, size_t len);

#endif
