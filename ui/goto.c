/* ferry: going anywhere from inside the file manager: `g` opens a
 * location line (a path or a URL, with the recent locations as history
 * and completion of local paths), Ctrl-\ the site list (mc's hotlist key):
 * connect, add (from the active pane), edit, delete.  Sites live in
 * $XDG_CONFIG_HOME/ferry/sites (src/conf/sites.c), recent locations in
 * $XDG_STATE_HOME/ferry/recent. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "conf/recent.h"
#include "conf/sites.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/loc.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "app.h"
#include "dialog.h"
#include "input.h"
#include "text.h"

/* ---------------------------------------------------------------- recent */

void
app_recent_load(struct app *a)
{
	char *path = recent_path(), *cause = NULL;

	if (path != NULL && recent_load(path, &a->recent, &cause) != 0) {
		app_message(a, "%s", cause);
		free(cause);
	}
	free(path);
}

void
app_recent_add(struct app *a, const char *location)
{
	char *path, *cause = NULL;

	if (a->recent.n > 0 && strcmp(a->recent.v[0], location) == 0)
		return;
	recent_add(&a->recent, location);
	if ((path = recent_path()) == NULL)
		return;
	if (recent_save(path, &a->recent, &cause) != 0) {
		app_log_only(a, cause);
		free(cause);
	}
	free(path);
}

/* ---------------------------------------------------------------- g */

/* Tab in the location line: a local path completed as far as it is one;
 * several candidates are listed on the message line. */
static char *
app_goto_complete(void *arg, const char *text)
{
	struct app *a = arg;
	struct pane *p = app_active(a);
	struct loc_completion c;
	char *cause = NULL, *out = NULL, *list = NULL, *t;
	size_t i;

	if (url_is_url(text) || (url_is_url(p->location) && *text != '/' &&
	    *text != '~'))
		return (NULL);
	if (loc_complete(text, url_is_url(p->location) ? "/" : p->location,
	    NULL, &c, &cause) != 0) {
		free(cause);
		return (NULL);
	}
	if (c.n == 1)
		out = xstrdup(c.v[0]);
	else if (c.common != NULL)
		out = xstrdup(c.common);
	for (i = 0; c.n > 1 && i < c.n && i < 8; i++) {
		t = xasprintf("%s%s%s", list != NULL ? list : "",
		    list != NULL ? "  " : "", c.v[i]);
		free(list);
		list = t;
	}
	if (list != NULL) {
		t = fmt_safe_name(list);
		app_message(a, "%s%s", t, c.n > 8 ? " ..." : "");
		free(t);
		free(list);
	}
	loc_completion_free(&c);
	return (out);
}

void
app_goto(struct app *a)
{
	char *text = loc_edit_text(app_active(a)->location);

	app_input_open(a, APP_IN_GOTO, _("Go to"), _("A path, or a URL "
	    "(ftp://, ftps://, ftpes://, sftp://); Tab completes a local "
	    "path, Up and Down go through recent places:"), text);
	free(text);
	a->input->history = a->recent.v;
	a->input->nhistory = a->recent.n;
	a->input->complete = app_goto_complete;
	a->input->arg = a;
}

/* A password typed in a URL: the worker keeps it for that server, in
 * memory; the location never holds it. */
static void
app_give_secret(struct app *a, const char *location, const char *password)
{
	struct msg_cmd *m;
	struct url u;

	if (password == NULL || url_parse(location, &u, NULL) != 0)
		return;
	m = msg_cmd_new(MC_SECRET);
	m->src = url_display(&u, "");
	m->text = xstrdup(password);
	worker_send(a->w, m);
	url_free(&u);
}

/* What was typed in a pane, resolved against what it shows (malloc'd),
 * or NULL with a message; a password typed in a URL (or given) goes to
 * the worker. */
char *
app_resolve_with(struct app *a, int side, const char *typed,
    const char *password)
{
	struct loc_ctx ctx = { NULL, NULL };
	char *out = NULL, *pw = NULL, *cause = NULL;

	if (loc_resolve(a->pane[side].location, typed, &ctx, &out, &pw,
	    &cause) != 0) {
		app_error(a, cause, _("not a location"));
		free(cause);
		return (NULL);
	}
	app_give_secret(a, out, pw != NULL ? pw : password);
	if (pw != NULL) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
	return (out);
}

char *
app_resolve(struct app *a, int side, const char *typed)
{
	return (app_resolve_with(a, side, typed, NULL));
}

/* Go to a location in a pane (with a password to give, or NULL). */
void
app_go_side(struct app *a, int side, const char *typed,
    const char *password)
{
	char *out;

	if ((out = app_resolve_with(a, side, typed, password)) == NULL)
		return;
	app_goto_location(a, side, out);
	free(out);
}

