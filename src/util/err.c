/* ferry: error codes and error text (see err.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/err.h"

int
ferr_exit_status(int err)
{
	switch (err) {
	case FERR_OK:
		return (0);
	case FERR_USAGE:
		return (1);
	case FERR_CONNECT:
		return (2);
	case FERR_EXISTS:
		return (3);
	case FERR_MISMATCH:
		return (5);
	default:
		return (4);
	}
}

int
ferr_from_errno(int errnum)
{
	switch (errnum) {
	case 0:
		return (FERR_OK);
	case ENOENT:
	case ENOTDIR:
		return (FERR_NOENT);
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return (FERR_NOSPC);
	case EACCES:
	case EPERM:
	case EROFS:
		return (FERR_PERM);
	case EISDIR:
		return (FERR_ISDIR);
	case EEXIST:
		return (FERR_EXISTS);
	case ENOMEM:
	default:
		return (FERR_IO);
	}
}

int
ferr_is_transient(int err)
{
	return (err == FERR_LOST);
}

int
ferr_set(char **cause, int err, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (cause == NULL)
		return (err);
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		abort();
	va_end(ap);
	free(*cause);
	*cause = s;
	return (err);
}
