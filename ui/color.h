/* ferry: colours of the file manager, with a monochrome fallback.
 *
 * color_init, once curses runs, starts colours unless the terminal has
 * none or NO_COLOR is set to anything but "" (https://no-color.org); then
 * every role gets attributes only (bold, or nothing), so the screen reads
 * the same without colour. */
#ifndef FERRY_UI_COLOR_H
#define FERRY_UI_COLOR_H

#include <curses.h>

enum color_role {
	COLOR_ROLE_DIR = 1,	/* a directory's name */
	COLOR_ROLE_LINK,	/* a symbolic link's name */
	COLOR_ROLE_OTHER,	/* devices, fifos, sockets, broken links */
	COLOR_ROLE_MARKED,	/* a marked row */
	COLOR_ROLE_PARTIAL,	/* the partial-copy mark */
	COLOR_ROLE_INFO,	/* the info line */
	COLOR_ROLE_TAG,		/* the sort and filter shown in a pane */
	COLOR_ROLE_N
};

void	color_init(void);
/* 1 if colours are on. */
int	color_on(void);
/* The attributes of a role: a colour pair (and bold), or the monochrome
 * fallback. */
attr_t	color_attr(enum color_role);

#endif
