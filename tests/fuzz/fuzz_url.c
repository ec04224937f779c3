/* ferry: fuzz target for URLs and locations (src/util/url.c).
 *
 * The input is what a user (or a bookmark) gives as a location.  A URL
 * that parses must come back the same through url_display (less its
 * password, which url_display never shows), and the browsing helpers
 * must take any location.
 */
#include "config.h"

#include "fuzz.h"
#include "util/url.h"

static unsigned
fuzz_port(const struct url *u)
{
	return (u->port != 0 ? u->port : url_default_port(u->scheme));
}

static void
fuzz_round_trip(const struct url *u)
{
	struct url again;
	char *shown, *cause = NULL;

	shown = url_display(u, NULL);
	fuzz_check(url_is_url(shown));
	if (url_parse(shown, &again, &cause) != 0) {
		fprintf(stderr, "\"%s\" does not parse: %s\n", shown, cause);
		fuzz_check(!"a displayed URL parses");
	}
	fuzz_check(strcmp(again.scheme, u->scheme) == 0);
	fuzz_check((again.user == NULL) == (u->user == NULL));
	fuzz_check(u->user == NULL || strcmp(again.user, u->user) == 0);
	fuzz_check(again.password == NULL);
	fuzz_check(strcmp(again.host, u->host) == 0);
	fuzz_check(fuzz_port(&again) == fuzz_port(u));
	fuzz_check(strcmp(again.path, u->path) == 0);
	url_free(&again);
	free(shown);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url u;
	struct url *d;
	char *s = fuzz_string(data, size), *cause = NULL, *t;

	if (url_parse(s, &u, &cause) == 0) {
		fuzz_check(cause == NULL);
		fuzz_check(url_is_url(s));
		fuzz_check(u.scheme != NULL && u.host != NULL && u.path != NULL);
		fuzz_check(u.port < 65536);
		fuzz_round_trip(&u);
		d = url_dup(&u);
		url_free(d);
		free(d);
		url_free(&u);
	} else {
		fuzz_check(cause != NULL);
		fuzz_check(u.scheme == NULL && u.host == NULL);
		free(cause);
	}
	free(url_child(s, "a b/%c"));
	if ((t = url_parent(s)) != NULL) {
		fuzz_check(strlen(t) < strlen(s));
		free(t);
	}
	free(url_last_name(s));
	free(s);
	return (0);
}
