/* ferry: tests of FTP reply framing and the reply parsers
 * (src/ftp/reply.c). */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ftp/reply.h"
#include "util/err.h"
#include "util/xmalloc.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

/* Three replies in a row, one of them multi-line with lines inside that
 * look like codes (another code, the same code with '-'), and the text
 * each must give. */
static const char test_stream[] =
    "220-Welcome\r\n"
    "220-  to the server\r\n"
    "230 not the end: another code\r\n"
    "220-still not the end\r\n"
    " 220 nor this (leading space)\r\n"
    "220 the end\r\n"
    "331 Please specify the password.\r\n"
    "211-Features:\n"		/* bare LF, as some servers send */
    " EPSV\n"
    " REST STREAM\n"
    "211 End\n";

static const struct {
	int		 code;
	const char	*text;
} test_replies[] = {
	{ 220, "Welcome\n  to the server\n230 not the end: another code\n"
	    "still not the end\n 220 nor this (leading space)\nthe end" },
	{ 331, "Please specify the password." },
	{ 211, "Features:\n EPSV\n REST STREAM\nEnd" },
};

/* Feed the stream in pieces of step bytes, collecting the replies. */
static void
test_reply_feed_by(size_t step)
{
	struct ftp_framer *f = xmalloc(sizeof *f);
	struct ftp_reply r;
	size_t off = 0, n, got = 0;
	int rc;

	ftp_framer_init(f);
	while (off < sizeof test_stream - 1) {
		n = sizeof test_stream - 1 - off;
		if (n > step)
			n = step;
		cr_assert_eq(ftp_framer_feed(f, test_stream + off, n, NULL), 0);
		off += n;
		while ((rc = ftp_framer_next(f, &r, NULL)) == 1) {
			cr_assert_lt(got, NITEMS(test_replies));
			cr_assert_eq(r.code, test_replies[got].code,
			    "step %zu reply %zu", step, got);
			cr_assert_str_eq(r.text, test_replies[got].text,
			    "step %zu reply %zu", step, got);
			ftp_reply_free(&r);
			got++;
		}
		cr_assert_eq(rc, 0);
	}
	cr_assert_eq(got, NITEMS(test_replies), "step %zu", step);
	cr_assert_eq(f->len, 0);
	free(f);
}

Test(ftp_reply, replies_are_framed_alike_whatever_the_segmentation)
{
	size_t step;

	for (step = 1; step <= sizeof test_stream; step++)
		test_reply_feed_by(step);
}

Test(ftp_reply, a_reply_longer_than_the_cap_is_an_error)
{
	struct ftp_framer *f = xmalloc(sizeof *f);
	struct ftp_reply r;
	char line[1000];
	char *cause = NULL;
	int rc = 0, i;

	ftp_framer_init(f);
	memset(line, 'x', sizeof line);
	memcpy(line, "220-", 4);
	line[sizeof line - 1] = '\n';
	for (i = 0; i < 100 && rc == 0; i++) {
		rc = ftp_framer_feed(f, line, sizeof line, &cause);
		if (rc == 0)
			cr_assert_eq(ftp_framer_next(f, &r, NULL), 0);
	}
	cr_assert_eq(rc, FERR_IO);
	cr_assert_not_null(cause);
	free(cause);
	free(f);
}

Test(ftp_reply, a_line_without_its_end_at_the_cap_is_an_error)
{
	struct ftp_framer *f = xmalloc(sizeof *f);
	struct ftp_reply r;
	char *big = xmalloc(FTP_REPLY_MAX);
	char *cause = NULL;

	ftp_framer_init(f);
	memset(big, 'y', FTP_REPLY_MAX);
	memcpy(big, "220 ", 4);
	cr_assert_eq(ftp_framer_feed(f, big, FTP_REPLY_MAX, NULL), 0);
	cr_assert_eq(ftp_framer_next(f, &r, &cause), FERR_IO);
	free(cause);
	free(big);
	free(f);
}

Test(ftp_reply, a_first_line_without_a_code_is_an_error)
{
	static const char *bad[] = { "hello\r\n", "22 x\r\n", "2200 x\r\n",
	    "099 x\r\n", "600 x\r\n", "abc x\r\n", "220x\r\n" };
	struct ftp_framer *f = xmalloc(sizeof *f);
	struct ftp_reply r;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < NITEMS(bad); i++) {
		ftp_framer_init(f);
		ftp_framer_feed(f, bad[i], strlen(bad[i]), NULL);
		cr_assert_eq(ftp_framer_next(f, &r, &cause), FERR_IO, "%s",
		    bad[i]);
		free(cause);
		cause = NULL;
	}
	free(f);
}

