/* ferry: error codes and error text.
 *
 * Functions return 0 or a negative FERR_* code.  Where a caller wants the
 * reason in words, it passes a char **cause: on failure the callee stores a
 * malloc'd, translated, one-line message there (the caller frees it).  Core
 * code never prints.
 */
#ifndef FERRY_ERR_H
#define FERRY_ERR_H

enum {
	FERR_OK = 0,
	FERR_USAGE = -1,	/* bad arguments or URL */
	FERR_CONNECT = -2,	/* cannot connect, authenticate or trust */
	FERR_EXISTS = -3,	/* target exists and nothing says what to do */
	FERR_IO = -4,		/* a transfer or file operation failed */
	FERR_MISMATCH = -5,	/* partial target does not match the source */
	FERR_NOENT = -6,	/* no such file or directory */
	FERR_CANCELLED = -7,	/* the user stopped it */
	FERR_UNSUPPORTED = -8,	/* backend cannot do it */
	FERR_LOST = -9,		/* connection lost: retrying may heal it */
	FERR_NOSPC = -10,	/* no space, quota or file size limit */
	FERR_PERM = -11,	/* permission denied */
	FERR_ISDIR = -12,	/* is (or is not) a directory where it matters */
};

/* Exit status of the command line for an error code (0 for FERR_OK). */
int	ferr_exit_status(int err);
/* FERR_* code for an errno value from a file operation. */
int	ferr_from_errno(int errnum);
/* True if retrying (reconnect and resume) may heal the error. */
int	ferr_is_transient(int err);
/* Store a formatted message in *cause (if cause is not NULL), freeing any
 * message already there.  Returns err, so callers can write
 * "return ferr_set(cause, FERR_IO, ...)". */
int	ferr_set(char **cause, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
