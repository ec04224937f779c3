/* ferry: recently visited locations, in $XDG_STATE_HOME/ferry/recent
 * (default ~/.local/state/ferry/recent), newest first, at most RECENT_MAX,
 * each once, never with a password.
 *
 * The file is INI-like text (conf/ini.h) of "location = ..." lines,
 * written atomically with mode 0600.
 *
 * Ownership: a struct recent owns its strings; recent_add copies.
 */
#ifndef FERRY_CONF_RECENT_H
#define FERRY_CONF_RECENT_H

#include <stddef.h>

#define RECENT_MAX	20
#define RECENT_FILE_MAX	(256 * 1024)
#define RECENT_LINE_MAX	8192

struct recent {
	char	**v;		/* v[0] the newest */
	size_t	  n;
};

/* Where the file is (malloc'd), NULL without a home directory. */
char	*recent_path(void);
/* Load path into *out (cleared first; empty on failure, with *cause).  No
 * file is an empty list. */
int	 recent_load(const char *path, struct recent *out, char **cause);
int	 recent_save(const char *path, const struct recent *, char **cause);
/* Put location first (without its password), removing an older copy of it
 * and the oldest beyond RECENT_MAX. */
void	 recent_add(struct recent *, const char *location);
void	 recent_free(struct recent *);

#endif
