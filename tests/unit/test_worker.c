/* ferry tests: the worker's lanes: a listing never waits behind copies, at
 * most N copies run at once, cancel of one job (waiting or running). */
#include "config.h"

#include <sys/stat.h>

#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/err.h"
#include "util/xmalloc.h"
#include "worker/fileops.h"
#include "worker/worker.h"
#include "testdir.h"

#define BIG	(3 * 1024 * 1024)	/* bytes of each source file */
#define RATE	(1024 * 1024)		/* bytes/s: a copy lasts ~3 s */

static char dir[] = "/tmp/ferry-worker-XXXXXX";
static struct worker *w;

static void
setup(void)
{
	char path[256], *buf = xcalloc(1, BIG);
	int i, fd;

	testdir_make(dir);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/src%d", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		cr_assert(fd >= 0);
		cr_assert_eq(write(fd, buf, BIG), BIG);
		close(fd);
	}
	snprintf(path, sizeof path, "%s/dst", dir);
	cr_assert_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/records", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	free(buf);
}

static void
teardown(void)
{
	worker_stop(w);
	w = NULL;
	testdir_remove(dir);
}

TestSuite(worker, .init = setup, .fini = teardown, .timeout = 60);

static void
start(int transfers)
{
	struct worker_conf conf;
	char *cause = NULL;

	memset(&conf, 0, sizeof conf);
	conf.env = vfs_env_default;
	conf.transfers = transfers;
	cr_assert_eq(worker_start(&w, &conf, &cause), 0, "%s", cause);
}

static uint64_t
copy(int i, uint64_t rate)
{
	struct msg_cmd *m = msg_cmd_new(MC_COPY);

	m->src = xasprintf("%s/src%d", dir, i);
	m->dst = xasprintf("%s/dst", dir);
	m->opts.rate_limit = rate;
	m->opts.record_dir = xasprintf("%s/records", dir);
	return (worker_send(w, m));
}

