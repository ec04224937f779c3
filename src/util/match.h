/* ferry: names matched as the file manager's filter, quick search and
 * find match them (ui/order.c, ui/find.c; src/worker/fileops.c finds
 * names on a server with it). */
#ifndef FERRY_UTIL_MATCH_H
#define FERRY_UTIL_MATCH_H

/* The filter: a glob over the whole name when it holds '*', '?' or '[',
 * else a part of the name; both ignore case. */
int	match_filter(const char *name, const char *filter);
/* Quick search: 2 if name starts with text, 1 if it holds it, else 0;
 * case ignored. */
int	match_search(const char *name, const char *text);

#endif