Test(ftp_reply, a_bare_code_and_a_nul_are_read)
{
	static const char in[] = "200\r\n250 a\0b\r\n";
	struct ftp_framer *f = xmalloc(sizeof *f);
	struct ftp_reply r;

	ftp_framer_init(f);
	ftp_framer_feed(f, in, sizeof in - 1, NULL);
	cr_assert_eq(ftp_framer_next(f, &r, NULL), 1);
	cr_assert_eq(r.code, 200);
	cr_assert_str_eq(r.text, "");
	ftp_reply_free(&r);
	cr_assert_eq(ftp_framer_next(f, &r, NULL), 1);
	cr_assert_str_eq(r.text, "a b");
	ftp_reply_free(&r);
	free(f);
}

Test(ftp_reply, the_brief_escapes_control_characters)
{
	struct ftp_reply r = { 550, xstrdup("no \033[2Jway\nsecond line") };
	char *b = ftp_reply_brief(&r);

	cr_assert_str_eq(b, "no \\x1b[2Jway");
	free(b);
	ftp_reply_free(&r);
}

Test(ftp_reply, passive_227_replies_give_the_port_wherever_the_numbers_are)
{
	static const struct {
		const char	*text;
		int		 rc;
		unsigned	 port;
	} cases[] = {
		{ "Entering Passive Mode (127,0,0,1,195,80).", 0, 50000 },
		{ "Entering Passive Mode 10,1,2,3,4,1", 0, 1025 },
		{ "=127,0,0,1,0,21", 0, 21 },
		{ "Entering Passive Mode (127, 0, 0, 1, 4, 1)", 0, 1025 },
		{ "Entering Passive Mode (127,0,0,1,256,1)", FERR_IO, 0 },
		{ "Entering Passive Mode (127,0,0,1,4)", FERR_IO, 0 },
		{ "Entering Passive Mode (127,0,0,1,0,0)", FERR_IO, 0 },
		{ "Entering Passive Mode", FERR_IO, 0 },
		/* exactly six numbers: seven is no 227 reply */
		{ "Entering Passive Mode (127,0,0,1,4,1,9)", FERR_IO, 0 },
		{ "Entering Passive Mode (1,127,0,0,1,4,1)", FERR_IO, 0 },
		{ "Entering Passive Mode (127, 0, 0, 1, 4, 1 , 7)", FERR_IO, 0 },
		{ "Passive 1,2,3,4,5,6 (10,1,2,3,4,1)", 0, 1286 },
		{ "Entering Passive Mode (127,0,0,1,4,1).", 0, 1025 },
		{ "Entering Passive Mode (127,0,0,1,4,1), ok", 0, 1025 },
	};
	unsigned port;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		cr_assert_eq(ftp_parse_227(cases[i].text, &port), cases[i].rc,
		    "%s", cases[i].text);
		cr_assert_eq(port, cases[i].port, "%s", cases[i].text);
	}
}

Test(ftp_reply, extended_passive_229_replies_give_the_port)
{
	static const struct {
		const char	*text;
		int		 rc;
		unsigned	 port;
	} cases[] = {
		{ "Entering Extended Passive Mode (|||50000|)", 0, 50000 },
		{ "Entering Extended Passive Mode (!!!21!)", 0, 21 },
		{ "Entering Extended Passive Mode (|||65536|)", FERR_IO, 0 },
		{ "Entering Extended Passive Mode (|||0|)", FERR_IO, 0 },
		{ "Entering Extended Passive Mode (||50000|)", FERR_IO, 0 },
		{ "Entering Extended Passive Mode (|||50000)", FERR_IO, 0 },
		{ "Entering Extended Passive Mode (111500001)", FERR_IO, 0 },
		{ "Entering Extended Passive Mode", FERR_IO, 0 },
	};
	unsigned port;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		cr_assert_eq(ftp_parse_229(cases[i].text, &port), cases[i].rc,
		    "%s", cases[i].text);
		cr_assert_eq(port, cases[i].port, "%s", cases[i].text);
	}
}