void
app_go(struct app *a, const char *typed, const char *password)
{
	app_go_side(a, a->active, typed, password);
}

/* ---------------------------------------------------------------- sites */

static void
app_sites_load(struct app *a)
{
	char *path = sites_path(), *cause = NULL;

	sites_free(&a->sites);
	if (path != NULL && sites_load(path, &a->sites, &cause) != 0) {
		app_error(a, cause, _("cannot read the sites file"));
		free(cause);
	}
	free(path);
}

static void
app_sites_save(struct app *a)
{
	char *path = sites_path(), *cause = NULL;

	if (path == NULL)
		return;
	if (sites_save(path, &a->sites, &cause) != 0) {
		app_error(a, cause, _("cannot save the sites file"));
		free(cause);
	} else
		app_message(a, "%s", _("sites saved"));
	free(path);
}

void
app_sites(struct app *a)
{
	app_sites_load(a);
	a->sitelist = 1;
	if (a->sitecur >= a->sites.n)
		a->sitecur = 0;
}

/* Add or edit: name, then URL, then (optional) password. */
static void
app_site_step(struct app *a, int kind)
{
	struct site_edit *e = &a->siteedit;

	switch (kind) {
	case APP_IN_SITE_NAME:
		app_input_open(a, kind, e->old != NULL ? _("Edit site") :
		    _("Add a site"), _("Name:"), e->name);
		break;
	case APP_IN_SITE_URL:
		app_input_open(a, kind, _("Site"), _("URL or path:"), e->url);
		break;
	case APP_IN_SITE_PASSWORD:
		app_input_open(a, kind, _("Site"), _("Password to store (empty: "
		    "none, it is asked when needed):"), "");
		a->input->secret = 1;
		break;
	}
}

static void
app_site_edit_free(struct app *a)
{
	free(a->siteedit.old);
	free(a->siteedit.name);
	free(a->siteedit.url);
	memset(&a->siteedit, 0, sizeof a->siteedit);
}

static void
app_site_finish(struct app *a, const char *password)
{
	struct site s = { a->siteedit.name, a->siteedit.url, NULL, NULL };
	char *cause = NULL;
	int rc;

	if (password != NULL && *password != '\0')
		s.password = (char *)password;
	if (a->siteedit.old != NULL)
		rc = sites_edit(&a->sites, a->siteedit.old, &s, &cause);
	else
		rc = sites_add(&a->sites, &s, &cause);
	if (rc != 0) {
		app_error(a, cause, _("cannot keep this site"));
		free(cause);
	} else
		app_sites_save(a);
	app_site_edit_free(a);
	a->sitelist = 1;
}

/* The site list's input steps. */
int
app_site_input_done(struct app *a, int kind, const char *text)
{
	struct loc_ctx ctx = { NULL, NULL };
	char *out = NULL, *pw = NULL, *cause = NULL;

	switch (kind) {
	case APP_IN_SITE_NAME:
		if (*text == '\0')
			return (1);
		free(a->siteedit.name);
		a->siteedit.name = xstrdup(text);
		app_site_step(a, APP_IN_SITE_URL);
		return (1);
	case APP_IN_SITE_URL:
		if (loc_resolve("/", text, &ctx, &out, &pw, &cause) != 0) {
			app_error(a, cause, _("not a location"));
			free(cause);
			app_site_step(a, APP_IN_SITE_URL);
			return (1);
		}
		free(a->siteedit.url);
		a->siteedit.url = out;
		if (pw != NULL) {	/* typed in the URL: stored, asked */
			app_site_finish(a, pw);
			explicit_bzero(pw, strlen(pw));
			free(pw);
			return (1);
		}
		app_site_step(a, APP_IN_SITE_PASSWORD);
		return (1);
	case APP_IN_SITE_PASSWORD:
		app_site_finish(a, text);
		return (1);
	}
	return (0);
}

void
app_site_input_cancel(struct app *a, int kind)
{
	if (kind == APP_IN_SITE_NAME || kind == APP_IN_SITE_URL ||
	    kind == APP_IN_SITE_PASSWORD) {
		app_site_edit_free(a);
		a->sitelist = 1;
	}
}

static void
app_site_connect(struct app *a, const struct site *s)
{
	a->sitelist = 0;
	app_go(a, s->url, s->password);
}

static void
app_site_add(struct app *a, const struct site *from)
{
	struct url u;

	app_site_edit_free(a);
	if (from != NULL) {
		a->siteedit.old = xstrdup(from->name);
		a->siteedit.name = xstrdup(from->name);
		a->siteedit.url = xstrdup(from->url);
	} else {
		a->siteedit.url = xstrdup(app_active(a)->location);
		if (url_parse(a->siteedit.url, &u, NULL) == 0) {
			a->siteedit.name = xstrdup(u.host != NULL ? u.host :
			    "");
			url_free(&u);
		} else
			a->siteedit.name = xstrdup(
			    path_basename(a->siteedit.url));
	}
	a->sitelist = 0;
	app_site_step(a, APP_IN_SITE_NAME);
}

