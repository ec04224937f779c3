/* ferry: the transfer queue file (see qfile.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/ini.h"
#include "conf/qfile.h"
#include "util/err.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"

#define QFILE_VERSION	"1"

static const char *const qfile_kinds[] = {
	[QFILE_FILE] = "file",
	[QFILE_TREE] = "tree",
};
static const char *const qfile_ops[] = {
	[QFILE_COPY] = "copy",
	[QFILE_MOVE] = "move",
};
static const char *const qfile_states[] = {
	[QFILE_QUEUED] = "queued",
	[QFILE_RUNNING] = "running",
	[QFILE_DONE] = "done",
	[QFILE_FAILED] = "failed",
	[QFILE_CANCELLED] = "cancelled",
};
#define QFILE_NITEMS(a)	(sizeof (a) / sizeof (a)[0])

char *
qfile_path(void)
{
	return (file_path(FILE_STATE, "queue"));
}

static void
qfile_item_free(struct qfile_item *it)
{
	free(it->source);
	free(it->target);
	free(it->message);
	memset(it, 0, sizeof *it);
}

void
qfile_free(struct qfile *q)
{
	size_t	i;

	if (q == NULL)
		return;
	for (i = 0; i < q->n; i++)
		qfile_item_free(&q->v[i]);
	free(q->v);
	memset(q, 0, sizeof *q);
}

/* The message up to its first line end, cut at a character boundary to at
 * most QFILE_MESSAGE_MAX bytes; NULL stays NULL. */
static char *
qfile_one_line(const char *s)
{
	size_t	len;

	if (s == NULL)
		return (NULL);
	len = strcspn(s, "\r\n");
	if (len > QFILE_MESSAGE_MAX) {
		len = QFILE_MESSAGE_MAX;
		/* Not in the middle of a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	return (xstrndup(s, len));
}

void
qfile_add(struct qfile *q, const struct qfile_item *item)
{
	struct qfile_item	*it;

	q->v = xreallocarray(q->v, q->n + 1, sizeof *q->v);
	it = &q->v[q->n++];
	*it = *item;
	it->source = url_strip_password(item->source);
	it->target = url_strip_password(item->target);
	it->message = qfile_one_line(item->message);
}

enum qfile_direction
qfile_direction(const struct qfile_item *it)
{
	int	from = url_is_url(it->source) &&
		    strncmp(it->source, "file:", 5) != 0;
	int	to = url_is_url(it->target) &&
		    strncmp(it->target, "file:", 5) != 0;

	if (from && to)
		return (QFILE_REMOTE);
	if (from)
		return (QFILE_DOWNLOAD);
	if (to)
		return (QFILE_UPLOAD);
	return (QFILE_LOCAL);
}

/* ---------------------------------------------------------------- save */

static void
qfile_add_number(struct ini_buf *b, const char *key, uint64_t v)
{
	char	num[32];

	if (v == QFILE_SIZE_UNKNOWN)
		snprintf(num, sizeof num, "unknown");
	else
		snprintf(num, sizeof num, "%" PRIu64, v);
	ini_add_pair(b, key, num);
}

static void
qfile_add_item(struct ini_buf *b, const struct qfile_item *it)
{
	char	*s;

	ini_add_section(b, "item");
	s = url_strip_password(it->source);
	ini_add_pair(b, "source", s);
	free(s);
	s = url_strip_password(it->target);
	ini_add_pair(b, "target", s);
	free(s);
	ini_add_pair(b, "kind", qfile_kinds[it->kind]);
	ini_add_pair(b, "op", qfile_ops[it->op]);
	ini_add_pair(b, "state", qfile_states[it->state]);
	qfile_add_number(b, "done", it->done);
	qfile_add_number(b, "total", it->total);
	if (it->message != NULL) {
		s = qfile_one_line(it->message);
		ini_add_pair(b, "message", s);
		free(s);
	}
}

/* An item qfile_save writes: it did not end, and its lines fit the line
 * cap however its locations are escaped. */
static int
qfile_kept(const struct qfile_item *it)
{
	return (it->state != QFILE_DONE && it->state != QFILE_CANCELLED &&
	    strlen(it->source) <= QFILE_LOCATION_MAX &&
	    strlen(it->target) <= QFILE_LOCATION_MAX);
}

char *
qfile_text(const struct qfile *q, size_t *len)
{
	struct ini_buf	b = { NULL, 0, 0 };
	size_t		i;

	ini_add(&b, "# ferry transfer queue\nversion = " QFILE_VERSION "\n");
	for (i = 0; i < q->n; i++) {
		if (qfile_kept(&q->v[i]))
			qfile_add_item(&b, &q->v[i]);
	}
	/* Tells a whole file from one cut short after an item. */
	ini_add_section(&b, "end");
	*len = b.len;
	return (b.p);
}

int
qfile_save(const char *path, const struct qfile *q, char **cause)
{
	char	*text;
	size_t	 len;
	int	 error;

	text = qfile_text(q, &len);
	error = file_write_atomic(path, text, len, 0600, cause);
	free(text);
	return (error);
}

/* ---------------------------------------------------------------- load */

enum {
	QFILE_HAVE_SOURCE = 1 << 0,
	QFILE_HAVE_TARGET = 1 << 1,
	QFILE_HAVE_KIND = 1 << 2,
	QFILE_HAVE_OP = 1 << 3,
	QFILE_HAVE_STATE = 1 << 4,
	QFILE_HAVE_DONE = 1 << 5,
	QFILE_HAVE_TOTAL = 1 << 6,
	QFILE_HAVE_MESSAGE = 1 << 7,
	QFILE_HAVE_ALL = (1 << 7) - 1,	/* all but the message */
};

struct qfile_reader {
	struct qfile		*q;
	struct qfile_item	 cur;
	unsigned		 have;		/* QFILE_HAVE_* */
	int			 in_item;
	int			 version;
	int			 ended;		/* [end] seen */
	unsigned long		 cur_line;
};

/* The index of word in names[n], or -1. */
static int
qfile_word(const char *const *names, size_t n, const char *word)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], word) == 0)
			return ((int)i);
	}
	return (-1);
}

