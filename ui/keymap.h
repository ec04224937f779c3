/* ferry: the keys of the file manager, as a table: key, command and a
 * description per key (the help box and the hint line read it). */
#ifndef FERRY_UI_KEYMAP_H
#define FERRY_UI_KEYMAP_H

#include <stddef.h>
#include <wchar.h>

struct app;
struct view;

/* keymap_entry.code: what key is. */
#define KEYMAP_CODE_CHAR	0	/* a character */
#define KEYMAP_CODE_KEY		1	/* a KEY_* code */
#define KEYMAP_CODE_ALT		2	/* Alt and a character */
#define KEYMAP_CODE_ALT_KEY	3	/* Alt and a KEY_* code */

struct keymap_entry {
	int		 code;		/* KEYMAP_CODE_* */
	wint_t		 key;
	const char	*name;		/* "F5", "Up" (not translated) */
	const char	*hint;		/* short, for the hint line, or NULL */
	const char	*desc;		/* for the help box (N_ marked) */
	void		(*fn)(struct app *);
};

/* Run the command bound to a key (code: KEYMAP_CODE_*).  Returns 0 if the
 * key is not bound. */
int	keymap_run(struct app *, int code, wint_t key);
/* The hint line in at most width columns: "F1 Help  F2 Queue ...", or
 * "1Help 2Queue ..." when the function keys do not fit in full (malloc'd;
 * text_hints). */
char	*keymap_hints(int width);
/* A click on column x of that line: runs the key's command; 0 if x is on
 * no hint. */
int	keymap_hint_run(struct app *, int width, int x);
/* The help, built from the table: a view to scroll (malloc'd). */
struct view *keymap_help_view(void);

#endif
