/* ferry: find (Alt-? or F): names under the active pane's location that
 * match a pattern (as the filter: a part, or a glob), all the way down,
 * in a box as they are found; Enter puts the pane on one, F3 views,
 * F5 copies and F8 deletes the marked ones. */
#ifndef FERRY_UI_FOUND_H
#define FERRY_UI_FOUND_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

struct app;
struct msg_ev;

void	app_find(struct app *);		/* the key: asks the pattern */
/* Start finding pattern (the same search in the same place shows its
 * results again). */
void	found_start(struct app *, const char *pattern);
/* An event of the find: 1 if it was (taken), else 0. */
int	found_event(struct app *, struct msg_ev *);
void	found_key(struct app *, int code, wint_t key);
void	found_draw(struct app *);
void	found_clear(struct app *);
/* A delete or a move was sent for each of the n entries names names
 * (relative, as in the list of generation gen), job[k] for names[k] (0:
 * none was sent): they are awaited, if the list is still that one. */
void	found_sent(struct app *, char *const *names, size_t n, unsigned gen,
	    const uint64_t *job);
void	found_names_free(char **names, size_t n);
/* Job ended with status: the entry it was sent for leaves the list if
 * it succeeded (deleted, or moved if moved), else it stays. */
void	found_op_ended(struct app *, uint64_t job, int status, int moved);
/* F6's line in the find box ended with text, the directory. */
void	found_move_done(struct app *, const char *text);

#endif
