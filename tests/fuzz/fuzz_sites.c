/* ferry: fuzz target for the sites file (src/conf/sites.c and the INI
 * reader under it, src/conf/ini.c).  The input is the file's contents,
 * given to sites_parse_text.  A list that loads must be what sites.h
 * promises (names unique and not empty, each url a URL or an absolute
 * path, never with a password in it), and the text sites_save would write
 * for it must load back the same list and be written the same again. */
#include "config.h"

#include "conf/sites.h"
#include "fuzz.h"
#include "util/url.h"

static int
fuzz_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* The promises of sites.h, for one site of l. */
static void
fuzz_check_site(const struct sites *l, size_t i)
{
	const struct site *s = &l->v[i];
	struct url u;
	char *cause = NULL;
	size_t j;

	fuzz_check(s->name != NULL && *s->name != '\0');
	for (j = 0; j < i; j++)
		fuzz_check(strcmp(l->v[j].name, s->name) != 0);
	fuzz_check(s->url != NULL && *s->url != '\0');
	if (*s->url == '/')
		return;
	if (url_parse(s->url, &u, &cause) != 0) {
		fprintf(stderr, "url \"%s\" does not parse: %s\n", s->url,
		    cause);
		fuzz_check(!"a loaded url parses");
	}
	fuzz_check(u.password == NULL);
	url_free(&u);
}

/* l as text, loaded again: the same sites, and the same text again. */
static void
fuzz_round_trip(const struct sites *l)
{
	struct sites again;
	char *text, *text2, *cause = NULL;
	size_t len, len2, i;

	text = sites_text(l, &len);
	fuzz_check(strlen(text) == len);
	if (sites_parse_text("fuzz", text, len, &again, &cause) != 0) {
		fprintf(stderr, "the saved text does not load: %s\n", cause);
		fuzz_check(!"a saved list loads back");
	}
	fuzz_check(again.n == l->n);
	for (i = 0; i < l->n; i++) {
		fuzz_check(strcmp(again.v[i].name, l->v[i].name) == 0);
		fuzz_check(strcmp(again.v[i].url, l->v[i].url) == 0);
		fuzz_check(fuzz_same(again.v[i].password, l->v[i].password));
		fuzz_check(fuzz_same(again.v[i].note, l->v[i].note));
	}
	text2 = sites_text(&again, &len2);
	fuzz_check(len2 == len && memcmp(text2, text, len) == 0);
	sites_free(&again);
	free(text2);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sites l;
	char *cause = NULL;
	size_t i;

	if (sites_parse_text("fuzz", (const char *)data, size, &l,
	    &cause) != 0) {
		fuzz_check(cause != NULL);
		fuzz_check(l.v == NULL && l.n == 0);
		free(cause);
		return (0);
	}
	fuzz_check(cause == NULL);
	for (i = 0; i < l.n; i++)
		fuzz_check_site(&l, i);
	fuzz_round_trip(&l);
	sites_free(&l);
	return (0);
}
