/* ferry: setting modification times over FTP, as pure functions: the
 * time argument of MFMT and SITE UTIME, the time an MFMT reply says was
 * set, and whether FEAT offers SITE UTIME.  (Reading times: MDTM and the
 * MLST "modify" fact go through ftp_parse_time in reply.h.) */
#ifndef FERRY_FTP_FTPTIME_H
#define FERRY_FTP_FTPTIME_H

#include <stddef.h>
#include <stdint.h>

/* "YYYYMMDDHHMMSS", UTC, into buf (at least 15 bytes).  0, or
 * FERR_UNSUPPORTED for a time outside the years 1000 to 9999. */
int	ftp_time_format(int64_t t, char *buf, size_t len);
/* The text of an MFMT reply, "Modify=YYYYMMDDHHMMSS; name" (RFC draft
 * draft-somers-ftp-mfxx): the time set.  0 or FERR_IO. */
int	ftp_mfmt_parse(const char *text, int64_t *t);
/* 1 if a FEAT reply's text offers SITE UTIME ("SITE UTIME", or a SITE
 * line listing it: "SITE CHMOD;UTIME"), else 0. */
int	ftp_feat_site_utime(const char *text);

#endif
