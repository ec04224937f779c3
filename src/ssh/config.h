/* ferry: what ~/.ssh/config says about a host.
 *
 * Only Host, HostName, User, Port and IdentityFile are read (Match blocks
 * never apply, Include is not followed).  As in OpenSSH, the first value
 * found for a keyword wins, except IdentityFile, whose values add up in
 * the order given.  Host patterns use * and ?, a leading ! negates, and
 * names compare without regard to case.
 */
#ifndef FERRY_SSH_CONFIG_H
#define FERRY_SSH_CONFIG_H

#include <stddef.h>

/* The settings for one host; every string is malloc'd or NULL (not set).
 * Free with ssh_config_free. */
struct ssh_config {
	char		*hostname;
	char		*user;
	unsigned	 port;		/* 0: not set */
	char		**identity;	/* nidentity paths, ~ expanded */
	size_t		 nidentity;
};

/* Whether a single pattern (with * and ?) matches s, ignoring case, in at
 * most strlen(pattern) * strlen(s) steps (never exponential). */
int	ssh_config_pattern(const char *pattern, const char *s);
/* Whether the patterns of one Host line (blank separated, ! to negate)
 * select host. */
int	ssh_config_host_matches(const char *patterns, const char *host);
/* Pure: the settings that text (a config file's contents) gives for host.
 * home replaces a leading "~" and %d in IdentityFile; %h there is the host
 * and %% a '%'.  0 always; *out is cleared first. */
int	ssh_config_parse(const char *text, const char *host, const char *home,
	    struct ssh_config *out);
/* The same from a file; a missing file gives no settings (0).  Other
 * read errors: FERR_IO with *cause. */
int	ssh_config_load(const char *path, const char *host, const char *home,
	    struct ssh_config *out, char **cause);
void	ssh_config_free(struct ssh_config *);

#endif
