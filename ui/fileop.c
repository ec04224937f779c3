/* ferry: the file manager's file operations, with mc's keys: F3 view,
 * F6 rename or move, F7 mkdir, F8 delete (counted, then confirmed),
 * Ctrl-X chmod.  Each is a command to the worker's browse lanes (a move
 * across servers goes to a transfer lane); errors come back as one safe
 * line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/url.h"
#include "util/xmalloc.h"
#include "worker/worker.h"
#include "xfer/record.h"
#include "app.h"
#include "dialog.h"
#include "found.h"
#include "input.h"
#include "text.h"
#include "viewer.h"

void
app_op_begin(struct app *a, enum app_op_kind kind)
{
	a->ops.kind = kind;
	a->ops.cur = 0;
}

void
app_ops_free(struct app *a)
{
	free(a->ops.id);
	free(a->ops.batch);
	free(a->ops.b);
	memset(&a->ops, 0, sizeof a->ops);
}

/* The batch numbered num, or NULL. */
static struct app_opbatch *
app_op_batch(struct app *a, unsigned num)
{
	size_t i;

	for (i = 0; i < a->ops.nb; i++)
		if (a->ops.b[i].num == num)
			return (&a->ops.b[i]);
	return (NULL);
}

/* Remember a job of the batch under way (made now if it is new). */
static void
app_op_sent(struct app *a, uint64_t id)
{
	struct app_ops *o = &a->ops;
	struct app_opbatch *b;

	if (o->cur == 0 || (b = app_op_batch(a, o->cur)) == NULL) {
		o->b = xreallocarray(o->b, o->nb + 1, sizeof *o->b);
		b = &o->b[o->nb++];
		memset(b, 0, sizeof *b);
		b->num = o->cur = ++o->next;
		if (o->cur == 0)	/* (after 2^32 batches) */
			b->num = o->cur = ++o->next;
		b->kind = o->kind;
	}
	if (o->n == o->alloc) {
		o->alloc = o->alloc == 0 ? 16 : 2 * o->alloc;
		o->id = xreallocarray(o->id, o->alloc, sizeof *o->id);
		o->batch = xreallocarray(o->batch, o->alloc,
		    sizeof *o->batch);
	}
	o->id[o->n] = id;
	o->batch[o->n++] = b->num;
	b->total++;
	b->left++;
}

/* Job id ended with status, if it is one of ours: the find box hears
 * of it, a failure is said; the last of its batch reads the panes again
 * and says what the batch did.  0 if it is not ours. */
static int
app_op_ended(struct app *a, uint64_t id, int status, const char *text)
{
	struct app_ops *o = &a->ops;
	struct app_opbatch *b;
	size_t i;

	for (i = 0; i < o->n && o->id[i] != id; i++)
		continue;
	if (id == 0 || i == o->n)
		return (0);
	b = app_op_batch(a, o->batch[i]);
	o->id[i] = o->id[o->n - 1];
	o->batch[i] = o->batch[o->n - 1];
	o->n--;
	found_op_ended(a, id, status, b != NULL && b->kind == APP_OP_MOVE);
	if (status != 0)
		app_error(a, text, _("the operation failed"));
	if (b == NULL)
		return (1);
	b->left--;
	b->failed += status != 0;
	if (b->left > 0 && b->total > 1 && status == 0) {
		/* how far it is, on the message line only (a failure said
		 * just now stays there) */
		if (b->kind == APP_OP_DELETE)
			app_status(a, _("deleting: %zu of %zu done"),
			    b->total - b->left, b->total);
		else if (b->kind == APP_OP_MOVE)
			app_status(a, _("moving: %zu of %zu done"),
			    b->total - b->left, b->total);
	}
	if (b->left > 0)
		return (1);
	app_relist_all(a);
	if (b->failed > 0 && b->total > 1)
		app_message(a, P_("%zu of %zu failed (L shows why)",
		    "%zu of %zu failed (L shows why)", (unsigned long)b->failed),
		    b->failed, b->total);
	else if (b->failed == 0 && b->total > 1 && b->kind == APP_OP_DELETE)
		app_message(a, P_("%zu deleted", "%zu deleted",
		    (unsigned long)b->total), b->total);
	else if (b->failed == 0 && b->total > 1 && b->kind == APP_OP_MOVE)
		app_message(a, P_("%zu moved", "%zu moved",
		    (unsigned long)b->total), b->total);
	else if (b->failed == 0)
		app_message(a, "%s", _("done"));
	*b = o->b[--o->nb];
	return (1);
}

