/* ferry: formatting and parsing of numbers, times and untrusted names.
 * Pure functions; tested in tests/unit/test_fmt.c. */
#ifndef FERRY_FMT_H
#define FERRY_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "0 B", "1023 B", "1.0 KiB", "431.2 MiB", "2.1 GiB" (binary units, one
 * decimal from KiB up). */
void	fmt_size(uint64_t bytes, char *buf, size_t len);
/* Exact byte count with the locale's digit grouping ("2,254,857,216" in
 * en_US, "2254857216" in C). */
void	fmt_bytes(uint64_t bytes, char *buf, size_t len);
/* Permission bits as ls writes them: "rwxr-x---", with s/S for set-user
 * and set-group id, t/T for the sticky bit ("" if len < 10). */
void	fmt_mode(uint32_t mode, char *buf, size_t len);
/* ISO 8601 UTC: "2026-10-29T14:02:11Z"; "-" if t is ENV_TIME_UNKNOWN. */
void	fmt_time_iso(int64_t t, char *buf, size_t len);
/* "0:03", "12:34", "1:02:03"; "-:--" if secs < 0. */
void	fmt_duration(int64_t secs, char *buf, size_t len);
/* Parse "1048576", "64k", "64K", "10M", "1G", "2KiB" (powers of 1024).
 * 0 or -1 (FERR_USAGE) if not a valid size or it overflows. */
int	fmt_parse_size(const char *s, uint64_t *out);
/* The value of a hexadecimal digit (either case), or -1. */
int	fmt_hex_digit(int c);
/* A name from a server or the disk made safe for a terminal: printable
 * UTF-8 kept, control characters, DEL, C1 controls and invalid bytes
 * written as "\xNN", and a backslash as "\\".  Returns malloc'd text. */
char	*fmt_safe_name(const char *name);
/* The same for a message that holds names already made safe: control
 * characters and invalid bytes escaped as there, but a backslash left as
 * it is (a name "a\b", made safe as "a\\b", is not shown as
 * "a\\\\b").  malloc'd. */
char	*fmt_safe_text(const char *text);

#endif
