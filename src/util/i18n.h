/* ferry: gettext glue. */
#ifndef FERRY_I18N_H
#define FERRY_I18N_H

#include "config.h"

#if ENABLE_NLS
#include <libintl.h>
#define _(s)	gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
#else
#define _(s)	(s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s)	(s)

#endif
