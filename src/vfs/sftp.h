/* ferry: the SFTP backend (libssh2), see vfs.h and ssh/session.h. */
#ifndef FERRY_VFS_SFTP_H
#define FERRY_VFS_SFTP_H

#include "vfs/vfs.h"

extern const struct vfs_ops vfs_sftp_ops;

#endif
