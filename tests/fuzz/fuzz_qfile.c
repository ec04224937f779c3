/* ferry: fuzz target for the transfer queue file (src/conf/qfile.c and
 * the INI reader under it, src/conf/ini.c).  The input is the file's
 * contents, given to qfile_parse_text.  A queue that loads must be what
 * qfile.h promises (locations that are URLs or absolute paths without a
 * password, no item that ended or runs, no more done than the total, a
 * message of one bounded line), and the text qfile_save would write for it
 * must load back the same queue and be written the same again. */
#include "config.h"

#include "conf/qfile.h"
#include "fuzz.h"
#include "util/url.h"

static int
fuzz_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* A location as qfile.h promises it. */
static void
fuzz_check_location(const char *s)
{
	struct url u;
	char *cause = NULL;

	fuzz_check(s != NULL);
	if (*s == '/')
		return;
	if (url_parse(s, &u, &cause) != 0) {
		fprintf(stderr, "location \"%s\" does not parse: %s\n", s,
		    cause);
		fuzz_check(!"a loaded location parses");
	}
	fuzz_check(u.password == NULL);
	url_free(&u);
}

static void
fuzz_check_item(const struct qfile_item *it)
{
	fuzz_check_location(it->source);
	fuzz_check_location(it->target);
	fuzz_check(it->kind == QFILE_FILE || it->kind == QFILE_TREE);
	fuzz_check(it->op == QFILE_COPY || it->op == QFILE_MOVE);
	fuzz_check(it->state == QFILE_QUEUED || it->state == QFILE_FAILED);
	fuzz_check(it->total == QFILE_SIZE_UNKNOWN || it->done <= it->total);
	fuzz_check(it->message == NULL ||
	    (strlen(it->message) <= QFILE_MESSAGE_MAX &&
	    strpbrk(it->message, "\r\n") == NULL));
	(void)qfile_direction(it);
}

/* q as text, loaded again: the same items, and the same text again. */
static void
fuzz_round_trip(const struct qfile *q)
{
	struct qfile again;
	const struct qfile_item *a, *b;
	char *text, *text2, *cause = NULL;
	size_t len, len2, i;

	text = qfile_text(q, &len);
	fuzz_check(strlen(text) == len);
	if (qfile_parse_text("fuzz", text, len, &again, &cause) != 0) {
		fprintf(stderr, "the saved text does not load: %s\n", cause);
		fuzz_check(!"a saved queue loads back");
	}
	fuzz_check(again.n == q->n);
	for (i = 0; i < q->n; i++) {
		a = &again.v[i];
		b = &q->v[i];
		fuzz_check(strcmp(a->source, b->source) == 0);
		fuzz_check(strcmp(a->target, b->target) == 0);
		fuzz_check(a->kind == b->kind && a->op == b->op);
		fuzz_check(a->state == b->state);
		fuzz_check(a->done == b->done && a->total == b->total);
		fuzz_check(fuzz_same(a->message, b->message));
	}
	text2 = qfile_text(&again, &len2);
	fuzz_check(len2 == len && memcmp(text2, text, len) == 0);
	qfile_free(&again);
	free(text2);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qfile q;
	char *cause = NULL;
	size_t i;

	if (qfile_parse_text("fuzz", (const char *)data, size, &q,
	    &cause) != 0) {
		fuzz_check(cause != NULL);
		fuzz_check(q.v == NULL && q.n == 0);
		free(cause);
		return (0);
	}
	fuzz_check(cause == NULL);
	for (i = 0; i < q.n; i++)
		fuzz_check_item(&q.v[i]);
	fuzz_round_trip(&q);
	qfile_free(&q);
	return (0);
}
