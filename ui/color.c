/* ferry: colours with a monochrome fallback (see color.h). */
#include "config.h"

#include <stdlib.h>

#include <curses.h>

#include "color.h"

/* Colours are a property of the one terminal curses drives. */
static int color_enabled;

static const struct {
	short	fg;
	attr_t	colour;		/* with the colour pair */
	attr_t	mono;		/* without colours */
} color_roles[COLOR_ROLE_N] = {
	[COLOR_ROLE_DIR] = { COLOR_BLUE, A_BOLD, 0 },
	[COLOR_ROLE_LINK] = { COLOR_CYAN, 0, 0 },
	[COLOR_ROLE_OTHER] = { COLOR_MAGENTA, 0, 0 },
	[COLOR_ROLE_MARKED] = { COLOR_YELLOW, A_BOLD, A_BOLD },
	[COLOR_ROLE_PARTIAL] = { COLOR_MAGENTA, A_BOLD, A_BOLD },
	[COLOR_ROLE_INFO] = { COLOR_CYAN, 0, 0 },
	[COLOR_ROLE_TAG] = { COLOR_GREEN, 0, A_BOLD },
};

void
color_init(void)
{
	const char	*no = getenv("NO_COLOR");
	short		 i;

	color_enabled = 0;
	if ((no != NULL && *no != '\0') || !has_colors() ||
	    start_color() == ERR)
		return;
	/* The terminal's own background and text colour stay. */
	if (use_default_colors() == ERR)
		return;
	for (i = 1; i < COLOR_ROLE_N; i++)
		init_pair(i, color_roles[i].fg, -1);
	color_enabled = 1;
}

int
color_on(void)
{
	return (color_enabled);
}

attr_t
color_attr(enum color_role role)
{
	if (role <= 0 || role >= COLOR_ROLE_N)
		return (0);
	if (!color_enabled)
		return (color_roles[role].mono);
	return (COLOR_PAIR(role) | color_roles[role].colour);
}