static int
qfile_number(const char *s, int unknown_ok, uint64_t *out)
{
	uint64_t	v = 0;
	unsigned	d;

	if (unknown_ok && strcmp(s, "unknown") == 0) {
		*out = QFILE_SIZE_UNKNOWN;
		return (0);
	}
	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (-1);
		d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - 1 - d) / 10)
			return (-1);
		v = v * 10 + d;
	}
	*out = v;
	return (0);
}

/* A location: an absolute local path or a URL ftp, ftps, ftpes, sftp or
 * file understand, of at most QFILE_LOCATION_MAX bytes. */
static int
qfile_location(const char *s, char **cause)
{
	struct url	u;
	int		error;

	if (strlen(s) > QFILE_LOCATION_MAX)
		return (ferr_set(cause, FERR_USAGE, _("a location longer "
		    "than %d bytes"), QFILE_LOCATION_MAX));
	if (*s == '/')
		return (0);
	if ((error = url_parse(s, &u, cause)) == 0)
		url_free(&u);
	return (error);
}

/* The item being read is complete: check it and add it. */
static int
qfile_reader_flush(struct qfile_reader *r, char **cause)
{
	int	error = 0;

	if (!r->in_item)
		return (0);
	if ((r->have & QFILE_HAVE_ALL) != QFILE_HAVE_ALL)
		error = ferr_set(cause, FERR_USAGE, _("an item without "
		    "source, target, kind, op, state, done or total"));
	else if (r->cur.total != QFILE_SIZE_UNKNOWN &&
	    r->cur.done > r->cur.total)
		error = ferr_set(cause, FERR_USAGE,
		    _("more bytes done than the total"));
	else {
		if (r->cur.state == QFILE_RUNNING)
			r->cur.state = QFILE_QUEUED;
		if (r->cur.state != QFILE_DONE &&
		    r->cur.state != QFILE_CANCELLED)
			qfile_add(r->q, &r->cur);
	}
	qfile_item_free(&r->cur);
	r->have = 0;
	r->in_item = 0;
	return (error);
}

static const struct qfile_key {
	const char	*name;
	unsigned	 bit;
} qfile_keys[] = {
	{ "source", QFILE_HAVE_SOURCE },
	{ "target", QFILE_HAVE_TARGET },
	{ "kind", QFILE_HAVE_KIND },
	{ "op", QFILE_HAVE_OP },
	{ "state", QFILE_HAVE_STATE },
	{ "done", QFILE_HAVE_DONE },
	{ "total", QFILE_HAVE_TOTAL },
	{ "message", QFILE_HAVE_MESSAGE },
};

