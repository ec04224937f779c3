/* ferry: small private files (settings, state): where they live, reading
 * them whole with a cap, and replacing them atomically.
 *
 * Used by the sites, recent-locations and queue files (src/conf).  Errors
 * are 0 or a negative FERR_* with a translated message in *cause. */
#ifndef FERRY_FILE_H
#define FERRY_FILE_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>

enum file_base {
	FILE_CONFIG,	/* $XDG_CONFIG_HOME, default ~/.config */
	FILE_STATE,	/* $XDG_STATE_HOME, default ~/.local/state */
};

/* base/ferry/name (malloc'd; the caller frees it).  An XDG variable that
 * is unset, empty or not absolute is ignored, as the XDG spec says.  NULL
 * when there is no home directory either. */
char	*file_path(enum file_base base, const char *name);
/* Create dir and its parents (mode 0700 for the ones it creates). */
int	 file_mkdirs(const char *dir, char **cause);
/* Read the regular file at path whole, at most max bytes (more is an
 * error).  On success *text is malloc'd and NUL-terminated (the caller
 * frees it; it may hold NUL bytes before *len), *len its length and *sb
 * (if not NULL) the file's stat.  FERR_NOENT if there is no file.  On
 * failure *text is NULL and *len 0. */
int	 file_read(const char *path, size_t max, char **text, size_t *len,
	    struct stat *sb, char **cause);
/* Replace path with len bytes of data, atomically: a temporary file in the
 * same directory (created with its parents), mode set with fchmod, written
 * whole, fsync'd, renamed over path, then the directory fsync'd.  Either
 * the old file or the new one is there afterwards, never half of one. */
int	 file_write_atomic(const char *path, const char *data, size_t len,
	    mode_t mode, char **cause);

#endif
