/* ferry: finding names in a pane, with inputs on the bottom line: quick
 * search (Ctrl-S), the filter (/), the sort menu (s); and hidden names
 * (.).  The order itself is the pane's (pane_set_sort, pane_set_filter,
 * pane_search); this file only routes keys. */
#ifndef FERRY_UI_FIND_H
#define FERRY_UI_FIND_H

#include <wchar.h>

struct app;

/* Ctrl-S: typed letters move the cursor to the first name that starts
 * with them (else holds them), case ignored; Ctrl-S again to the next;
 * Enter or Esc leave, and so does any other key, which then acts as a
 * command (a movement, F5...). */
void	find_search(struct app *);
/* /: the active pane shows only the names that match as one types;
 * Enter keeps the filter (the cursor on the first match), Esc clears
 * it. */
void	find_filter(struct app *);
/* s: "sort by" on the bottom line, n name, e extension, s size, t time,
 * r reverse. */
void	find_sort(struct app *);
/* .: hide or show names starting with '.' in the active pane. */
void	find_hidden(struct app *);
/* A key while an input of this file's kinds is open: 1 if it was one (the
 * key is then handled), 0 to let the usual input have it. */
int	find_input_key(struct app *, int code, wint_t key);
/* 1 if an input of this kind is drawn on the bottom line. */
int	find_input_bottom(int kind);

#endif