/* Set the field bit stands for from value; -1 if the value is bad. */
static int
qfile_reader_set(struct qfile_item *it, unsigned bit, const char *value)
{
	int	v;

	switch (bit) {
	case QFILE_HAVE_SOURCE:
		it->source = xstrdup(value);
		return (0);
	case QFILE_HAVE_TARGET:
		it->target = xstrdup(value);
		return (0);
	case QFILE_HAVE_KIND:
		v = qfile_word(qfile_kinds, QFILE_NITEMS(qfile_kinds), value);
		it->kind = v == -1 ? QFILE_FILE : (enum qfile_kind)v;
		return (v);
	case QFILE_HAVE_OP:
		v = qfile_word(qfile_ops, QFILE_NITEMS(qfile_ops), value);
		it->op = v == -1 ? QFILE_COPY : (enum qfile_op)v;
		return (v);
	case QFILE_HAVE_STATE:
		v = qfile_word(qfile_states, QFILE_NITEMS(qfile_states), value);
		it->state = v == -1 ? QFILE_QUEUED : (enum qfile_state)v;
		return (v);
	case QFILE_HAVE_DONE:
		return (qfile_number(value, 0, &it->done));
	case QFILE_HAVE_TOTAL:
		return (qfile_number(value, 1, &it->total));
	default:
		it->message = xstrdup(value);
		return (0);
	}
}

/* key = value inside an item. */
static int
qfile_reader_pair(struct qfile_reader *r, const char *key, const char *value,
    char **cause)
{
	unsigned	bit = 0;
	size_t		i;
	int		error;

	for (i = 0; i < QFILE_NITEMS(qfile_keys); i++) {
		if (strcmp(qfile_keys[i].name, key) == 0)
			bit = qfile_keys[i].bit;
	}
	if (bit == 0)
		return (0);	/* from a later version: ignored */
	if ((r->have & bit) != 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("\"%s\" given twice"), key));
	if ((bit == QFILE_HAVE_SOURCE || bit == QFILE_HAVE_TARGET) &&
	    (error = qfile_location(value, cause)) != 0)
		return (error);
	r->have |= bit;
	if (qfile_reader_set(&r->cur, bit, value) == -1)
		return (ferr_set(cause, FERR_USAGE,
		    _("invalid value for \"%s\""), key));
	return (0);
}

/* "[item]" or "[end]". */
static int
qfile_reader_section(struct qfile_reader *r, const struct ini_line *l,
    char **cause)
{
	if (!r->version)
		return (ferr_set(cause, FERR_USAGE,
		    _("no \"version = 1\" before the first item")));
	if (strcmp(l->name, "end") == 0) {
		r->ended = 1;
		return (0);
	}
	if (strcmp(l->name, "item") != 0)
		return (ferr_set(cause, FERR_USAGE,
		    _("expected \"[item]\" or \"[end]\"")));
	r->in_item = 1;
	r->cur_line = l->number;
	return (0);
}

static int
qfile_reader_line(struct ini_line *l, void *arg, char **cause)
{
	struct qfile_reader	*r = arg;
	int			 error;

	if (r->ended && l->kind != INI_END)
		return (ferr_set(cause, FERR_USAGE,
		    _("more text after \"[end]\"")));
	if (l->kind == INI_SECTION || l->kind == INI_END) {
		if ((error = qfile_reader_flush(r, cause)) != 0) {
			l->number = r->cur_line;
			return (error);
		}
		if (l->kind == INI_SECTION)
			return (qfile_reader_section(r, l, cause));
		if (!r->ended)
			return (ferr_set(cause, FERR_USAGE,
			    _("the file is cut short (no \"[end]\")")));
		return (0);
	}
	if (r->in_item)
		return (qfile_reader_pair(r, l->name, l->value, cause));
	if (strcmp(l->name, "version") != 0 ||
	    strcmp(l->value, QFILE_VERSION) != 0 || r->version)
		return (ferr_set(cause, FERR_USAGE,
		    _("expected \"version = 1\"")));
	r->version = 1;
	return (0);
}

int
qfile_parse_text(const char *path, const char *text, size_t len,
    struct qfile *out, char **cause)
{
	struct qfile_reader	 r;
	char			*what;
	int			 error;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.q = out;
	what = xasprintf(_("queue file %s"), path);
	error = ini_parse(text, len, QFILE_LINE_MAX, what, qfile_reader_line,
	    &r, cause);
	free(what);
	qfile_item_free(&r.cur);
	if (error != 0)
		qfile_free(out);
	return (error);
}

int
qfile_load(const char *path, struct qfile *out, char **warning)
{
	char	*text = NULL;
	size_t	 len;
	int	 error;

	memset(out, 0, sizeof *out);
	error = file_read(path, QFILE_FILE_MAX, &text, &len, NULL, warning);
	if (error == FERR_NOENT) {
		if (warning != NULL) {
			free(*warning);
			*warning = NULL;
		}
		return (0);
	}
	if (error == 0)
		error = qfile_parse_text(path, text, len, out, warning);
	if (error != 0) {
		/* What was lost, not only why. */
		ferr_set(warning, error, _("%s; the transfer queue starts "
		    "empty"), warning != NULL && *warning != NULL ? *warning :
		    "");
	}
	free(text);
	return (error);
}