static uint64_t
app_send(struct app *a, enum msg_cmd_type type, const char *src,
    const char *dst, uint32_t mode)
{
	struct msg_cmd *m = msg_cmd_new(type);
	uint64_t id;

	m->src = xstrdup(src);
	m->dst = dst != NULL ? xstrdup(dst) : NULL;
	m->mode = mode;
	if (type == MC_MOVE) {
		m->opts.recursive = 1;
		m->opts.record_dir = record_dir();
		m->interactive = 1;
	}
	id = worker_send(a->w, m);
	app_op_sent(a, id);
	return (id);
}

/* The entry under the cursor that an operation applies to, or NULL with a
 * message ("/.." and names that are not safe as paths). */
static const struct vfs_entry *
app_op_entry(struct app *a)
{
	const struct vfs_entry *e = pane_current(app_active(a));

	if (e == NULL) {
		app_message(a, "%s", _("no entry under the cursor"));
		return (NULL);
	}
	if (!path_name_is_safe(e->name)) {
		app_message(a, "%s", _("this name cannot be used as a path"));
		return (NULL);
	}
	return (e);
}

void
app_view(struct app *a)
{
	const struct vfs_entry *e;
	char *loc, *safe;

	if ((e = app_op_entry(a)) == NULL)
		return;
	if (e->st.type == VFS_DIR) {
		app_enter(a);
		return;
	}
	loc = url_child(app_active(a)->location, e->name);
	safe = fmt_safe_name(e->name);
	viewer_free(a->viewer);
	a->viewer = viewer_open(a->w, loc, safe, e->st.size);
	free(safe);
	free(loc);
}

void
app_input_open(struct app *a, int kind, const char *title,
    const char *label, const char *text)
{
	input_free(a->input);
	a->input = input_new(kind, title, label, text);
}

/* The marked entries of the active pane that can be named in a path. */
static int
app_marked_safe(struct app *a)
{
	struct pane *p = app_active(a);
	size_t i;
	int n = 0;

	for (i = 0; i < p->list.n; i++)
		n += pane_is_marked(p, i) && path_name_is_safe(p->list.v[i].name);
	return (n);
}

/* F6: the marked entries are moved into a directory, the other pane's
 * unless another is typed (mc's F6); without marks, the entry under the
 * cursor is renamed, or moved to a path or URL. */
void
app_rename(struct app *a)
{
	const struct vfs_entry *e;
	char *label;
	int n;

	if ((n = app_marked_safe(a)) > 0) {
		label = xasprintf(P_("Move the %d marked entry into the "
		    "directory (a path or URL):", "Move the %d marked entries "
		    "into the directory (a path or URL):", n), n);
		app_input_open(a, APP_IN_MOVE, _("Move"), label,
		    a->pane[!a->active].location);
		free(label);
		return;
	}
	if ((e = app_op_entry(a)) == NULL)
		return;
	app_input_open(a, APP_IN_RENAME, _("Rename or move"),
	    _("New name, or a path or URL to move it to:"), e->name);
}

void
app_mkdir(struct app *a)
{
	app_input_open(a, APP_IN_MKDIR, _("Make a directory"),
	    _("Name of the new directory:"), "");
}

void
app_chmod(struct app *a)
{
	const struct vfs_entry *e;
	char mode[16];

	if ((e = app_op_entry(a)) == NULL)
		return;
	snprintf(mode, sizeof mode, "%04o", (unsigned)(e->st.mode & 07777));
	app_input_open(a, APP_IN_CHMOD, _("Permissions"),
	    _("Octal mode (such as 0644):"), mode);
}

