/* ferry: the one-shot commands (see cli.h). */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
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
#include "util/path.h"
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
	/* An answer "for all the rest" given at a prompt: the copies of
	 * the sources after this one take it too. */
	enum xfer_policy sticky;
	char		*last_error;	/* the last failure said, and how */
	int		 repeated;	/* many times it came again since */
	/* A glob's directory listed: its entries are kept, not printed. */
	int		 collect;
	struct vfs_list	 listed;
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

/* Say how many times the last failure came again, if it did. */
static void
cli_repeated(struct cli *c)
{
	char *msg;

	if (c->repeated == 0)
		return;
	msg = xasprintf(P_("(the same once more)", "(the same %d more "
	    "times)", (unsigned long)c->repeated), c->repeated);
	cli_error(c, msg);
	free(msg);
	c->repeated = 0;
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
		if (m->all && m->answer != XFER_CANCEL)
			c->sticky = m->answer;
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
		if (ev->status == 0 && c->collect) {
			c->listed = ev->list;	/* taken */
			memset(&ev->list, 0, sizeof ev->list);
		} else if (ev->status == 0)
			cli_print_list(&ev->list);
		/* FALLTHROUGH */
	case ME_DONE:
		cli_clear_line(c);
		/* the same failure for source after source (a target
		 * directory that is not there) is said once, then counted */
		if (ev->status != 0 && ev->text != NULL && c->last_error !=
		    NULL && strcmp(ev->text, c->last_error) == 0)
			c->repeated++;
		else if (ev->status != 0 && ev->text != NULL) {
			cli_repeated(c);
			cli_error(c, ev->text);
			free(c->last_error);
			c->last_error = xstrdup(ev->text);
		}
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

	c->done = 0;
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

/* A copy (or a move between servers) as get and put make it: the
 * command line's options with policy, the records, and questions when
 * there is a terminal to ask on. */
static struct msg_cmd *
cli_copy_cmd(enum msg_cmd_type type, const struct cli_args *a,
    enum xfer_policy policy)
{
	struct msg_cmd *m = msg_cmd_new(type);

	m->opts = a->opts;
	if (policy != XFER_ASK)
		m->opts.policy = policy;
	m->opts.record_dir = record_dir();
	m->interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	return (m);
}

static struct msg_cmd *
cli_command(struct cli_args *a)
{
	struct msg_cmd *m = NULL;

	switch (a->cmd) {
	case CLI_LS:
		m = msg_cmd_new(MC_LIST);
		m->src = xstrdup(a->operand[0]);
		break;
	case CLI_MKDIR:
		m = msg_cmd_new(MC_MKDIR);
		m->src = xstrdup(a->operand[0]);
		break;
	case CLI_RM:
		m = msg_cmd_new(MC_DELETE);
		m->src = xstrdup(a->operand[0]);
		m->mode = a->opts.recursive ? 0 : MC_FILE_ONLY;
		break;
	case CLI_MV:
		/* across servers: copied, then deleted once all of it
		 * arrived (F6's MC_MOVE) */
		if (url_same_server(a->operand[0], a->operand[1]))
			m = msg_cmd_new(MC_RENAME);
		else
			m = cli_copy_cmd(MC_MOVE, a, XFER_ASK);
		m->src = xstrdup(a->operand[0]);
		m->dst = xstrdup(a->operand[1]);
		break;
	case CLI_CHMOD:
		m = msg_cmd_new(MC_CHMOD);
		m->src = xstrdup(a->operand[1]);
		m->mode = (uint32_t)a->mode;
		break;
	default:
		break;
	}
	return (m);
}

/* Run one command through the worker; its exit status. */
static int
cli_job(struct cli *c, struct msg_cmd *m)
{
	c->status = 4;
	worker_send(c->w, m);
	cli_loop(c);
	return (c->status);
}

/* The glob characters of a shell pattern. */
static int
cli_has_glob(const char *s)
{
	return (strpbrk(s, "*?[") != NULL);
}

/* The directory of src, whose last name is a pattern, listed into
 * c->listed (*dir and *pattern malloc'd); an exit status. */
static int
cli_list_parent(struct cli *c, const char *src, char **dir, char **pattern)
{
	struct msg_cmd *m;
	int rc;

	if ((*dir = url_parent(src)) == NULL)
		*dir = xstrdup(".");
	*pattern = url_last_name(src);
	m = msg_cmd_new(MC_LIST);
	m->src = xstrdup(*dir);
	c->collect = 1;
	rc = cli_job(c, m);
	c->collect = 0;
	return (rc);
}

/* Whether c->listed holds name itself (then it is no pattern). */
static int
cli_listed_has(const struct cli *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->listed.n; i++)
		if (strcmp(c->listed.v[i].name, name) == 0)
			return (1);
	return (0);
}

/* "SRC: nothing matches"; the exit status it makes. */
static int
cli_no_match(struct cli *c, const char *src)
{
	char *safe = fmt_safe_name(src), *msg;

	msg = xasprintf(_("%s: nothing matches"), safe);
	cli_error(c, msg);
	free(msg);
	free(safe);
	return (ferr_exit_status(FERR_NOENT));
}

/*
 * A source whose last name is a pattern (*, ?, [...]), as sftp's get and
 * lftp's mget take it: its directory is listed and the names that match
 * (fnmatch, a leading dot only by a dot, as a shell does) are added to
 * *out in order.  A name that is the pattern itself is taken as it is.
 * Names from the server are data: one that is not safe as a file name
 * is left out and said.  Returns an exit status (0: some matched).
 */
