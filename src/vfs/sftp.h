/* ferry: the SFTP backend (libssh2), see vfs.h and ssh/session.h. */
#ifndef FERRY_VFS_SFTP_H
#define FERRY_VFS_SFTP_H

#include "vfs/vfs.h"

extern const struct vfs_ops vfs_sftp_ops;

/*
 * How many bytes to ask libssh2 for in one read call at byte pos of a file
 * whose reader stops at end (end_known; see vfs_file_expect), with room
 * for len.  libssh2 1.10 keeps four times the length of a read requested
 * ahead, so that a 4 KiB file read with a 1 MiB buffer cost 140 requests:
 * this asks for a quarter of what is left (at least 1 byte, which finds
 * the end of the file), at most len.  Pure; exposed for the tests.
 */
size_t	sftp_read_ask(uint64_t pos, uint64_t end, int end_known, size_t len);

#endif
