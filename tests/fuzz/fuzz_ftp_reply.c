/* ferry: fuzz target for the FTP reply framer (src/ftp/reply.c).
 *
 * The input is what a server sends on the control connection.  It is
 * framed twice, once fed whole (in pieces of the framer's size) and once
 * cut at places the input itself chooses; both must give the same replies
 * and end the same way.  Every reply's text then goes through
 * ftp_reply_brief and the parsers of 227, 229, 257, 213 and FEAT, as the
 * client would call them.
 */
#include "config.h"

#include "ftp/reply.h"
#include "fuzz.h"

#define FUZZ_MAX_REPLIES	4096

struct fuzz_replies {
	struct ftp_reply	 r[FUZZ_MAX_REPLIES];
	size_t			 n;
	int			 error;		/* the framer's last word */
};

static void
fuzz_parse(const struct ftp_reply *r)
{
	unsigned port;
	uint64_t size;
	int64_t t;
	char *path, *brief;

	brief = ftp_reply_brief(r);
	fuzz_check(strlen(brief) <= 4 * 200);
	fuzz_check(strchr(brief, '\n') == NULL);
	free(brief);
	if (ftp_parse_227(r->text, &port) == 0)
		fuzz_check(port > 0 && port < 65536);
	if (ftp_parse_229(r->text, &port) == 0)
		fuzz_check(port > 0 && port < 65536);
	if (ftp_parse_257(r->text, &path) == 0) {
		fuzz_check(strlen(path) < strlen(r->text));
		free(path);
	} else
		fuzz_check(path == NULL);
	(void)ftp_parse_size(r->text, &size);
	(void)ftp_parse_time(r->text, &t);
	(void)ftp_parse_feat(r->text);
}

/* Frame data, fed in pieces whose sizes come from cuts (NULL: as much as
 * fits); the replies go to out. */
static void
fuzz_frame(struct ftp_framer *f, const uint8_t *data, size_t size,
    const uint8_t *cuts, size_t ncuts, struct fuzz_replies *out)
{
	struct ftp_reply r;
	size_t off = 0, n, room, i = 0;
	int rc;

	ftp_framer_init(f);
	out->n = 0;
	out->error = 0;
	while (off < size) {
		room = sizeof f->buf - f->len;
		n = cuts != NULL ? 1 + (size_t)cuts[i++ % ncuts] % 97 : room;
		if (n > size - off)
			n = size - off;
		if (n > room && room > 0)
			n = room;
		if ((out->error = ftp_framer_feed(f, data + off, n, NULL)) != 0)
			return;
		off += n;
		while ((rc = ftp_framer_next(f, &r, NULL)) == 1) {
			fuzz_check(r.code >= 100 && r.code < 600);
			fuzz_check(r.text != NULL);
			if (out->n == FUZZ_MAX_REPLIES) {
				ftp_reply_free(&r);
				continue;
			}
			out->r[out->n++] = r;
		}
		if (rc != 0) {
			out->error = rc;
			return;
		}
	}
}

static void
fuzz_free(struct fuzz_replies *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		ftp_reply_free(&rs->r[i]);
	rs->n = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ftp_framer f;
	static struct fuzz_replies whole, cut;
	size_t i;

	fuzz_frame(&f, data, size, NULL, 0, &whole);
	fuzz_frame(&f, data, size, data, size, &cut);
	/* However TCP cut the bytes, the same replies and the same end. */
	fuzz_check(whole.error == cut.error);
	fuzz_check(whole.n == cut.n);
	for (i = 0; i < whole.n; i++) {
		fuzz_check(whole.r[i].code == cut.r[i].code);
		fuzz_check(strcmp(whole.r[i].text, cut.r[i].text) == 0);
	}
	for (i = 0; i < whole.n; i++)
		fuzz_parse(&whole.r[i]);
	fuzz_free(&whole);
	fuzz_free(&cut);
	return (0);
}