static void
app_do_rename(struct app *a, const char *text)
{
	const struct vfs_entry *e = pane_current(app_active(a));
	char *from, *to;

	if (e == NULL || *text == '\0' ||
	    (to = app_resolve(a, a->active, text)) == NULL)
		return;
	from = url_child(app_active(a)->location, e->name);
	app_op_begin(a, APP_OP_OTHER);
	if (strcmp(from, to) == 0)
		app_message(a, "%s", _("the name is the same"));
	else if (url_same_server(from, to))
		app_send(a, MC_RENAME, from, to, 0);
	else {
		app_send(a, MC_MOVE, from, to, 0);
		app_message(a, "%s", _("moving: copied first, deleted at the "
		    "source once the copy is complete"));
	}
	free(from);
	free(to);
}

uint64_t
app_move_into(struct app *a, const char *from, const char *dir,
    int *across)
{
	if (url_same_server(from, dir))
		return (app_send(a, MC_RENAME, from, dir, MC_INTO));
	*across = 1;
	return (app_send(a, MC_MOVE, from, dir, MC_INTO));
}

/* F6's marked entries into the directory text names: renamed there on
 * the same server, else copied and deleted (MC_MOVE), each on its own;
 * the directory must exist (MC_INTO). */
static void
app_do_move(struct app *a, const char *text)
{
	struct pane *p = app_active(a);
	const char *name;
	char *from, *to;
	size_t i;
	int n = 0, across = 0;

	if (*text == '\0' || (to = app_resolve(a, a->active, text)) == NULL)
		return;
	if (strcmp(to, p->location) == 0) {
		app_message(a, "%s", _("they are in that directory already"));
		free(to);
		return;
	}
	app_op_begin(a, APP_OP_MOVE);
	for (i = 0; i < p->list.n; i++) {
		name = p->list.v[i].name;
		if (!pane_is_marked(p, i) || !path_name_is_safe(name))
			continue;
		from = url_child(p->location, name);
		(void)app_move_into(a, from, to, &across);
		free(from);
		n++;
	}
	free(to);
	pane_clear_marks(p);
	if (across)
		app_message(a, "%s", _("moving: copied first, deleted at the "
		    "source once the copy is complete"));
	else
		app_message(a, P_("moving %d entry", "moving %d entries", n),
		    n);
}

static void
app_do_mkdir(struct app *a, const char *text)
{
	char *loc;

	if (!path_name_is_safe(text)) {
		app_message(a, "%s", _("not a name for a directory"));
		return;
	}
	loc = url_child(app_active(a)->location, text);
	app_op_begin(a, APP_OP_OTHER);
	app_send(a, MC_MKDIR, loc, NULL, 0);
	pane_want_select(app_active(a), text);
	free(loc);
}

static void
app_do_chmod(struct app *a, const char *text)
{
	const struct vfs_entry *e = pane_current(app_active(a));
	char *end, *loc;
	unsigned long mode;

	mode = strtoul(text, &end, 8);
	if (e == NULL || *text == '\0' || *end != '\0' || mode > 07777) {
		app_message(a, "%s", _("an octal mode is 0 to 7777"));
		return;
	}
	loc = url_child(app_active(a)->location, e->name);
	app_op_begin(a, APP_OP_OTHER);
	app_send(a, MC_CHMOD, loc, NULL, (uint32_t)mode);
	free(loc);
}

void
app_input_done(struct app *a, int kind, const char *text)
{
	switch (kind) {
	case APP_IN_RENAME:
		app_do_rename(a, text);
		break;
	case APP_IN_MOVE:
		app_do_move(a, text);
		break;
	case APP_IN_FOUND_MOVE:
		found_move_done(a, text);
		break;
	case APP_IN_MKDIR:
		app_do_mkdir(a, text);
		break;
	case APP_IN_CHMOD:
		app_do_chmod(a, text);
		break;
	}
}

/* ---------------------------------------------------------------- F8 */

static void
counting_clear(struct app_counting *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->what[i]);
	free(c->what);
	free(c->job);
	memset(c, 0, sizeof *c);
}

