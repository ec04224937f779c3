/* ferry: finding names in a pane, with inputs on the bottom line: quick
 * search (Ctrl-S), the filter (/), the sort menu (s), marks by a pattern
 * (+, -, and * to invert); and hidden names (.).  The order itself is the
 * pane's (pane_set_sort, pane_set_filter, pane_search), the marks too
 * (pane_mark_group); this file only routes keys. */
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
/* +, -: mark or unmark the files of the active pane whose names match a
 * pattern asked on the bottom line (none: all files; end it with '/' for
 * directories: order_group_match); *: invert the marks of its files. */
void	find_mark(struct app *);
void	find_unmark(struct app *);
void	find_invert(struct app *);
/* =: compare the panes: each marks its files (and directories) that the
 * other lacks, or that differ (compare_entry), so that F5 copies them. */
void	find_compare(struct app *);
/* Enter in the + or - input: 1 if kind was one of them (then done). */
int	find_input_done(struct app *, int kind, const char *text);
/* A key while an input of this file's kinds is open: 1 if it was one (the
 * key is then handled), 0 to let the usual input have it. */
int	find_input_key(struct app *, int code, wint_t key);
/* 1 if an input of this kind is drawn on the bottom line. */
int	find_input_bottom(int kind);

#endif
