/* ferry: the one-shot commands (see cli.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/prompt.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"

static volatile sig_atomic_t cli_interrupted;

/* What the event loop needs. */
struct cli {
	struct cli_args	*args;
	struct worker	*w;
	int		 progress;	/* draw the progress line */
	int		 line_shown;	/* a progress line is on screen */
	int		 status;	/* exit status once done */
	int		 done;
};

static void
cli_on_signal(int sig)
{
	cli_interrupted = sig;
}

static void
cli_clear_line(struct cli *c)
{
	if (c->line_shown) {
		fputs("\r\033[K", stderr);
		c->line_shown = 0;
	}
}

static void
cli_error(struct cli *c, const char *text)
{
	char *safe = fmt_safe_text(text);

	cli_clear_line(c);
	fprintf(stderr, "ferry: %s\n", safe);
	free(safe);
}

static void
cli_show_progress(struct cli *c, const struct xfer_progress *p)
{
	char done[32], total[32], rate[32], eta[32], *name;
	int pct = p->total ? (int)(100.0 * p->done / p->total) : 0;

	if (!c->progress)
		return;
	fmt_size(p->done, done, sizeof done);
	fmt_size(p->total, total, sizeof total);
	fmt_size((uint64_t)p->rate, rate, sizeof rate);
	fmt_duration(p->eta, eta, sizeof eta);
	name = fmt_safe_name(path_basename(p->target));
	fprintf(stderr, "\r\033[K%.40s  %3d%%  %s / %s  %s/s  %s", name, pct,
	    done, total, rate, eta);
	fflush(stderr);
	free(name);
	c->line_shown = 1;
}

static void
cli_print_list(const struct vfs_list *l)
{
	static const char types[] = { [VFS_NONE] = '-', [VFS_FILE] = 'f',
	    [VFS_DIR] = 'd', [VFS_LINK] = 'l', [VFS_OTHER] = 'o' };
	char when[64], *safe, type;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct vfs_stat *st = &l->v[i].st;

		fmt_time_iso(st->mtime, when, sizeof when);
		safe = fmt_safe_name(l->v[i].name);
		type = st->is_link ? 'l' : types[st->type];
		if (st->size_known)
			printf("%c %" PRIu64 " %s %s\n", type, st->size, when,
			    safe);
		else
			printf("%c - %s %s\n", type, when, safe);
		free(safe);
	}
	fflush(stdout);
}

static void
cli_answer(struct cli *c, const struct msg_ev *ev)
{
	struct msg_cmd *m = msg_cmd_new(MC_ANSWER);

	cli_clear_line(c);
	m->id = ev->id;
	switch (ev->q.kind) {
	case MQ_EXISTS:
		m->answer = prompt_ask(stdin, stderr, &ev->q, &m->all,
		    &m->text);
		break;
	case MQ_SECRET:
		m->text = prompt_secret_tty(ev->q.prompt,
		    ev->q.echo);
		break;
	case MQ_TRUST:		/* not asked on the command line */
		m->trust = VFS_TRUST_NO;
		break;
	}
	worker_send(c->w, m);
}

static void
cli_event(struct cli *c, struct msg_ev *ev)
{
	switch (ev->type) {
	case ME_PROGRESS:
		cli_show_progress(c, &ev->progress);
		break;
	case ME_NOTICE:
		if (!ev->info || c->args->verbose)
			cli_error(c, ev->text);
		break;
	case ME_QUESTION:
		cli_answer(c, ev);
		break;
	case ME_LISTING:	/* never asked for here (MC_LIST.partial) */
		break;
	case ME_LISTED:
		if (ev->status == 0)
			cli_print_list(&ev->list);
		/* FALLTHROUGH */
	case ME_DONE:
		cli_clear_line(c);
		if (ev->status != 0 && ev->text != NULL)
			cli_error(c, ev->text);
		c->status = ferr_exit_status(ev->status);
		c->done = 1;
		break;
	}
}

