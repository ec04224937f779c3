/* ferry: runs a fuzz target over corpus files without libFuzzer.
 *
 *	fuzz_NAME [-t SECONDS] FILE|DIRECTORY...
 *
 * Each file (each regular file of a directory, in name order, dot files
 * left out) is read into a buffer of exactly its size and given to
 * LLVMFuzzerTestOneInput once.  An input that takes longer than SECONDS
 * (default 10) ends the run with its name, as libFuzzer's -timeout would.
 * Prints how many inputs ran; exits 0, or 1 if a file could not be read or
 * took too long (a failed check or a sanitizer aborts on its own).
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define REPLAY_MAX	(4 * 1024 * 1024)	/* bytes of one input */

static const char *volatile replay_current;

static void
replay_alarm(int sig)
{
	static const char msg[] = "replay: too slow (timeout): ";
	const char *name = replay_current;

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	if (name != NULL)
		(void)!write(STDERR_FILENO, name, strlen(name));
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(1);
}

/* Read path whole into a buffer of its size; -1 (said on stderr) if it
 * cannot be read or is too large. */
static int
replay_read(const char *path, uint8_t **data, size_t *size)
{
	FILE *f;
	uint8_t *buf;
	long n;

	*data = NULL;
	*size = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    n > REPLAY_MAX || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: cannot read or too large\n", path);
		fclose(f);
		return (-1);
	}
	buf = xmalloc(n > 0 ? (size_t)n : 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		fclose(f);
		return (-1);
	}
	fclose(f);
	*data = buf;
	*size = (size_t)n;
	return (0);
}

static int
replay_file(const char *path, unsigned timeout)
{
	uint8_t *data;
	size_t size;

	replay_current = path;
	alarm(timeout);		/* reading counts too: a FIFO may block */
	if (replay_read(path, &data, &size) != 0) {
		alarm(0);
		return (-1);
	}
	LLVMFuzzerTestOneInput(data, size);
	alarm(0);
	replay_current = NULL;
	free(data);
	return (0);
}

static int
replay_skip_dot(const struct dirent *d)
{
	return (d->d_name[0] != '.');
}

/* A file, or the files of a directory; the number replayed, -1 on error. */
static long
replay_path(const char *path, unsigned timeout)
{
	struct dirent **names;
	struct stat sb;
	char *file;
	long count = 0;
	int n, i;

	if (stat(path, &sb) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode))
		return (replay_file(path, timeout) == 0 ? 1 : -1);
	if ((n = scandir(path, &names, replay_skip_dot, alphasort)) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	for (i = 0; i < n; i++) {
		file = xasprintf("%s/%s", path, names[i]->d_name);
		if (count >= 0 && stat(file, &sb) == 0 && S_ISREG(sb.st_mode))
			count = replay_file(file, timeout) == 0 ? count + 1 : -1;
		free(file);
		free(names[i]);
	}
	free(names);
	return (count);
}

int
main(int argc, char **argv)
{
	unsigned timeout = 10;
	long total = 0, n;
	int c;

	signal(SIGALRM, replay_alarm);
	while ((c = getopt(argc, argv, "t:")) != -1) {
		switch (c) {
		case 't':
			timeout = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: %s [-t SECONDS] FILE|DIR...\n",
			    argv[0]);
			return (1);
		}
	}
	for (; optind < argc; optind++) {
		if ((n = replay_path(argv[optind], timeout)) < 0)
			return (1);
		total += n;
	}
	printf("%ld inputs\n", total);
	return (0);
}
