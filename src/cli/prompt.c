/* ferry: the command line's "target exists" question (see prompt.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/prompt.h"
#include "util/fmt.h"
#include "util/i18n.h"

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
	snprintf(buf, len, "%.*s[%c]%s", (int)(amp - label), label, amp[1],
	    amp + 2);
}

static void
prompt_side(FILE *out, const char *what, const char *where,
    const struct xfer_side *s)
{
	char size[64], when[64], *safe = fmt_safe_name(where);

	if (s->size_known)
		fmt_bytes(s->size, size, sizeof size);
	else
		snprintf(size, sizeof size, "?");
	fmt_time_iso(s->mtime, when, sizeof when);
	/* TRANSLATORS: "source" or "target", the location, the size in
	   bytes, the modification time. */
	fprintf(out, _("  %-7s %s\n          %s bytes, modified %s\n"), what,
	    safe, size, when);
	free(safe);
}

void
prompt_evidence(FILE *out, const struct msg_question *q)
{
	const struct xfer_facts *f = &q->facts;
	char *safe = fmt_safe_name(q->target);

	fprintf(out, _("%s already exists.\n"), safe);
	free(safe);
	prompt_side(out, _("source"), q->source, &f->src);
	prompt_side(out, _("target"), q->target, &f->dst);
	if (q->plan.partial && f->src.size > 0) {
		fprintf(out, _("  it looks partial (%.1f %%)"),
		    100.0 * (double)f->dst.size / (double)f->src.size);
	} else if (f->src.size_known && f->dst.size == f->src.size)
		fprintf(out, _("  same size: complete, or changed"));
	else if (q->plan.reason != XR_NONE)
		fprintf(out, "  %s", xfer_reason_text(q->plan.reason));
	else
		fprintf(out, _("  it is not a partial copy"));
	if (q->record > 0)
		fprintf(out, _("; resume record: same source size and time"));
	else if (q->record < 0)
		fprintf(out, _("; resume record: the source changed since"));
	fputc('\n', out);
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
