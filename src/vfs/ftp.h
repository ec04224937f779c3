/* ferry: the FTP and FTPS backend (src/vfs/ftp.c).
 *
 * One set of operations serves three schemes, read from the session's URL:
 * ftp:// (port 21; AUTH TLS when the server offers it, else clear text with
 * a warning), ftpes:// (explicit TLS, required) and ftps:// (implicit TLS,
 * port 990).
 */
#ifndef FERRY_VFS_FTP_H
#define FERRY_VFS_FTP_H

#include "vfs/vfs.h"

extern const struct vfs_ops vfs_ftp_ops;

#endif