static uint64_t
list(void)
{
	struct msg_cmd *m = msg_cmd_new(MC_LIST);

	m->src = xasprintf("%s", dir);
	return (worker_send(w, m));
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* The next event, waiting at most 30 s. */
static struct msg_ev *
next_event(void)
{
	struct pollfd pfd = { .fd = worker_fd(w), .events = POLLIN };
	struct msg_ev *ev;
	double until = now() + 30;

	while (now() < until) {
		if ((ev = worker_next(w)) != NULL)
			return (ev);
		poll(&pfd, 1, 100);
	}
	cr_assert_fail("no event within 30 s");
	return (NULL);
}

/* Wait for the end of job id: its status. */
static int
wait_end(uint64_t id)
{
	struct msg_ev *ev;
	int status;

	for (;;) {
		ev = next_event();
		if ((ev->type == ME_DONE || ev->type == ME_LISTED) &&
		    ev->id == id) {
			status = ev->status;
			msg_ev_free(ev);
			return (status);
		}
		msg_ev_free(ev);
	}
}

Test(worker, a_listing_does_not_wait_behind_running_copies)
{
	uint64_t c1, c2, l;
	double t0;
	struct msg_ev *ev;
	int listed = 0, copies_done = 0;

	start(2);
	c1 = copy(0, RATE);
	c2 = copy(1, RATE);
	usleep(200000);
	t0 = now();
	l = list();
	while (!listed || copies_done < 2) {
		ev = next_event();
		if (ev->type == ME_LISTED && ev->id == l) {
			cr_expect_eq(ev->status, 0);
			cr_expect_eq(copies_done, 0, "the listing came after "
			    "a copy ended");
			cr_expect_lt(now() - t0, 1.0, "the listing took %.2f s",
			    now() - t0);
			listed = 1;
		}
		if (ev->type == ME_DONE && (ev->id == c1 || ev->id == c2)) {
			cr_expect_eq(ev->status, 0);
			copies_done++;
		}
		msg_ev_free(ev);
	}
}

Test(worker, no_more_copies_run_at_once_than_there_are_lanes)
{
	uint64_t id[3], first_end = 0;
	struct msg_ev *ev;
	int ended = 0, i, third_started_early = 0;

	start(2);
	for (i = 0; i < 3; i++)
		id[i] = copy(i, RATE);
	while (ended < 3) {
		ev = next_event();
		if (ev->type == ME_PROGRESS && ev->job == id[2] &&
		    first_end == 0 && ev->progress.done > 0)
			third_started_early = 1;
		if (ev->type == ME_DONE) {
			cr_expect_eq(ev->status, 0);
			if (first_end == 0)
				first_end = ev->id;
			ended++;
		}
		msg_ev_free(ev);
	}
	cr_expect_neq(first_end, id[2], "the third copy ended first");
	cr_expect_not(third_started_early, "a third copy moved bytes while "
	    "two ran");
}

Test(worker, a_waiting_copy_cancelled_never_runs)
{
	uint64_t a, b;
	char path[256];

	start(1);
	a = copy(0, RATE);
	b = copy(1, RATE);
	cr_assert_eq(worker_cancel_job(w, b), 0);
	cr_expect_eq(wait_end(b), FERR_CANCELLED);
	cr_expect_eq(worker_cancel_job(w, a), 0);
	cr_expect_eq(wait_end(a), FERR_CANCELLED);
	snprintf(path, sizeof path, "%s/dst/src1", dir);
	cr_expect_neq(access(path, F_OK), 0, "the cancelled copy wrote");
}

Test(worker, a_running_copy_cancelled_keeps_its_prefix)
{
	uint64_t a;
	struct stat sb;
	char path[256];

	start(1);
	a = copy(0, RATE);
	usleep(800000);
	cr_assert_eq(worker_cancel_job(w, a), 0);
	cr_expect_eq(wait_end(a), FERR_CANCELLED);
	snprintf(path, sizeof path, "%s/dst/src0", dir);
	cr_assert_eq(stat(path, &sb), 0);
	cr_expect_gt(sb.st_size, 0);
	cr_expect_lt(sb.st_size, BIG);
	/* The lane is free again: the next copy runs to its end. */
	cr_expect_eq(wait_end(copy(2, 0)), 0);
}

Test(worker, a_job_that_ended_cannot_be_cancelled)
{
	start(1);
	cr_expect_eq(wait_end(list()), 0);
	cr_expect_eq(worker_cancel_job(w, 999999), FERR_NOENT);
}

/* No event is left without a wakeup, and the wakeup fd is not readable
 * once every event was read: 200 listings on the browse lanes, read the
 * way the front ends read (poll, then worker_next until NULL); a poll
 * that times out with listings still owed is a lost wakeup.  (A wakeup
 * with nothing to read may happen, and is harmless: an event read between
 * its push and its signal.) */
Test(worker, every_event_wakes_the_front_end_and_a_read_queue_does_not)
{
	struct pollfd pfd;
	struct msg_ev *ev;
	uint64_t id;
	int owed = 200, i;

	start(1);
	for (i = 0; i < owed; i++)
		list();
	while (owed > 0) {
		pfd.fd = worker_fd(w);
		pfd.events = POLLIN;
		cr_assert_eq(poll(&pfd, 1, 10000), 1,
		    "no wakeup while %d listings are owed", owed);
		while ((ev = worker_next(w)) != NULL) {
			if (ev->type == ME_LISTED)
				owed--;
			msg_ev_free(ev);
		}
	}
	/* a signal still on its way from the last push is taken too */
	usleep(100 * 1000);
	while ((ev = worker_next(w)) != NULL)
		msg_ev_free(ev);
	pfd.fd = worker_fd(w);
	pfd.events = POLLIN;
	cr_assert_eq(poll(&pfd, 1, 200), 0, "readable with no event waiting");
	id = list();
	cr_assert_eq(poll(&pfd, 1, 10000), 1, "no wakeup for a new event");
	cr_assert_eq(wait_end(id), 0);
}

static int find_truncated;

/* Every name a find hands over, sorted, joined with spaces; *matches
 * (and find_truncated) from its end. */
static char *
find(const char *pattern, uint64_t *matches)
{
	struct msg_cmd *m = msg_cmd_new(MC_FIND);
	struct msg_ev *ev;
	char **names = NULL, *out = xstrdup(""), *next;
	size_t n = 0, i, j;
	uint64_t id;

	m->src = xstrdup(dir);
	m->text = xstrdup(pattern);
	id = worker_send(w, m);
	for (;;) {
		ev = next_event();
		if (ev->id != id) {
			msg_ev_free(ev);
			continue;
		}
		if (ev->type == ME_LISTING) {
			for (i = 0; i < ev->list.n; i++) {
				names = xreallocarray(names, n + 1,
				    sizeof *names);
				names[n++] = xstrdup(ev->list.v[i].name);
			}
			msg_ev_free(ev);
			continue;
		}
		cr_assert_eq(ev->type, ME_DONE);
		cr_assert_eq(ev->status, 0, "%s", ev->text);
		*matches = ev->files;
		find_truncated = ev->truncated;
		msg_ev_free(ev);
		break;
	}
	for (i = 0; i < n; i++)		/* sorted, for the comparison */
		for (j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				next = names[i];
				names[i] = names[j];
				names[j] = next;
			}
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", out, i ? " " : "", names[i]);
		free(out);
		out = next;
		free(names[i]);
	}
	free(names);
	return (out);
}

