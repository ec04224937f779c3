/* ferry: the welcome box: a text file shown once when the file manager
 * starts, named by the environment variable FERRY_WELCOME (the demo,
 * tests/demo/sandbox, explains itself there).  Its lines are made safe to
 * draw; a key that has nothing to scroll closes the box. */
#ifndef FERRY_UI_WELCOME_H
#define FERRY_UI_WELCOME_H

#include <stddef.h>

struct view;

#define WELCOME_MAX	(64 * 1024)	/* bytes of text at most */

/* The text of the file at path as a new box in *v (the caller frees it
 * with view_free).  path NULL or empty, or an empty file: 0 and *v NULL.
 * Otherwise 0, or a negative FERR_* with *cause (malloc'd, translated,
 * safe to draw) when the file cannot be read, is larger than WELCOME_MAX
 * or holds a NUL byte. */
int	welcome_open(const char *path, struct view **v, char **cause);
/* One line of len bytes (no '\n') made safe to draw: a final '\r'
 * dropped, tabs expanded to the next multiple of 8 columns, control
 * characters and invalid bytes escaped (fmt_safe_text).  malloc'd. */
char	*welcome_line(const char *line, size_t len);

#endif
