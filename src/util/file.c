/* ferry: small private files (see file.h). */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const struct file_base_dir {
	const char	*env;
	const char	*fallback;	/* under $HOME */
} file_base_dirs[] = {
	[FILE_CONFIG] = { .env = "XDG_CONFIG_HOME", .fallback = ".config" },
	[FILE_STATE] = { .env = "XDG_STATE_HOME",
	    .fallback = ".local/state" },
};

/* s without its trailing slashes ("/" itself gives ""). */
static int
file_trimmed_len(const char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && s[len - 1] == '/')
		len--;
	return ((int)len);
}

char *
file_path(enum file_base base, const char *name)
{
	const struct file_base_dir	*b = &file_base_dirs[base];
	const char			*s;
	struct passwd			*pw;

	s = getenv(b->env);
	if (s != NULL && *s == '/')
		return (xasprintf("%.*s/ferry/%s", file_trimmed_len(s), s,
		    name));
	s = getenv("HOME");
	if (s == NULL || *s != '/') {
		pw = getpwuid(getuid());
		if (pw == NULL || pw->pw_dir == NULL || *pw->pw_dir != '/')
			return (NULL);
		s = pw->pw_dir;
	}
	return (xasprintf("%.*s/%s/ferry/%s", file_trimmed_len(s), s,
	    b->fallback, name));
}

int
file_mkdirs(const char *dir, char **cause)
{
	struct stat	 sb;
	char		*copy, *p;
	int		 error = 0, last;

	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return (0);
	copy = xstrdup(dir);
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = (*p == '\0');
		*p = '\0';
		if (p[-1] != '/' && mkdir(copy, 0700) == -1 &&
		    (errno != EEXIST || stat(copy, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode))) {
			error = ferr_set(cause, ferr_from_errno(errno),
			    _("cannot create directory %s: %s"), copy,
			    strerror(errno));
			goto out;
		}
		if (last)
			break;
		*p = '/';
	}
out:
	free(copy);
	return (error);
}

/* Read from fd into buf until max bytes or the end; -1 and errno set on
 * failure. */
static ssize_t
file_read_fd(int fd, char *buf, size_t max)
{
	size_t	len = 0;
	ssize_t	n;

	while (len < max) {
		n = read(fd, buf + len, max - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return ((ssize_t)len);
}

int
file_read(const char *path, size_t max, char **text, size_t *len,
    struct stat *sb, char **cause)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 n;
	int		 fd, error = 0;

	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO put there must not hang the open. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return (ferr_set(cause, ferr_from_errno(errno),
		    _("cannot read %s: %s"), path, strerror(errno)));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error = ferr_set(cause, FERR_IO,
		    _("cannot read %s: not a regular file"), path);
		goto out;
	}
	/* One byte more than allowed tells a file that is too big. */
	buf = xmalloc(max + 2);
	if ((n = file_read_fd(fd, buf, max + 1)) == -1) {
		error = ferr_set(cause, ferr_from_errno(errno),
		    _("cannot read %s: %s"), path, strerror(errno));
		goto out;
	}
	if ((size_t)n > max) {
		error = ferr_set(cause, FERR_IO,
		    _("cannot read %s: larger than %zu bytes"), path, max);
		goto out;
	}
	buf[n] = '\0';
	*text = buf;
	*len = (size_t)n;
	buf = NULL;
	if (sb != NULL)
		*sb = st;
out:
	free(buf);
	close(fd);
	return (error);
}

/* Write all of len bytes, retrying on EINTR and after short writes. */
static int
file_write_all(int fd, const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0) {
			errno = EIO;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

static char *
file_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

/* fsync a directory, so that a rename in it is on the disk. */
static int
file_sync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (-1);
	rc = fsync(fd);
	/* Some file systems cannot sync a directory: not an error. */
	if (rc == -1 && (errno == EINVAL || errno == EROFS))
		rc = 0;
	close(fd);
	return (rc);
}

int
file_write_atomic(const char *path, const char *data, size_t len,
    mode_t mode, char **cause)
{
	char	*dir, *tmp = NULL;
	int	 fd = -1, error;

	dir = file_dirname(path);
	if ((error = file_mkdirs(dir, cause)) != 0)
		goto out;
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		free(tmp);
		tmp = NULL;	/* nothing to remove */
		goto fail;
	}
	if (fchmod(fd, mode) == -1 || file_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1)
		goto fail;
	error = close(fd);
	fd = -1;
	if (error != 0 || rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	tmp = NULL;	/* it is the file now */
	if (file_sync_dir(dir) == -1)
		goto fail;
	error = 0;
	goto out;
fail:
	error = ferr_set(cause, ferr_from_errno(errno),
	    _("cannot write %s: %s"), path, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	return (error);
}