/* Count src; what (owned) stays with its job. */
static void
counting_add(struct app *a, struct app_counting *c, char *what,
    const char *src)
{
	struct msg_cmd *m;
	size_t i = c->n++;

	c->what = xreallocarray(c->what, c->n, sizeof *c->what);
	c->job = xreallocarray(c->job, c->n, sizeof *c->job);
	c->what[i] = what;
	m = msg_cmd_new(MC_COUNT);
	m->src = xstrdup(src);
	c->job[i] = worker_send(a->w, m);
	c->waiting++;
}

/* The job ev ends: its index (no longer awaited), or -1. */
static long
counting_back(struct app_counting *c, const struct msg_ev *ev)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->job[i] != 0 && c->job[i] == ev->id) {
			c->job[i] = 0;
			c->waiting--;
			return ((long)i);
		}
	}
	return (-1);
}

void
app_delete_clear(struct app *a)
{
	counting_clear(&a->del.c);
	found_names_free(a->del.found, a->del.found_n);
	memset(&a->del, 0, sizeof a->del);
}

void
app_delete_at(struct app *a, const char *loc)
{
	counting_add(a, &a->del.c, xstrdup(loc), loc);
}

static void
app_delete_add(struct app *a, const char *name)
{
	char *loc = url_child(app_active(a)->location, name);

	counting_add(a, &a->del.c, loc, loc);
}

void
app_delete(struct app *a)
{
	struct pane *p = app_active(a);
	const struct vfs_entry *e;
	size_t i;

	app_delete_clear(a);
	for (i = 0; i < p->list.n; i++)
		if (pane_is_marked(p, i) && path_name_is_safe(p->list.v[i].name))
			app_delete_add(a, p->list.v[i].name);
	if (a->del.c.n == 0) {
		if ((e = app_op_entry(a)) == NULL)
			return;
		app_delete_add(a, e->name);
	}
	app_message(a, "%s", _("counting what would be deleted..."));
}

static void
app_delete_counted(struct app *a, struct msg_ev *ev)
{
	if (ev->status != 0) {
		a->del.failed = 1;
		app_error(a, ev->text, _("cannot count what would be "
		    "deleted"));
	}
	a->del.files += ev->files;
	a->del.dirs += ev->dirs;
	a->del.bytes += ev->bytes;
	if (a->del.c.waiting > 0)
		return;
	if (a->del.failed) {
		app_delete_clear(a);
		return;
	}
	a->del.asking = 1;
	free(a->message);
	a->message = NULL;
}

void
app_delete_key(struct app *a, int code, wint_t key)
{
	uint64_t *job;
	size_t i;

	if (code)
		return;
	if (towlower(key) == L'y') {
		job = xreallocarray(NULL, a->del.c.n > 0 ? a->del.c.n : 1,
		    sizeof *job);
		app_op_begin(a, APP_OP_DELETE);
		for (i = 0; i < a->del.c.n; i++)
			job[i] = app_send(a, MC_DELETE, a->del.c.what[i],
			    NULL, 0);
		/* the find box's entries leave it once they are deleted */
		if (a->del.found != NULL)
			found_sent(a, a->del.found, a->del.found_n < a->del.c.n ?
			    a->del.found_n : a->del.c.n, a->del.found_gen, job);
		else
			pane_clear_marks(app_active(a));
		free(job);
		app_delete_clear(a);
	} else if (towlower(key) == L'n' || key == 27) {
		app_delete_clear(a);
		app_message(a, "%s", _("nothing was deleted"));
	}
}

void
app_delete_draw(struct app *a)
{
	char size[32], *what, *l1, *first, *safe, *files, *dirs;

	fmt_size(a->del.bytes, size, sizeof size);
	files = xasprintf(P_("%llu file", "%llu files",
	    (unsigned long)a->del.files), (unsigned long long)a->del.files);
	dirs = xasprintf(P_("%llu directory", "%llu directories",
	    (unsigned long)a->del.dirs), (unsigned long long)a->del.dirs);
	/* TRANSLATORS: "3 files and 1 directory, 12 KiB" */
	what = xasprintf(_("%s and %s, %s"), files, dirs, size);
	free(files);
	free(dirs);
	first = url_last_name(a->del.c.what[0]);
	safe = fmt_safe_name(first);
	if (a->del.c.n == 1)
		l1 = xasprintf(_("Delete %s?"), safe);
	else
		l1 = xasprintf(P_("Delete %zu entry?", "Delete %zu entries?",
		    a->del.c.n), a->del.c.n);
	dialog_lines(_("Delete"), (const char *[]){ l1, what, NULL,
	    _("[y] delete  [n] keep") }, 4);
	free(first);
	free(safe);
	free(l1);
	free(what);
}