void
app_sites_key(struct app *a, int code, wint_t key)
{
	const struct site *s = a->sitecur < a->sites.n ?
	    &a->sites.v[a->sitecur] : NULL;
	char *cause = NULL;

	size_t page = a->siterows > 1 ? (size_t)a->siterows - 1 : 1;

	if (a->sitedel) {	/* "Delete the site ...?" */
		a->sitedel = 0;
		if (code || s == NULL || towlower(key) != L'y') {
			app_message(a, "%s", _("the site is kept"));
			return;
		}
		if (sites_delete(&a->sites, s->name, &cause) != 0) {
			app_error(a, cause, _("cannot delete the site"));
			free(cause);
			return;
		}
		app_sites_save(a);
		if (a->sitecur > 0 && a->sitecur >= a->sites.n)
			a->sitecur--;
		return;
	}
	if (code && key == KEY_UP && a->sitecur > 0)
		a->sitecur--;
	else if (code && key == KEY_DOWN && a->sitecur + 1 < a->sites.n)
		a->sitecur++;
	else if (code && key == KEY_PPAGE)
		a->sitecur = a->sitecur > page ? a->sitecur - page : 0;
	else if (code && key == KEY_NPAGE && a->sites.n > 0)
		a->sitecur = a->sitecur + page < a->sites.n ?
		    a->sitecur + page : a->sites.n - 1;
	else if (code && key == KEY_HOME)
		a->sitecur = 0;
	else if (code && key == KEY_END && a->sites.n > 0)
		a->sitecur = a->sites.n - 1;
	else if ((!code && (key == 27 || key == 0x1c)) ||
	    (code && key == KEY_F(10)))
		a->sitelist = 0;
	else if (!code && towlower(key) == L'a')
		app_site_add(a, NULL);
	else if (s == NULL)
		return;
	else if ((!code && (key == L'\r' || key == L'\n')) ||
	    (code && key == KEY_ENTER))
		app_site_connect(a, s);
	else if (!code && towlower(key) == L'e')
		app_site_add(a, s);
	else if (!code && towlower(key) == L'd')
		a->sitedel = 1;		/* asked first, in the box */
}

void
app_sites_draw(struct app *a)
{
	char *line, *name, *url;
	size_t i, top = 0;
	int w = COLS - 4 > 100 ? 100 : COLS - 4, h, y, x, rows;

	rows = a->sites.n > 0 ? (int)a->sites.n : 1;
	if (rows > LINES - 8)
		rows = LINES - 8;
	h = rows + 4;
	if (w < 30 || h < 5)
		return;
	a->siterows = rows;
	/* the selected one in sight: the list scrolls */
	if (a->sitecur >= (size_t)rows)
		top = a->sitecur - (size_t)rows + 1;
	dialog_box_centered(h, w, _("Sites"), &y, &x);
	if (a->sites.n == 0)
		text_draw(y + 1, x + 2, _("no sites yet: a adds the active "
		    "pane's location"), w - 4, TEXT_LEFT);
	for (i = top; i < a->sites.n && (int)(i - top) < rows; i++) {
		name = fmt_safe_name(a->sites.v[i].name);
		url = loc_display(a->sites.v[i].url);
		line = xasprintf("%s%s", url, a->sites.v[i].password != NULL ?
		    _("  (password kept)") : "");
		if (i == a->sitecur)
			attron(A_REVERSE);
		mvhline(y + 1 + (int)(i - top), x + 1, ' ', w - 2);
		/* the name in a column of 20 cells (not bytes) */
		text_draw(y + 1 + (int)(i - top), x + 2, name, 20, TEXT_LEFT);
		text_draw(y + 1 + (int)(i - top), x + 23, line, w - 25,
		    TEXT_LEFT);
		if (i == a->sitecur)
			attroff(A_REVERSE);
		free(line);
		free(name);
		free(url);
	}
	if (a->sitedel && a->sitecur < a->sites.n) {
		name = fmt_safe_name(a->sites.v[a->sitecur].name);
		line = xasprintf(_("Delete the site %s (and its password)?  "
		    "y: delete  any other key: keep"), name);
		attron(A_BOLD);
		text_draw(y + h - 2, x + 2, line, w - 4, TEXT_LEFT);
		attroff(A_BOLD);
		free(line);
		free(name);
	} else
		text_draw(y + h - 2, x + 2, _("Enter connect  a add  e edit  "
		    "d delete  Esc close"), w - 4, TEXT_LEFT);
}
