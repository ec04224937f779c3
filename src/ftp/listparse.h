/* ferry: directory listings from FTP servers, as pure functions.
 *
 * LIST has no standard format: Unix "ls -l" lines (with "Mon dd hh:mm" for
 * recent files, whose year is inferred from now, and "Mon dd  yyyy"
 * otherwise), DOS/IIS lines and EPLF lines are understood.  MLSD lines
 * (RFC 3659) are facts and a name.  A line that fits no format is not
 * guessed at: it is counted, and the first such line kept, for the caller
 * to report.
 */
#ifndef FERRY_FTP_LISTPARSE_H
#define FERRY_FTP_LISTPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "vfs/vfs.h"

/* What a line was. */
enum ftp_line_kind {
	FTP_LINE_ENTRY = 1,	/* *name and *st filled */
	FTP_LINE_SKIP = 0,	/* "total 12", ".", "..", an empty line */
	FTP_LINE_BAD = -1,	/* fits no format */
};

/* One LIST line (without its line end).  On FTP_LINE_ENTRY *name is
 * malloc'd.  now (seconds since the epoch) places "Mon dd hh:mm" dates in
 * the past year. */
enum ftp_line_kind ftp_list_line(const char *line, int64_t now,
	    char **name, struct vfs_stat *st);
/* One MLSD line, or the fact line of an MLST reply (a leading space is
 * allowed). */
enum ftp_line_kind ftp_mlsx_line(const char *line, char **name,
	    struct vfs_stat *st);

/* A whole listing (lines ended by CRLF or LF; NULs end nothing) into out
 * (entries added); mlsd says which parser.  Returns the number of bad
 * lines; the first of them, malloc'd, in *bad (NULL if none). */
size_t	ftp_list_parse(const char *text, size_t len, int mlsd, int64_t now,
	    struct vfs_list *out, char **bad);

#endif