/* ------------------------------------------------------ Ctrl-Space */

void
app_dirsize_clear(struct app *a)
{
	counting_clear(&a->sz.c);
	free(a->sz.loc);
	memset(&a->sz, 0, sizeof a->sz);
}

static void
app_dirsize_add(struct app *a, const char *name)
{
	char *loc = url_child(a->sz.loc, name);

	counting_add(a, &a->sz.c, xstrdup(name), loc);
	free(loc);
}

/* The marked directories, else the one under the cursor: counted (what
 * they hold, all the way down), each size shown in its row. */
void
app_dirsize(struct app *a)
{
	struct pane *p = app_active(a);
	const struct vfs_entry *e;
	size_t i;

	app_dirsize_clear(a);	/* counts under way: their answers dropped */
	a->sz.loc = xstrdup(p->location);
	a->sz.side = a->active;
	for (i = 0; i < p->list.n; i++)
		if (pane_is_marked(p, i) && p->list.v[i].st.type == VFS_DIR &&
		    path_name_is_safe(p->list.v[i].name))
			app_dirsize_add(a, p->list.v[i].name);
	if (a->sz.c.n == 0) {
		if ((e = app_op_entry(a)) == NULL)
			return;
		if (e->st.type != VFS_DIR) {
			app_message(a, "%s", _("Ctrl-Space counts directories: "
			    "this is not one"));
			return;
		}
		app_dirsize_add(a, e->name);
	}
	app_message(a, "%s", _("counting..."));
}

static void
app_dirsize_counted(struct app *a, size_t i, struct msg_ev *ev)
{
	struct pane *p = &a->pane[a->sz.side];
	char size[32], *safe;

	if (ev->status != 0)
		app_error(a, ev->text, _("cannot count what the directory "
		    "holds"));
	else {
		a->sz.counted++;
		a->sz.last = i;
		a->sz.files += ev->files;
		a->sz.bytes += ev->bytes;
		/* Still the listing it was asked for. */
		if (strcmp(p->location, a->sz.loc) == 0)
			pane_set_dirsize(p, a->sz.c.what[i], ev->bytes);
	}
	if (a->sz.c.waiting > 0 || a->sz.counted == 0)
		return;
	fmt_size(a->sz.bytes, size, sizeof size);
	if (a->sz.counted == 1) {
		safe = fmt_safe_name(a->sz.c.what[a->sz.last]);
		app_message(a, P_("%s: %llu file, %s", "%s: %llu files, %s",
		    (unsigned long)a->sz.files), safe,
		    (unsigned long long)a->sz.files, size);
		free(safe);
	} else
		app_message(a, P_("%zu directories: %llu file, %s",
		    "%zu directories: %llu files, %s",
		    (unsigned long)a->sz.files), a->sz.counted,
		    (unsigned long long)a->sz.files, size);
}

/* ---------------------------------------------------------------- events */

int
app_fileop_event(struct app *a, struct msg_ev *ev)
{
	long i;

	if (ev->type != ME_DONE)
		return (0);
	if (a->viewer != NULL && ev->id == a->viewer->job) {
		viewer_data(a->viewer, ev);
		return (1);
	}
	if ((i = counting_back(&a->sz.c, ev)) >= 0) {
		app_dirsize_counted(a, (size_t)i, ev);
		return (1);
	}
	if (counting_back(&a->del.c, ev) >= 0) {
		app_delete_counted(a, ev);
		return (1);
	}
	return (app_op_ended(a, ev->id, ev->status, ev->text));
}
