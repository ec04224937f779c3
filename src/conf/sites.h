/* ferry: site bookmarks, in $XDG_CONFIG_HOME/ferry/sites (default
 * ~/.config/ferry/sites).
 *
 * The file is text the user may edit (the syntax is in conf/ini.h):
 *
 *   # ferry sites
 *   [Ana's files]
 *   url = sftp://ana@files.example.org:2222/pub
 *   password = secret          (only if the user asked to store it)
 *   note = the ISO mirror
 *
 * One section a site; its name is unique and not empty; url is required,
 * a URL (ftp, ftps, ftpes, sftp, file) or an absolute local path; unknown
 * keys are ignored.  The file is written atomically with mode 0600.  A
 * file that holds a password is refused when its group or others may read
 * or write it; a file without passwords loads whatever its mode.
 *
 * Ownership: a struct sites owns its sites and their strings; every
 * function that takes a struct site copies what it needs.  Passwords are
 * wiped when freed.
 */
#ifndef FERRY_CONF_SITES_H
#define FERRY_CONF_SITES_H

#include <stddef.h>

/* Largest sites file read (the rest is refused, not cut). */
#define SITES_FILE_MAX	(1024 * 1024)
/* Bytes of a site's name, url, password or note: more is refused when
 * loading and by sites_add and sites_edit.  A line of the file holds one,
 * written with up to four bytes for each ("\x01"), and a key. */
#define SITES_FIELD_MAX	4096
#define SITES_LINE_MAX	(4 * SITES_FIELD_MAX + 64)

struct site {
	char	*name;
	char	*url;		/* never holds a password */
	char	*password;	/* NULL: none stored */
	char	*note;		/* NULL: none */
};

struct sites {
	struct site	*v;
	size_t		 n;
};

/* Where the file is (malloc'd), NULL without a home directory. */
char	*sites_path(void);
/* Load path into *out (cleared first; emptied on failure).  No file is an
 * empty list.  A file others may read that holds a password: FERR_PERM;
 * a syntax error: FERR_USAGE naming the line.  The message is in *cause,
 * translated, for the user to see. */
int	 sites_load(const char *path, struct sites *out, char **cause);
/* Pure: the same from len bytes of text (path names the file in
 * messages), without the check of the file's mode. */
int	 sites_parse_text(const char *path, const char *text, size_t len,
	    struct sites *out, char **cause);
/* Write the list to path, atomically, mode 0600. */
int	 sites_save(const char *path, const struct sites *, char **cause);
/* The text sites_save writes: malloc'd, NUL-terminated, *len bytes.  It
 * may hold passwords: the caller wipes it (explicit_bzero) and frees it. */
char	*sites_text(const struct sites *, size_t *len);
/* Add a copy of s.  A password inside s->url is dropped from it (never
 * stored from there); s->password is stored when not NULL.  FERR_EXISTS if
 * the name is taken; FERR_USAGE for an empty name, a bad url or a field
 * longer than SITES_FIELD_MAX. */
int	 sites_add(struct sites *, const struct site *s, char **cause);
/* Replace the site called name with a copy of s (which may rename it);
 * FERR_NOENT if there is none, FERR_EXISTS if s->name is another's. */
int	 sites_edit(struct sites *, const char *name, const struct site *s,
	    char **cause);
/* FERR_NOENT if there is no site called name. */
int	 sites_delete(struct sites *, const char *name, char **cause);
/* The site called name (owned by the list), NULL if none. */
const struct site *sites_find(const struct sites *, const char *name);
void	 sites_free(struct sites *);

#endif
