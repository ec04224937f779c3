/* ferry: allocation that never returns NULL (it aborts on exhaustion, as
 * OpenSSH and tmux do: there is no sane recovery in a file manager). */
#ifndef FERRY_XMALLOC_H
#define FERRY_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
