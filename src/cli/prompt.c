/* ferry: the command line's "target exists" question (see prompt.h). */
#include "config.h"

#include <ctype.h>
#include <termios.h>
#include <wchar.h>
#include <wctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/prompt.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "xfer/choice.h"
#include "xfer/evidence.h"

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

/* The first character of an answer, 0 if none or not valid text. */
static wint_t
prompt_first_char(const char *line)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;

	memset(&st, 0, sizeof st);
	k = mbrtowc(&wc, line, strlen(line), &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		return (0);
	return ((wint_t)wc);
}

/*
 * The name to rename to: typed, or Enter for the suggestion (*name NULL).
 * Returns 0, or -1 at the end of input.
 */
static int
prompt_name(FILE *in, FILE *out, const struct msg_question *q, char **name)
{
	char *line = NULL, *safe;
	size_t cap = 0;

	*name = NULL;
	safe = fmt_safe_name(q->suggest != NULL ? q->suggest : "");
	/* TRANSLATORS: the name suggested for Rename is in brackets. */
	fprintf(out, _("Rename to (Enter: %s)? "), safe);
	fflush(out);
	free(safe);
	if (getline(&line, &cap, in) < 0) {
		free(line);
		return (-1);
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (*line != '\0')
		*name = line;
	else
		free(line);
	return (0);
}

enum xfer_policy
prompt_ask(FILE *in, FILE *out, const struct msg_question *q, int *all,
    char **name)
{
	char line[64], label[128];
	enum xfer_policy p;
	wint_t key;

	*all = 0;
	*name = NULL;
	prompt_evidence(out, q);
	for (;;) {
		for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
			if (!(q->plan.choices & XFER_CHOICE(p)))
				continue;
			choice_label_bracketed(choice_label(p), label,
			    sizeof label);
			fprintf(out, "%s  ", label);
		}
		fprintf(out, _("(capital letter: for all the rest)? "));
		fflush(out);
		if (fgets(line, sizeof line, in) == NULL)
			return (XFER_CANCEL);
		if ((key = prompt_first_char(line)) == 0)
			continue;
		for (p = XFER_RESUME; p < XFER_POLICY_COUNT; p++) {
			if (!(q->plan.choices & XFER_CHOICE(p)) ||
			    choice_hotkey(p) != towlower(key))
				continue;
			*all = iswupper(key) != 0;
			if (p == XFER_RENAME && prompt_name(in, out, q,
			    name) != 0)
				return (XFER_CANCEL);
			return (p);
		}
	}
}

char *
prompt_secret(FILE *in, FILE *out, const char *prompt, int echo)
{
	struct termios old, quiet;
	char *line = NULL, *safe;
	size_t cap = 0;
	ssize_t n;
	int fd = fileno(in), restore = 0;

	safe = fmt_safe_name(prompt);
	fputs(safe, out);
	fflush(out);
	free(safe);
	if (!echo && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	n = getline(&line, &cap, in);
	if (restore) {
		tcsetattr(fd, TCSAFLUSH, &old);
		fputc('\n', out);
	}
	if (n < 0) {
		if (line != NULL)
			explicit_bzero(line, cap);
		free(line);
		return (NULL);
	}
	line[strcspn(line, "\r\n")] = '\0';
	return (line);
}

char *
prompt_secret_tty(const char *prompt, int echo)
{
	FILE *tty;
	char *line;

	/* The controlling terminal, as ssh and sudo read passwords: not
	 * standard input, which may be a pipe of data. */
	if ((tty = fopen("/dev/tty", "r+e")) == NULL)
		return (prompt_secret(stdin, stderr, prompt, echo));
	line = prompt_secret(tty, tty, prompt, echo);
	fclose(tty);
	return (line);
}
