/* ferry: the labels of the answers both front ends offer (see choice.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "util/i18n.h"
#include "xfer/choice.h"

const char *
choice_label(enum xfer_policy p)
{
	switch (p) {
	case XFER_RESUME:
		return (_("&Resume"));
	case XFER_OVERWRITE:
		return (_("&Overwrite"));
	case XFER_SKIP:
		return (_("&Skip"));
	case XFER_RENAME:
		return (_("Re&name"));
	case XFER_NEWER:
		return (_("Overwrite if ne&wer"));
	case XFER_SIZE_DIFFERS:
		return (_("Overwrite if si&ze differs"));
	case XFER_CANCEL:
		return (_("&Cancel"));
	default:
		return ("?");
	}
}

wint_t
choice_hotkey(enum xfer_policy p)
{
	return (choice_label_hotkey(choice_label(p)));
}

wint_t
choice_label_hotkey(const char *label)
{
	const char *amp = strchr(label, '&');
	mbstate_t st;
	wchar_t wc;
	size_t k;

	if (amp == NULL || amp[1] == '\0')
		return (0);
	memset(&st, 0, sizeof st);
	k = mbrtowc(&wc, amp + 1, strlen(amp + 1), &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		return ((unsigned char)amp[1]);
	return (towlower((wint_t)wc));
}

void
choice_label_split(const char *label, size_t *before, size_t *key)
{
	const char *amp = strchr(label, '&');
	int n;

	*before = strlen(label);
	*key = 0;
	if (amp == NULL || amp[1] == '\0')
		return;
	n = mblen(amp + 1, MB_CUR_MAX);
	*before = (size_t)(amp - label);
	*key = n < 1 ? 1 : (size_t)n;
}

void
choice_label_bracketed(const char *label, char *buf, size_t len)
{
	size_t before, key;

	choice_label_split(label, &before, &key);
	if (key == 0) {
		snprintf(buf, len, "%s", label);
		return;
	}
	/* The hotkey in lower case (a capital letter means "for all");
	 * a letter that is not ASCII is shown as it is. */
	if (key == 1)
		snprintf(buf, len, "%.*s[%c]%s", (int)before, label,
		    tolower((unsigned char)label[before + 1]),
		    label + before + 2);
	else
		snprintf(buf, len, "%.*s[%.*s]%s", (int)before, label,
		    (int)key, label + before + 1, label + before + 1 + key);
}
