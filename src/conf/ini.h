/* ferry: the INI-like text of the sites and queue files.
 *
 *   # a comment (also "; ..."), on a line of its own
 *   [section name]
 *   key = value
 *
 * Blanks (spaces, tabs) around a line, around the '=' and around the name
 * inside the brackets do not count; a CR before the newline is ignored.
 * The section name is what stands between the first '[' and the last ']'
 * of the line, so it may hold brackets; a value is everything after the
 * first '=', so it may hold '=', '#', ';' and brackets.  Keys are ASCII
 * letters, digits, '_' and '-'.
 *
 * Names and values are written with backslash escapes for what the lines
 * could not otherwise carry: "\\" a backslash, "\xNN" any byte (control
 * bytes, DEL, a blank at either end), and "\n", "\t", "\r" are read too.
 * A NUL byte anywhere makes the text invalid.
 */
#ifndef FERRY_CONF_INI_H
#define FERRY_CONF_INI_H

#include <stddef.h>

enum ini_kind {
	INI_SECTION,	/* "[name]": name set, value NULL */
	INI_PAIR,	/* "key = value": name is the key */
	INI_END,	/* the end of the text: name and value NULL */
};

struct ini_line {
	enum ini_kind	 kind;
	unsigned long	 number;	/* 1 for the first line */
	char		*name;		/* unescaped; owned by the parser */
	char		*value;
};

/*
 * Call fn for each section and pair of text (len bytes, comments and blank
 * lines skipped), in order.  A line longer than line_max, a NUL byte, a bad
 * escape or a line that is neither a section nor a pair stops the parse
 * with FERR_USAGE and "WHAT line N: reason" in *cause (what names the file
 * for the user).  A non-zero return of fn stops it too, with fn's code and
 * fn's *cause prefixed the same way; fn may set the line's number to an
 * earlier line's to name that one (a section found incomplete at the next
 * section).  At the end of the text fn is called once more with kind
 * INI_END and the number of the last line.  The line given to fn and its
 * strings live only for the call.
 */
int	ini_parse(const char *text, size_t len, size_t line_max,
	    const char *what,
	    int (*fn)(struct ini_line *, void *arg, char **cause),
	    void *arg, char **cause);

/* Text being written (grown as needed; free p). */
struct ini_buf {
	char	*p;
	size_t	 len;
	size_t	 size;
};

void	ini_add(struct ini_buf *, const char *text);
/* "[name]\n" with name escaped (a blank line first unless at the start). */
void	ini_add_section(struct ini_buf *, const char *name);
/* "key = value\n" with value escaped. */
void	ini_add_pair(struct ini_buf *, const char *key, const char *value);

#endif
