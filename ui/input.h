/* ferry: a one-line editor in a box: names for rename and mkdir, a mode
 * for chmod, a location for "go to", a filter.  Left, Right, Home, End,
 * Backspace, Delete, Ctrl-U (clear), Ctrl-W (word), Up/Down (history),
 * Tab (completion, when the owner gives a function). */
#ifndef FERRY_UI_INPUT_H
#define FERRY_UI_INPUT_H

#include <stddef.h>
#include <wchar.h>

enum input_result {
	INPUT_EDITING = 0,
	INPUT_DONE,		/* Enter */
	INPUT_CANCEL,		/* Esc */
};

/* Completion: the text so far -> a replacement (malloc'd) or NULL. */
typedef char *(*input_complete_fn)(void *arg, const char *text);

struct input {
	char		*title;
	char		*label;
	wchar_t		*buf;
	size_t		 len, cap, pos;
	int		 kind;		/* the owner's */
	char		**history;	/* not owned: newest first */
	size_t		 nhistory;
	size_t		 hpos;		/* 0: the line being typed */
	input_complete_fn complete;
	void		*arg;
	int		 changed;	/* the text changed at the last key */
	int		 secret;	/* shown as stars; wiped when freed */
};

struct input *input_new(int kind, const char *title, const char *label,
	    const char *text);
void	input_free(struct input *);
/* The text as UTF-8 (malloc'd). */
char	*input_text(const struct input *);
void	input_set(struct input *, const char *text);
enum input_result input_key(struct input *, int code, wint_t key);
/* A box in the middle of the screen; bottom != 0: on the last line. */
void	input_draw(const struct input *, int bottom);

#endif