static int
cli_expand(struct cli *c, const char *src, char ***out, size_t *n)
{
	const struct vfs_entry *e;
	char *dir, *pattern, *safe, *msg;
	size_t i, found = 0;
	int rc, literal;

	rc = cli_list_parent(c, src, &dir, &pattern);
	if ((literal = rc == 0 && cli_listed_has(c, pattern))) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup(src);
		found = 1;
	}
	for (i = 0; rc == 0 && !literal && i < c->listed.n; i++) {
		e = &c->listed.v[i];
		if (fnmatch(pattern, e->name, FNM_PERIOD) != 0)
			continue;
		if (!path_name_is_safe(e->name)) {
			safe = fmt_safe_name(e->name);
			msg = xasprintf(_("%s: a name in the listing that is "
			    "not safe as a file name: left out"), safe);
			cli_error(c, msg);
			free(msg);
			free(safe);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = url_child(dir, e->name);
		found++;
	}
	vfs_list_free(&c->listed);
	if (rc == 0 && found == 0)
		rc = cli_no_match(c, src);
	free(dir);
	free(pattern);
	return (rc);
}

/* ls: a location whose last name is a pattern lists the entries of its
 * directory that match (unless it names one itself). */
static int
cli_ls(struct cli *c)
{
	const char *loc = c->args->operand[0];
	struct vfs_list keep = { NULL, 0 };
	char *dir, *pattern;
	size_t i;
	int rc, literal = 0;

	if (!cli_has_glob(path_basename(loc)))
		return (cli_job(c, cli_command(c->args)));
	if ((rc = cli_list_parent(c, loc, &dir, &pattern)) == 0 &&
	    cli_listed_has(c, pattern)) {
		vfs_list_free(&c->listed);
		literal = 1;
		rc = cli_job(c, cli_command(c->args));
	}
	for (i = 0; rc == 0 && i < c->listed.n; i++)
		if (fnmatch(pattern, c->listed.v[i].name, FNM_PERIOD) == 0)
			vfs_list_add(&keep, c->listed.v[i].name,
			    &c->listed.v[i].st);
	vfs_list_free(&c->listed);
	if (rc == 0 && keep.n > 0)
		cli_print_list(&keep);
	else if (rc == 0 && !literal)
		rc = cli_no_match(c, loc);
	vfs_list_free(&keep);
	free(dir);
	free(pattern);
	return (rc);
}

/*
 * get and put: every source (patterns expanded) copied to the target,
 * one after the other; with more than one, the target is a directory
 * that must exist (a final '/' is added: the worker says so if it is
 * not).  The first failure's status is returned; the others are still
 * copied, unless Ctrl-C stopped one.
 */
static int
cli_copy_all(struct cli *c)
{
	struct cli_args *a = c->args;
	int nsrc = a->noperands > 1 ? a->noperands - 1 : 1, i, rc, status = 0;
	const char *target = a->noperands > 1 ? a->operand[nsrc] : ".";
	char **src = NULL, *dst;
	size_t n = 0, k;
	struct msg_cmd *m;

	if (a->cmd == CLI_GET && !cli_is_local(target)) {
		cli_error(c, _("get: the target must be local (use put to "
		    "send files)"));
		return (1);
	}
	for (i = 0; a->cmd == CLI_PUT && i < nsrc; i++)
		if (!cli_is_local(a->operand[i])) {
			cli_error(c, _("put: the source must be local (use get "
			    "to fetch files)"));
			return (1);
		}
	for (i = 0; i < nsrc && !cli_interrupted; i++) {
		if (!cli_has_glob(path_basename(a->operand[i]))) {
			src = xreallocarray(src, n + 1, sizeof *src);
			src[n++] = xstrdup(a->operand[i]);
		} else if ((rc = cli_expand(c, a->operand[i], &src, &n)) != 0 &&
		    status == 0)
			status = rc;
	}
	dst = n > 1 && *target != '\0' && target[strlen(target) - 1] != '/' ?
	    xasprintf("%s/", target) : xstrdup(target);
	for (k = 0; k < n && !cli_interrupted; k++) {
		m = cli_copy_cmd(MC_COPY, a, c->sticky);
		m->src = xstrdup(src[k]);
		m->dst = xstrdup(dst);
		if ((rc = cli_job(c, m)) != 0 && status == 0)
			status = rc;
	}
	cli_repeated(c);
	for (k = 0; k < n; k++)
		free(src[k]);
	free(src);
	free(dst);
	return (status);
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
	struct cli c = { .args = a, .status = 4, .sticky = XFER_ASK };
	struct worker_conf conf;
	struct sigaction sa;
	char *cause = NULL;
	int status;

	cli_worker_conf(a, &conf);
	/* Passwords are asked for on a terminal; unknown certificates and
	 * host keys are refused here (see --cacert, --accept-new-host-key). */
	conf.ask_secret = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	if (worker_start(&c.w, &conf, &cause) != 0)
		goto fail;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	c.progress = !a->quiet && isatty(STDERR_FILENO);
	if (a->cmd == CLI_GET || a->cmd == CLI_PUT)
		status = cli_copy_all(&c);
	else if (a->cmd == CLI_LS)
		status = cli_ls(&c);
	else
		status = cli_job(&c, cli_command(a));
	worker_stop(c.w);
	free(c.last_error);
	return (status);
fail:
	cli_error(&c, cause);
	free(cause);
	return (1);
}
