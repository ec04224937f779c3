/* ferry: the command line's "target exists" question (see prompt.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/prompt.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "xfer/evidence.h"

int
prompt_hotkey(const char *label)
{
	const char *amp = strchr(label, '&');

	if (amp == NULL || amp[1] == '\0')
		return (0);
	return (tolower((unsigned char)amp[1]));
}

void
prompt_label(const char *label, char *buf, size_t len)
{
	const char *amp = strchr(label, '&');

	if (amp == NULL || amp[1] == '\0') {
		snprintf(buf, len, "%s", label);
		return;
	}
	/* The hotkey in lower case: a capital letter means "for all". */
	snprintf(buf, len, "%.*s[%c]%s", (int)(amp - label), label,
	    tolower((unsigned char)amp[1]), amp + 2);
}

void
prompt_evidence(FILE *out, const struct msg_question *q)
{
	struct evidence e;
	char *safe = fmt_safe_name(q->target);
	int i;

	fprintf(out, _("%s already exists.\n"), safe);
	free(safe);
	evidence_build(&e, q->source, q->target, &q->facts, &q->plan,
	    q->record);
	for (i = 0; i < e.n; i++)
		fprintf(out, "  %s\n", e.line[i]);
	evidence_free(&e);
}

enum xfer_policy
prompt_ask(FILE *in, FILE *out, const struct msg_question *q, int *all)
{
	char line[64], label[128];
	enum xfer_policy p;
	int key;

	*all = 0;
	prompt_evidence(out, q);
	for (;;) {
		for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
			if (!(q->plan.choices & XFER_CHOICE(p)))
				continue;
			prompt_label(xfer_choice_label(p), label,
			    sizeof label);
			fprintf(out, "%s  ", label);
		}
		fprintf(out, _("(capital letter: for all the rest)? "));
		fflush(out);
		if (fgets(line, sizeof line, in) == NULL)
			return (XFER_CANCEL);
		key = (unsigned char)line[0];
		for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
			if (!(q->plan.choices & XFER_CHOICE(p)) ||
			    prompt_hotkey(xfer_choice_label(p)) !=
			    tolower(key))
				continue;
			*all = isupper(key) != 0;
			return (p);
		}
	}
}
