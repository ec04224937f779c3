/* ferry: the file manager's transfer queue, kept in
 * $XDG_STATE_HOME/ferry/queue (default ~/.local/state/ferry/queue) so that
 * a queue survives ferry stopping.
 *
 * The file is INI-like text (conf/ini.h), written atomically with mode
 * 0600, one section an item:
 *
 *   version = 1
 *   [item]
 *   source = sftp://ana@files.example.org//pub/a.iso
 *   target = /home/ana/Downloads/a.iso
 *   kind = file                  (or tree: a directory and all it holds)
 *   op = copy                    (or move)
 *   state = queued               (running, failed)
 *   done = 1048576               (bytes)
 *   total = 2254857216           (bytes, or unknown)
 *   message = connection lost    (optional, one line)
 *   [end]                        (the last line: the file is whole)
 *
 * Locations are URLs or absolute local paths, never with a password (one
 * given is stripped on save and on load), of at most QFILE_LOCATION_MAX
 * bytes.  Items that ended (done, cancelled) are not saved, nor those with
 * a longer location (they could not be read back).  Loading never fails the caller: a file that
 * cannot be read or parsed gives a warning and an empty queue.
 *
 * Ownership: a struct qfile owns its items and their strings.
 */
#ifndef FERRY_CONF_QFILE_H
#define FERRY_CONF_QFILE_H

#include <stddef.h>
#include <stdint.h>

#define QFILE_FILE_MAX		(16 * 1024 * 1024)
#define QFILE_MESSAGE_MAX	1024	/* bytes of a message kept */
/* Bytes of a source or target.  A line of the file holds one, written
 * with up to four bytes for each ("\x01"), and a key. */
#define QFILE_LOCATION_MAX	4096
#define QFILE_LINE_MAX		(4 * QFILE_LOCATION_MAX + 64)
#define QFILE_SIZE_UNKNOWN	UINT64_MAX

enum qfile_kind {
	QFILE_FILE,
	QFILE_TREE,
};

enum qfile_op {
	QFILE_COPY,
	QFILE_MOVE,
};

enum qfile_state {
	QFILE_QUEUED,
	QFILE_RUNNING,
	QFILE_DONE,
	QFILE_FAILED,
	QFILE_CANCELLED,
};

/* Where the bytes go, from the two locations. */
enum qfile_direction {
	QFILE_LOCAL,		/* local to local */
	QFILE_DOWNLOAD,		/* remote to local */
	QFILE_UPLOAD,		/* local to remote */
	QFILE_REMOTE,		/* remote to remote */
};

struct qfile_item {
	char			*source;	/* URL or absolute path */
	char			*target;
	enum qfile_kind		 kind;
	enum qfile_op		 op;
	enum qfile_state	 state;
	uint64_t		 done;		/* bytes */
	uint64_t		 total;		/* or QFILE_SIZE_UNKNOWN */
	char			*message;	/* NULL: none */
};

struct qfile {
	struct qfile_item	*v;
	size_t			 n;
};

/* Where the file is (malloc'd), NULL without a home directory. */
char	*qfile_path(void);
/* Write the items that did not end (not done or cancelled) to path,
 * leaving out those with a location longer than QFILE_LOCATION_MAX. */
int	 qfile_save(const char *path, const struct qfile *, char **cause);
/* The text qfile_save writes: malloc'd, NUL-terminated, *len bytes. */
char	*qfile_text(const struct qfile *, size_t *len);
/* Load path into *out (cleared first).  No file: 0 and an empty queue.  A
 * file that cannot be read or parsed: a negative FERR_*, an empty queue
 * and a translated message in *warning for the user.  An item saved as
 * running comes back queued (ferry stopped while it ran). */
int	 qfile_load(const char *path, struct qfile *out, char **warning);
/* Pure: the same from len bytes of text (path names the file in
 * messages): 0, or a negative FERR_*, an empty queue and why in *cause
 * (without qfile_load's "the queue starts empty"). */
int	 qfile_parse_text(const char *path, const char *text, size_t len,
	    struct qfile *out, char **cause);
/* Append a copy of item (locations without their passwords, the message
 * cut to one line of at most QFILE_MESSAGE_MAX bytes). */
void	 qfile_add(struct qfile *, const struct qfile_item *item);
enum qfile_direction qfile_direction(const struct qfile_item *);
void	 qfile_free(struct qfile *);

#endif