/* Wait for events until the job is done; Ctrl-C stops the job. */
static void
cli_loop(struct cli *c)
{
	struct pollfd pfd = { .fd = worker_fd(c->w), .events = POLLIN };
	struct msg_ev *ev;
	int asked = 0;

	while (!c->done) {
		if (cli_interrupted && !asked) {
			worker_cancel(c->w);
			asked = 1;
		}
		if (poll(&pfd, 1, 250) == -1 && errno != EINTR)
			break;
		while (!c->done && (ev = worker_next(c->w)) != NULL) {
			cli_event(c, ev);
			msg_ev_free(ev);
		}
	}
}

static int
cli_is_local(const char *loc)
{
	return (!url_is_url(loc) || strncmp(loc, "file:", 5) == 0);
}

static struct msg_cmd *
cli_command(struct cli_args *a, char **cause)
{
	struct msg_cmd *m;

	switch (a->cmd) {
	case CLI_LS:
		m = msg_cmd_new(MC_LIST);
		m->src = xstrdup(a->operand[0]);
		return (m);
	case CLI_MKDIR:
		m = msg_cmd_new(MC_MKDIR);
		m->src = xstrdup(a->operand[0]);
		return (m);
	case CLI_RM:
		m = msg_cmd_new(MC_DELETE);
		m->src = xstrdup(a->operand[0]);
		m->mode = a->opts.recursive ? 0 : MC_FILE_ONLY;
		return (m);
	case CLI_MV:
		m = msg_cmd_new(MC_RENAME);
		m->src = xstrdup(a->operand[0]);
		m->dst = xstrdup(a->operand[1]);
		return (m);
	default:
		break;
	}
	if (a->cmd == CLI_GET && a->operand[1] != NULL &&
	    !cli_is_local(a->operand[1])) {
		ferr_set(cause, FERR_USAGE, _("get: the target must be local "
		    "(use put to send files)"));
		return (NULL);
	}
	if (a->cmd == CLI_PUT && !cli_is_local(a->operand[0])) {
		ferr_set(cause, FERR_USAGE, _("put: the source must be local "
		    "(use get to fetch files)"));
		return (NULL);
	}
	m = msg_cmd_new(MC_COPY);
	m->src = xstrdup(a->operand[0]);
	m->dst = xstrdup(a->operand[1] != NULL ? a->operand[1] : ".");
	m->opts = a->opts;
	m->opts.record_dir = record_dir();
	m->interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	return (m);
}

void
cli_worker_conf(const struct cli_args *a, struct worker_conf *conf)
{
	memset(conf, 0, sizeof *conf);
	conf->env = vfs_env_default;
	conf->env.password_file = a->password_file;
	conf->env.cacert = a->cacert;
	conf->env.known_hosts = a->known_hosts;
	conf->env.identity = a->identity;
	conf->env.accept_new_host_key = a->accept_new_host_key;
	conf->env.ftp_active = a->active;
	conf->env.connect_timeout = a->timeout;
	conf->env.idle_timeout = a->timeout;
	conf->env.verbose = a->verbose;
}

int
cli_run(struct cli_args *a)
{
	struct cli c = { .args = a, .status = 4 };
	struct worker_conf conf;
	struct sigaction sa;
	struct msg_cmd *m;
	char *cause = NULL;

	if ((m = cli_command(a, &cause)) == NULL)
		goto fail;
	cli_worker_conf(a, &conf);
	/* Passwords are asked for on a terminal; unknown certificates and
	 * host keys are refused here (see --cacert, --accept-new-host-key). */
	conf.ask_secret = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	if (worker_start(&c.w, &conf, &cause) != 0) {
		msg_cmd_free(m);
		goto fail;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	c.progress = !a->quiet && isatty(STDERR_FILENO);
	worker_send(c.w, m);
	cli_loop(&c);
	worker_stop(c.w);
	return (c.status);
fail:
	cli_error(&c, cause);
	free(cause);
	return (1);
}
