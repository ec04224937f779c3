/* ferry: FTP replies (RFC 959 section 4.2) and the pure parsers of their
 * text: 227, 229, 257, 213 (SIZE, MDTM) and 211 (FEAT; its HASH line:
 * hash.h).
 *
 * A reply is one line "123 text" or several: "123-first", any lines, and
 * "123 last" with the same code.  The framer takes bytes as they arrive,
 * however TCP cut them, and gives whole replies; it holds at most
 * FTP_REPLY_MAX bytes, and a reply longer than that is an error.
 */
#ifndef FERRY_FTP_REPLY_H
#define FERRY_FTP_REPLY_H

#include <stddef.h>
#include <stdint.h>

#define FTP_REPLY_MAX	(64 * 1024)

struct ftp_reply {
	int	 code;		/* 100 .. 599 */
	char	*text;		/* malloc'd: the lines without CR, joined by
				   '\n'; the first and last lose their
				   "123-" / "123 " */
};

struct ftp_framer {
	char	 buf[FTP_REPLY_MAX];
	size_t	 len;		/* bytes held */
	size_t	 scanned;	/* of them, whole lines already looked at */
	int	 code;		/* of the reply being read, 0 before its
				   first line is whole */
};

void	ftp_framer_init(struct ftp_framer *);
/* Add bytes; FERR_IO (with *cause) if the reply would pass the cap. */
int	ftp_framer_feed(struct ftp_framer *, const void *data, size_t len,
	    char **cause);
/* Take the next whole reply: 1 and *out (free with ftp_reply_free), 0 if
 * more bytes are needed, FERR_IO if the server broke the framing. */
int	ftp_framer_next(struct ftp_framer *, struct ftp_reply *out,
	    char **cause);
void	ftp_reply_free(struct ftp_reply *);
/* The reply's first line, made safe for a terminal (fmt_safe_name) and
 * at most about 200 bytes: for messages.  Malloc'd. */
char	*ftp_reply_brief(const struct ftp_reply *);

/* 227 "Entering Passive Mode (h1,h2,h3,h4,p1,p2)": the port (the address
 * is not trusted, so not returned); exactly six numbers, seven are no
 * 227 reply.  0 or FERR_IO. */
int	ftp_parse_227(const char *text, unsigned *port);
/* 229 "Entering Extended Passive Mode (|||port|)": the port.  0 or
 * FERR_IO. */
int	ftp_parse_229(const char *text, unsigned *port);
/* 257 "\"/a \"\"quoted\"\" dir\" created": the path, quotes undoubled;
 * malloc'd.  0 or FERR_IO. */
int	ftp_parse_257(const char *text, char **path);
/* 213 SIZE reply: a decimal number. */
int	ftp_parse_size(const char *text, uint64_t *size);
/* "YYYYMMDDHHMMSS[.sss]" (MDTM reply, MLST modify fact), UTC, to seconds
 * since the epoch; the fraction is dropped.  0 or FERR_IO. */
int	ftp_parse_time(const char *text, int64_t *t);

/* What FEAT offered. */
#define FTP_FEAT_MLST	0x0001		/* and so MLSD */
#define FTP_FEAT_SIZE	0x0002
#define FTP_FEAT_MDTM	0x0004
#define FTP_FEAT_REST	0x0008		/* REST STREAM */
#define FTP_FEAT_EPSV	0x0010
#define FTP_FEAT_UTF8	0x0020
#define FTP_FEAT_AUTH_TLS 0x0040
#define FTP_FEAT_PBSZ	0x0080
#define FTP_FEAT_PROT	0x0100
#define FTP_FEAT_EPRT	0x0200
#define FTP_FEAT_MFMT	0x0400
#define FTP_FEAT_RANG	0x0800		/* RANG STREAM */
#define FTP_FEAT_XSHA256 0x1000		/* proftpd's mod_digest ... */
#define FTP_FEAT_XSHA1	0x2000
#define FTP_FEAT_XMD5	0x4000

/* The features in a 211 reply's text (the lines between the first and the
 * last).  Pure. */
unsigned ftp_parse_feat(const char *text);
/* The lines of a multi-line text, one a call: the next line's start (its
 * length, without the '\n', in *n), *p moved past it; NULL at the end. */
const char *ftp_text_line(const char **p, size_t *n);

/* The PORT argument "h1,h2,h3,h4,p1,p2" or EPRT "|1|addr|port|" for an
 * address (AF_INET or AF_INET6) and port, into buf. */
struct sockaddr;
int	ftp_format_port(const struct sockaddr *, int extended, char *buf,
	    size_t len);

#endif