Test(ftp_reply, quotes_doubled_in_a_257_reply_are_undoubled)
{
	static const struct {
		const char	*text;
		const char	*path;
	} cases[] = {
		{ "\"/home/ana\" is the current directory", "/home/ana" },
		{ "\"/a \"\"quoted\"\" dir\" created", "/a \"quoted\" dir" },
		{ "\"/ends with quote\"\"\"", "/ends with quote\"" },
		{ "\"\"\"\"", "\"" },
		{ "\"/grüße ✓\"", "/grüße ✓" },
		{ "MKD ok \"/x\"", "/x" },
	};
	char *path;
	size_t i;

	for (i = 0; i < NITEMS(cases); i++) {
		cr_assert_eq(ftp_parse_257(cases[i].text, &path), 0, "%s",
		    cases[i].text);
		cr_assert_str_eq(path, cases[i].path);
		free(path);
	}
	cr_assert_eq(ftp_parse_257("no quotes", &path), FERR_IO);
	cr_assert_null(path);
	cr_assert_eq(ftp_parse_257("\"unterminated", &path), FERR_IO);
	cr_assert_null(path);
}

Test(ftp_reply, sizes_and_times_parse_and_junk_does_not)
{
	uint64_t size;
	int64_t t;

	cr_assert_eq(ftp_parse_size("5368709120", &size), 0);
	cr_assert_eq(size, 5368709120ULL);
	cr_assert_eq(ftp_parse_size("18446744073709551615", &size), 0);
	cr_assert_eq(ftp_parse_size("18446744073709551616", &size), FERR_IO);
	cr_assert_eq(ftp_parse_size("12x", &size), FERR_IO);
	cr_assert_eq(ftp_parse_size("", &size), FERR_IO);
	cr_assert_eq(ftp_parse_time("20240315120000", &t), 0);
	cr_assert_eq(t, 1710504000);
	cr_assert_eq(ftp_parse_time("20240315120000.987", &t), 0);
	cr_assert_eq(t, 1710504000);
	cr_assert_eq(ftp_parse_time("19700101000000", &t), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(ftp_parse_time("20241315120000", &t), FERR_IO);
	cr_assert_eq(ftp_parse_time("2024031512", &t), FERR_IO);
	cr_assert_eq(ftp_parse_time("20240315120000x", &t), FERR_IO);
}

Test(ftp_reply, feat_lists_give_their_features)
{
	unsigned f;

	f = ftp_parse_feat("Features:\n EPRT\n EPSV\n MDTM\n PASV\n"
	    " REST STREAM\n SIZE\n TVFS\nEnd");
	cr_assert_eq(f, FTP_FEAT_EPRT | FTP_FEAT_EPSV | FTP_FEAT_MDTM |
	    FTP_FEAT_REST | FTP_FEAT_SIZE);
	f = ftp_parse_feat("Features:\n AUTH TLS\n PBSZ\n PROT\n"
	    " MLST modify*;perm*;size*;type*;unique*;UNIX.mode;\n UTF8\n"
	    " MFMT\n LANG en-US*\nEnd");
	cr_assert_eq(f, FTP_FEAT_AUTH_TLS | FTP_FEAT_PBSZ | FTP_FEAT_PROT |
	    FTP_FEAT_MLST | FTP_FEAT_UTF8 | FTP_FEAT_MFMT);
	cr_assert_eq(ftp_parse_feat("x\n AUTH SSL\n REST\n SIZEX\nEnd"), 0);
	cr_assert_eq(ftp_parse_feat("x\n AUTH TLS-C;SSL\nEnd"),
	    FTP_FEAT_AUTH_TLS);
}

Test(ftp_reply, port_and_eprt_arguments_are_formatted)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(50000) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
	    .sin6_port = htons(21) };
	char buf[64];

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	cr_assert_eq(ftp_format_port((struct sockaddr *)&sin, 0, buf,
	    sizeof buf), 0);
	cr_assert_str_eq(buf, "127,0,0,1,195,80");
	cr_assert_eq(ftp_format_port((struct sockaddr *)&sin, 1, buf,
	    sizeof buf), 0);
	cr_assert_str_eq(buf, "|1|127.0.0.1|50000|");
	cr_assert_eq(ftp_format_port((struct sockaddr *)&sin6, 1, buf,
	    sizeof buf), 0);
	cr_assert_str_eq(buf, "|2|::1|21|");
	cr_assert_eq(ftp_format_port((struct sockaddr *)&sin6, 0, buf,
	    sizeof buf), FERR_UNSUPPORTED);
}
