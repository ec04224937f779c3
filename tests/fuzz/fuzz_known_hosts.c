/* ferry: fuzz target for known_hosts files (src/ssh/knownhosts.c, and the
 * line parser of libssh2 it hands lines to).  The input is the file's
 * contents, given to ssh_known_load through a memfd; then two keys are
 * looked up for a few names, as a connection would. */
#include "config.h"

#include <sys/mman.h>

#include <unistd.h>

#include <libssh2.h>
#include <openssl/evp.h>

#include "fuzz.h"
#include "ssh/knownhosts.h"

#define ED_B64	"AAAAC3NzaC1lZDI1NTE5AAAAIHUt/BJkI+zcIf7TYHdbgnpJWtnP" \
		"cAW2w/8OEq+1zp4J"
#define EC_B64	"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABB" \
		"BODkmtsbfvyaSnJ34z9SFXBNpQIatXWk4xJ9FpQAs70lyhZlPxgX" \
		"ovtr9y480YNiZMieBW9q/zv6FYXxZXJUIHo="

struct fuzz_blob {
	unsigned char	b[256];
	size_t		len;
};

static const struct {
	const char	*host;
	unsigned	 port;
} fuzz_hosts[] = {
	{ "example.org", 2222 },
	{ "hashed.example", 22 },
	{ "files.example.org", 22 },
	{ "127.0.0.1", 2222 },
};
#define FUZZ_NHOSTS	(sizeof fuzz_hosts / sizeof fuzz_hosts[0])

static void
fuzz_blob(const char *b64, struct fuzz_blob *out)
{
	size_t n = strlen(b64);
	int got;

	got = EVP_DecodeBlock(out->b, (const unsigned char *)b64, (int)n);
	fuzz_check(got > 0);
	while (n > 0 && b64[n - 1] == '=') {
		got--;
		n--;
	}
	out->len = (size_t)got;
}

/* The lines of data: the most a reported line number can be. */
static int
fuzz_lines(const uint8_t *data, size_t size)
{
	size_t i;
	int n = 1;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static LIBSSH2_SESSION *session;
	static struct fuzz_blob keys[2];
	struct ssh_known *k = NULL;
	enum ssh_known_result res;
	char path[64], *cause = NULL;
	int masks[8], skipped, line, fd;
	size_t i, j, n;

	if (session == NULL) {
		fuzz_check(libssh2_init(0) == 0);
		fuzz_check((session = libssh2_session_init()) != NULL);
		fuzz_blob(ED_B64, &keys[0]);
		fuzz_blob(EC_B64, &keys[1]);
	}
	fuzz_check((fd = memfd_create("known_hosts", MFD_CLOEXEC)) != -1);
	fuzz_check(write(fd, data, size) == (ssize_t)size);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (ssh_known_load(session, path, &k, &skipped, &cause) != 0) {
		/* Only a file over the cap is refused. */
		fuzz_check(cause != NULL && k == NULL);
		free(cause);
		close(fd);
		return (0);
	}
	fuzz_check(skipped >= 0 && skipped <= fuzz_lines(data, size));
	for (i = 0; i < FUZZ_NHOSTS; i++) {
		ssh_known_types(k, fuzz_hosts[i].host, fuzz_hosts[i].port,
		    masks, sizeof masks / sizeof masks[0], &n);
		fuzz_check(n <= sizeof masks / sizeof masks[0]);
		free(ssh_known_prefs(masks, n));
		for (j = 0; j < 2; j++) {
			res = ssh_known_check(k, fuzz_hosts[i].host,
			    fuzz_hosts[i].port, keys[j].b, keys[j].len, &line);
			fuzz_check(line >= 0 && line <= fuzz_lines(data, size));
			if (res == SSH_KNOWN_MATCH || res == SSH_KNOWN_CHANGED)
				fuzz_check(line >= 1);
			else
				fuzz_check(line == 0);
		}
	}
	ssh_known_free(k);
	close(fd);
	return (0);
}
