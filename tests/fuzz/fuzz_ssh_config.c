/* ferry: fuzz target for ~/.ssh/config (src/ssh/config.c).
 *
 * The input's first line is the host looked up (at most 255 bytes, as a
 * DNS name), the rest the file; an input without a newline is a file
 * looked up for "files.example.org".  Inputs over FUZZ_SSH_CONFIG_MAX
 * bytes are ignored: a Host pattern that makes matching slow (exponential
 * in the pattern's stars) is then a slow input of a few kilobytes, which
 * libFuzzer's -timeout (tests/fuzz/run gives 5 s) reports as a finding
 * rather than a run that never ends.
 */
#include "config.h"

#include "fuzz.h"
#include "ssh/config.h"

#define FUZZ_SSH_CONFIG_MAX	4096
#define FUZZ_HOST_MAX		255

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssh_config c;
	const uint8_t *nl;
	char *host, *text;
	size_t i;

	if (size > FUZZ_SSH_CONFIG_MAX)
		return (0);
	nl = memchr(data, '\n', size);
	if (nl != NULL && nl - data <= FUZZ_HOST_MAX) {
		host = fuzz_string(data, (size_t)(nl - data));
		text = fuzz_string(nl + 1, size - (size_t)(nl - data) - 1);
	} else {
		host = xstrdup("files.example.org");
		text = fuzz_string(data, size);
	}
	fuzz_check(ssh_config_parse(text, host, "/home/ana", &c) == 0);
	fuzz_check(c.port < 65536);
	fuzz_check(c.nidentity <= 100);
	fuzz_check(c.hostname == NULL || strlen(c.hostname) < size);
	for (i = 0; i < c.nidentity; i++)
		fuzz_check(c.identity[i] != NULL);
	ssh_config_free(&c);
	free(text);
	free(host);
	return (0);
}
