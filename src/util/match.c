/* ferry: names matched (see match.h). */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "util/match.h"
#include "util/xmalloc.h"

/* s in lower case as wide characters (malloc'd); a byte that does not
 * convert becomes a character no text holds (U+DC00 + byte), so it only
 * matches itself. */
static wchar_t *
match_fold(const char *s)
{
	size_t		 len = strlen(s), n = 0, k;
	wchar_t		*ws = xcalloc(len + 1, sizeof *ws);
	mbstate_t	 st;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		k = mbrtowc(&ws[n], s, strlen(s), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			ws[n] = (wchar_t)(0xdc00 + (unsigned char)*s);
			k = 1;
		} else
			ws[n] = (wchar_t)towlower((wint_t)ws[n]);
		n++;
		s += k;
	}
	ws[n] = L'\0';
	return (ws);
}

int
match_search(const char *name, const char *text)
{
	wchar_t	*wn, *wt;
	int	 r = 0;

	if (*text == '\0')
		return (2);
	wn = match_fold(name);
	wt = match_fold(text);
	if (wcsncmp(wn, wt, wcslen(wt)) == 0)
		r = 2;
	else if (wcsstr(wn, wt) != NULL)
		r = 1;
	free(wn);
	free(wt);
	return (r);
}

int
match_filter(const char *name, const char *filter)
{
	if (filter == NULL || *filter == '\0')
		return (1);
	if (strpbrk(filter, "*?[") != NULL)
		return (fnmatch(filter, name, FNM_CASEFOLD) == 0);
	return (match_search(name, filter) != 0);
}