Test(worker, a_find_hands_over_the_names_that_match_all_the_way_down)
{
	const char *mk[] = { "a", "a/b", "c", "c/iso-dir", NULL };
	const char *touch[] = { "a/b/one.iso", "a/x.txt", "c/TWO.ISO",
	    "c/iso-dir/three.iso", NULL };
	char path[512], *got;
	uint64_t matches;
	int i, fd;

	for (i = 0; mk[i] != NULL; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, mk[i]);
		cr_assert_eq(mkdir(path, 0755), 0);
	}
	for (i = 0; touch[i] != NULL; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, touch[i]);
		cr_assert((fd = open(path, O_WRONLY | O_CREAT, 0644)) >= 0);
		close(fd);
	}
	/* A link back up: not walked into (no loop, nothing found twice). */
	snprintf(path, sizeof path, "%s/c/up", dir);
	cr_assert_eq(symlink("..", path), 0);
	start(1);
	got = find("*.iso", &matches);
	cr_expect_str_eq(got, "a/b/one.iso c/TWO.ISO c/iso-dir/three.iso");
	cr_expect_eq(matches, 3);
	free(got);
	/* A part of the name, case ignored: directories too. */
	got = find("ISO", &matches);
	cr_expect_str_eq(got, "a/b/one.iso c/TWO.ISO c/iso-dir "
	    "c/iso-dir/three.iso");
	cr_expect_eq(matches, 4);
	free(got);
	got = find("nothing-like-it", &matches);
	cr_expect_str_eq(got, "");
	cr_expect_eq(matches, 0);
	free(got);
}

Test(worker, a_find_stops_at_its_most_and_says_so)
{
	char path[512], *got;
	uint64_t matches;
	int i, fd;

	for (i = 0; i < FILEOPS_FIND_MAX + 5; i++) {
		snprintf(path, sizeof path, "%s/f%05d", dir, i);
		cr_assert((fd = open(path, O_WRONLY | O_CREAT, 0644)) >= 0);
		close(fd);
	}
	start(1);
	got = find("f*", &matches);	/* 10005 */
	cr_expect_eq(matches, FILEOPS_FIND_MAX);
	cr_expect_eq(find_truncated, 1);
	free(got);
	got = find("f1000[0-9]", &matches);	/* 10000 to 10004 */
	cr_expect_eq(matches, 5);
	cr_expect_eq(find_truncated, 0);
	free(got);
}
