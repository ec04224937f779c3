/* ferry: the local vfs backend and the generic vfs helpers, on a fresh
 * directory under /tmp. */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "vfs/vfs.h"
#include "testdir.h"

#define GIB	((uint64_t)1 << 30)

static char		 test_dir[] = "/tmp/ferry-vfs-XXXXXX";
static struct vfs	*test_fs;
static char		*test_cause;

/* ------------------------------------------------------------ fixture */

static void
test_setup(void)
{
	testdir_make(test_dir);
	test_fs = vfs_new(&vfs_local_ops, NULL);
	cr_assert_eq(vfs_connect(test_fs, &test_cause), 0);
	test_cause = NULL;
}

static void
test_teardown(void)
{
	vfs_free(test_fs);
	free(test_cause);
	testdir_remove(test_dir);
}

TestSuite(vfs_local, .init = test_setup, .fini = test_teardown);

/* A path in the test directory (four live at a time). */
static const char *
tp(const char *name)
{
	static char	buf[4][PATH_MAX];
	static int	next;
	char		*p = buf[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", test_dir, name);
	return (p);
}

static void
test_put(const char *name, const char *data, size_t len)
{
	int fd;

	fd = open(tp(name), O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* The whole file into buf (at most size bytes); returns its length. */
static size_t
test_get(const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(tp(name), O_RDONLY);
	cr_assert_neq(fd, -1, "%s: %s", name, strerror(errno));
	n = read(fd, buf, size);
	cr_assert_geq(n, 0);
	close(fd);
	return ((size_t)n);
}

static void
test_expect_file(const char *name, const char *want)
{
	char got[256];
	size_t n;

	n = test_get(name, got, sizeof got);
	cr_assert_eq(n, strlen(want), "%s: %zu bytes, want %zu", name, n,
	    strlen(want));
	cr_assert_arr_eq(got, want, n);
}

static struct vfs_file *
test_open_write(const char *name, uint64_t offset, int flags)
{
	struct vfs_file *f = NULL;
	int error;

	error = vfs_local_ops.open_write(test_fs, tp(name), offset, flags,
	    0644, &f, &test_cause);
	cr_assert_eq(error, 0, "open_write: %s", test_cause);
	cr_assert_not_null(f);
	return (f);
}

static void
test_write_close(struct vfs_file *f, const char *data)
{
	size_t done;

	cr_assert_eq(vfs_local_ops.write(f, data, strlen(data), &done,
	    &test_cause), 0, "write: %s", test_cause);
	cr_assert_eq(done, strlen(data));
	cr_assert_eq(vfs_local_ops.close(f, &test_cause), 0);
}

/* Read from offset to the end into buf; returns the length. */
static size_t
test_read_from(const char *name, uint64_t offset, char *buf, size_t size)
{
	struct vfs_file *f = NULL;
	size_t got, total = 0;

	cr_assert_eq(vfs_local_ops.open_read(test_fs, tp(name), offset, &f,
	    &test_cause), 0, "open_read: %s", test_cause);
	cr_assert_eq(f->pos, offset);
	do {
		cr_assert_eq(vfs_local_ops.read(f, buf + total, size - total,
		    &got, &test_cause), 0);
		total += got;
	} while (got != 0 && total < size);
	cr_assert_eq(f->pos, offset + total);
	cr_assert_eq(vfs_local_ops.close(f, &test_cause), 0);
	return (total);
}

/* ------------------------------------------------------------ stat */

Test(vfs_local, stat_of_a_file_gives_its_size_time_and_mode)
{
	struct vfs_stat st;
	struct stat sb;

	test_put("f", "hello", 5);
	chmod(tp("f"), 0640);
	cr_assert_eq(stat(tp("f"), &sb), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("f"), &st, &test_cause),
	    0);
	cr_assert_eq(st.type, VFS_FILE);
	cr_assert(st.size_known);
	cr_assert_eq(st.size, 5);
	cr_assert_eq(st.mtime, (int64_t)sb.st_mtime);
	cr_assert_eq(st.mtime_prec, VFS_PREC_SECOND);
	cr_assert_eq(st.mode, 0640);
	cr_assert_null(test_cause);
}

Test(vfs_local, setmtime_sets_the_time_to_the_second_and_leaves_the_bytes)
{
	struct vfs_stat st;
	char buf[16];

	test_put("f", "hello", 5);
	cr_assert_eq(vfs_local_ops.setmtime(test_fs, tp("f"), 1577934245,
	    &test_cause), 0, "%s", test_cause);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("f"), &st, &test_cause),
	    0);
	cr_assert_eq(st.mtime, 1577934245);
	cr_assert_eq(test_get("f", buf, sizeof buf), 5);
	cr_assert_eq(memcmp(buf, "hello", 5), 0);
}

Test(vfs_local, setmtime_of_a_missing_file_is_noent_and_names_it)
{
	cr_assert_eq(vfs_local_ops.setmtime(test_fs, tp("none"), 1577934245,
	    &test_cause), FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, "none"));
}

Test(vfs_local, stat_of_a_directory_says_dir)
{
	struct vfs_stat st;

	cr_assert_eq(vfs_local_ops.stat(test_fs, test_dir, &st, &test_cause),
	    0);
	cr_assert_eq(st.type, VFS_DIR);
	cr_assert_eq(st.mode, 0700);	/* as mkdtemp made it */
}

Test(vfs_local, stat_of_a_missing_path_is_noent_and_names_it)
{
	struct vfs_stat st;

	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("nope"), &st,
	    &test_cause), FERR_NOENT);
	cr_assert_eq(st.type, VFS_NONE);
	cr_assert_eq(st.mtime, VFS_MTIME_UNKNOWN);
	cr_assert_not_null(test_cause);
	cr_assert_not_null(strstr(test_cause, tp("nope")), "%s", test_cause);
	cr_assert_null(strchr(test_cause, '\n'));
}

Test(vfs_local, stat_follows_a_symlink_to_a_file)
{
	struct vfs_stat st;

	test_put("target", "12345678", 8);
	cr_assert_eq(symlink("target", tp("link")), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("link"), &st,
	    &test_cause), 0);
	cr_assert_eq(st.type, VFS_FILE);
	cr_assert_eq(st.size, 8);
}

Test(vfs_local, stat_of_a_dangling_symlink_says_link)
{
	struct vfs_stat st;

	cr_assert_eq(symlink("missing", tp("dangling")), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("dangling"), &st,
	    &test_cause), 0);
	cr_assert_eq(st.type, VFS_LINK);
	cr_assert(st.is_link);
	/* The link's own size, as ls -l shows: strlen("missing"). */
	cr_assert(st.size_known);
	cr_assert_eq(st.size, 7);
}

Test(vfs_local, stat_of_a_symlink_to_a_file_says_file_and_link)
{
	struct vfs_stat st;
	int fd;

	fd = open(tp("real"), O_CREAT | O_WRONLY, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "12345", 5), 5);
	close(fd);
	cr_assert_eq(symlink("real", tp("alias")), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("alias"), &st,
	    &test_cause), 0);
	cr_assert_eq(st.type, VFS_FILE);
	cr_assert(st.is_link);
	cr_assert_eq(st.size, 5);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("real"), &st,
	    &test_cause), 0);
	cr_assert_not(st.is_link);
}

Test(vfs_local, stat_of_a_fifo_says_other)
{
	struct vfs_stat st;

	cr_assert_eq(mkfifo(tp("fifo"), 0600), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("fifo"), &st,
	    &test_cause), 0);
	cr_assert_eq(st.type, VFS_OTHER);
}

/* ------------------------------------------------------------ list */

Test(vfs_local, listing_skips_dot_entries_and_sorts_dirs_first)
{
	static const char *want[] = { "a-dir", "z-dir", "B", "a", "b" };
	struct vfs_list l;
	size_t i;

	test_put("b", "", 0);
	test_put("a", "xy", 2);
	test_put("B", "", 0);
	cr_assert_eq(mkdir(tp("z-dir"), 0755), 0);
	cr_assert_eq(mkdir(tp("a-dir"), 0755), 0);
	cr_assert_eq(vfs_local_ops.list(test_fs, test_dir, &l, &test_cause),
	    0, "%s", test_cause);
	vfs_list_sort(&l);
	cr_assert_eq(l.n, 5);
	for (i = 0; i < l.n; i++)
		cr_assert_str_eq(l.v[i].name, want[i]);
	cr_assert_eq(l.v[0].st.type, VFS_DIR);
	cr_assert_eq(l.v[3].st.type, VFS_FILE);
	cr_assert_eq(l.v[3].st.size, 2);
	vfs_list_free(&l);
	cr_assert_null(l.v);
	cr_assert_eq(l.n, 0);
}

Test(vfs_local, listing_keeps_odd_names_as_data)
{
	static const char *odd[] = { "-rf", "new\nline", "esc\x1b[2J", " ",
	    "...", "dir\\name" };
	struct vfs_list l;
	size_t i, j, found = 0;

	for (i = 0; i < sizeof odd / sizeof odd[0]; i++)
		test_put(odd[i], "", 0);
	cr_assert_eq(vfs_local_ops.list(test_fs, test_dir, &l, &test_cause),
	    0);
	cr_assert_eq(l.n, sizeof odd / sizeof odd[0]);
	for (i = 0; i < l.n; i++) {
		cr_assert(path_name_is_safe(l.v[i].name));
		for (j = 0; j < sizeof odd / sizeof odd[0]; j++)
			found += strcmp(l.v[i].name, odd[j]) == 0;
	}
	cr_assert_eq(found, l.n);
	vfs_list_free(&l);
}

Test(vfs_local, listing_shows_a_dangling_symlink_as_link)
{
	struct vfs_list l;

	cr_assert_eq(symlink("gone", tp("dangling")), 0);
	cr_assert_eq(vfs_local_ops.list(test_fs, test_dir, &l, &test_cause),
	    0);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.v[0].name, "dangling");
	cr_assert_eq(l.v[0].st.type, VFS_LINK);
	vfs_list_free(&l);
}

Test(vfs_local, listing_a_missing_directory_is_noent_and_leaves_it_empty)
{
	struct vfs_list l;

	cr_assert_eq(vfs_local_ops.list(test_fs, tp("nope"), &l, &test_cause),
	    FERR_NOENT);
	cr_assert_null(l.v);
	cr_assert_eq(l.n, 0);
	cr_assert_not_null(strstr(test_cause, "nope"));
}

Test(vfs_local, listing_a_file_is_refused)
{
	struct vfs_list l;

	test_put("f", "", 0);
	cr_assert_lt(vfs_local_ops.list(test_fs, tp("f"), &l, &test_cause),
	    0);
	cr_assert_eq(l.n, 0);
}

Test(vfs_local, listing_a_large_directory_keeps_every_entry)
{
	struct vfs_list l;
	char name[32];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "f%04d", i);
		test_put(name, "", 0);
	}
	cr_assert_eq(vfs_local_ops.list(test_fs, test_dir, &l, &test_cause),
	    0);
	vfs_list_sort(&l);
	cr_assert_eq(l.n, 1000);
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "f%04d", i);
		cr_assert_str_eq(l.v[i].name, name);
	}
	vfs_list_free(&l);
}

/* ------------------------------------------------------------ read */

Test(vfs_local, reading_from_an_offset_starts_there)
{
	char buf[64];
	size_t n;

	test_put("f", "0123456789", 10);
	n = test_read_from("f", 0, buf, sizeof buf);
	cr_assert_eq(n, 10);
	cr_assert_arr_eq(buf, "0123456789", 10);
	n = test_read_from("f", 7, buf, sizeof buf);
	cr_assert_eq(n, 3);
	cr_assert_arr_eq(buf, "789", 3);
	n = test_read_from("f", 10, buf, sizeof buf);
	cr_assert_eq(n, 0);
}

Test(vfs_local, reading_from_beyond_the_end_gives_eof)
{
	char buf[16];

	test_put("f", "abc", 3);
	cr_assert_eq(test_read_from("f", 1000, buf, sizeof buf), 0);
}

Test(vfs_local, reading_a_directory_is_refused)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_read(test_fs, test_dir, 0, &f,
	    &test_cause), FERR_ISDIR);
	cr_assert_null(f);
	cr_assert_not_null(strstr(test_cause, test_dir));
}

Test(vfs_local, reading_a_missing_file_is_noent)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_read(test_fs, tp("nope"), 0, &f,
	    &test_cause), FERR_NOENT);
	cr_assert_null(f);
}

Test(vfs_local, reading_a_fifo_without_a_writer_does_not_hang, .timeout = 10)
{
	char buf[8];

	cr_assert_eq(mkfifo(tp("fifo"), 0600), 0);
	cr_assert_eq(test_read_from("fifo", 0, buf, sizeof buf), 0);
}

Test(vfs_local, reading_past_4_gib_of_a_sparse_file_works)
{
	static const char marker[] = "ferry-5GiB";	/* 10 bytes */
	uint64_t size = 5 * GIB, at = size - 10;
	struct vfs_stat st;
	char buf[64];
	int fd;

	fd = open(tp("big"), O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1);
	cr_assert_eq(ftruncate(fd, (off_t)size), 0, "%s", strerror(errno));
	cr_assert_eq(pwrite(fd, marker, 10, (off_t)at), 10);
	close(fd);

	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("big"), &st,
	    &test_cause), 0);
	cr_assert_eq(st.size, size);
	cr_assert_eq(test_read_from("big", at, buf, sizeof buf), 10);
	cr_assert_arr_eq(buf, marker, 10);
	cr_assert_eq(test_read_from("big", at + 4, buf, sizeof buf), 6);
	cr_assert_arr_eq(buf, marker + 4, 6);
}

Test(vfs_local, reading_at_an_offset_past_any_file_size_is_refused)
{
	struct vfs_file *f = NULL;

	test_put("f", "x", 1);
	cr_assert_eq(vfs_local_ops.open_read(test_fs, tp("f"), UINT64_MAX, &f,
	    &test_cause), FERR_USAGE);
	cr_assert_null(f);
}

/* ------------------------------------------------------------ write */

Test(vfs_local, writing_at_an_offset_keeps_the_bytes_before_it)
{
	struct vfs_file *f;

	test_put("f", "hello", 5);
	f = test_open_write("f", 5, VFS_WR_CREATE);
	cr_assert_eq(f->pos, 5);
	test_write_close(f, ", world");
	test_expect_file("f", "hello, world");
}

Test(vfs_local, writing_at_an_offset_never_truncates)
{
	struct vfs_file *f;

	test_put("f", "0123456789", 10);
	f = test_open_write("f", 3, VFS_WR_CREATE);
	test_write_close(f, "ab");
	test_expect_file("f", "012ab56789");
}

Test(vfs_local, writing_at_offset_zero_without_trunc_keeps_the_rest)
{
	struct vfs_file *f;

	test_put("f", "0123456789", 10);
	f = test_open_write("f", 0, 0);
	test_write_close(f, "ab");
	test_expect_file("f", "ab23456789");
}

Test(vfs_local, writing_at_an_offset_beyond_the_end_is_refused)
{
	struct vfs_file *f = NULL;

	test_put("f", "hello", 5);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 6,
	    VFS_WR_CREATE, 0644, &f, &test_cause), FERR_IO);
	cr_assert_null(f);
	cr_assert_not_null(strstr(test_cause, tp("f")));
	cr_assert_not_null(strstr(test_cause, "beyond"), "%s", test_cause);
	test_expect_file("f", "hello");
}

Test(vfs_local, resuming_a_missing_file_is_noent_and_creates_nothing)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 10,
	    VFS_WR_CREATE, 0644, &f, &test_cause), FERR_NOENT);
	cr_assert_null(f);
	cr_assert_eq(access(tp("f"), F_OK), -1);
}

Test(vfs_local, truncating_at_a_nonzero_offset_is_refused_and_loses_nothing)
{
	struct vfs_file *f = NULL;

	test_put("f", "hello", 5);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 2,
	    VFS_WR_CREATE|VFS_WR_TRUNC, 0644, &f, &test_cause), FERR_USAGE);
	cr_assert_null(f);
	test_expect_file("f", "hello");
}

Test(vfs_local, exclusive_create_of_an_existing_file_fails_and_keeps_it)
{
	struct vfs_file *f = NULL;

	test_put("f", "hello", 5);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 0,
	    VFS_WR_CREATE|VFS_WR_EXCL, 0644, &f, &test_cause), FERR_EXISTS);
	cr_assert_null(f);
	test_expect_file("f", "hello");
}

Test(vfs_local, exclusive_create_of_a_new_file_works)
{
	struct vfs_file *f;

	f = test_open_write("new", 0, VFS_WR_CREATE|VFS_WR_EXCL);
	test_write_close(f, "fresh");
	test_expect_file("new", "fresh");
}

Test(vfs_local, trunc_empties_the_file_before_writing)
{
	struct vfs_file *f;

	test_put("f", "a long old content", 18);
	f = test_open_write("f", 0, VFS_WR_CREATE|VFS_WR_TRUNC);
	test_write_close(f, "new");
	test_expect_file("f", "new");
}

Test(vfs_local, writing_a_missing_file_without_create_is_noent)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 0, 0, 0644,
	    &f, &test_cause), FERR_NOENT);
	cr_assert_eq(access(tp("f"), F_OK), -1);
}

Test(vfs_local, create_applies_the_mode_under_the_umask)
{
	struct vfs_file *f = NULL;
	struct stat sb;
	mode_t old;

	old = umask(022);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("f"), 0,
	    VFS_WR_CREATE, 0666, &f, &test_cause), 0);
	vfs_local_ops.abort(f);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("g"), 0,
	    VFS_WR_CREATE, 0, &f, &test_cause), 0);
	vfs_local_ops.abort(f);
	umask(old);
	cr_assert_eq(stat(tp("f"), &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0644);
	cr_assert_eq(stat(tp("g"), &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0644, "mode 0 means the default");
}

Test(vfs_local, writing_to_a_directory_is_refused)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(vfs_local_ops.open_write(test_fs, test_dir, 0,
	    VFS_WR_CREATE, 0644, &f, &test_cause), FERR_ISDIR);
	cr_assert_null(f);
}

Test(vfs_local, writing_and_reading_past_4_gib_keeps_the_offset)
{
	static const char tail[] = "tail";
	uint64_t at = 4 * GIB + 3;
	struct vfs_file *f;
	char buf[16];
	int fd;

	fd = open(tp("big"), O_WRONLY|O_CREAT|O_TRUNC, 0644);
	cr_assert_neq(fd, -1);
	cr_assert_eq(ftruncate(fd, (off_t)at), 0);
	close(fd);
	f = test_open_write("big", at, VFS_WR_CREATE);
	cr_assert_eq(f->pos, at);
	test_write_close(f, tail);
	cr_assert_eq(test_read_from("big", at, buf, sizeof buf), 4);
	cr_assert_arr_eq(buf, tail, 4);
}

static void
test_on_alarm(int sig)
{
}

/* A child that copies the fifo to "copy", slowly so the writer blocks. */
static void
test_slow_reader(void)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	if ((in = open(tp("fifo"), O_RDONLY)) == -1 ||
	    (out = open(tp("copy"), O_WRONLY|O_CREAT|O_TRUNC, 0600)) == -1)
		_exit(2);
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n)
			_exit(3);
		usleep(200);
	}
	_exit(n == 0 && close(out) == 0 ? 0 : 4);
}

Test(vfs_local, writes_cut_short_by_signals_are_finished, .timeout = 20)
{
	struct sigaction sa = { .sa_handler = test_on_alarm };	/* no restart */
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } }, off = { 0 };
	size_t len = 8 << 20, i, done;
	struct vfs_file *f;
	char *data, *copy;
	int status;
	pid_t pid;

	cr_assert_eq(mkfifo(tp("fifo"), 0600), 0);
	if ((pid = fork()) == 0)
		test_slow_reader();
	cr_assert_neq(pid, -1);
	data = malloc(len);
	copy = malloc(len + 1);
	for (i = 0; i < len; i++)
		data[i] = (char)(i * 7 + i / 4096);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	f = test_open_write("fifo", 0, 0);
	cr_assert_eq(vfs_local_ops.write(f, data, len, &done, &test_cause), 0,
	    "%s", test_cause);
	setitimer(ITIMER_REAL, &off, NULL);
	cr_assert_eq(done, len);
	cr_assert_eq(f->pos, len);
	cr_assert_eq(vfs_local_ops.close(f, &test_cause), 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_assert_eq(test_get("copy", copy, len + 1), len);
	cr_assert_arr_eq(copy, data, len);
	free(data);
	free(copy);
}

/* What the child of the file-size-limit test saw. */
struct test_fsize_result {
	int		error;
	size_t		done;
	uint64_t	pos;
	int		named;		/* the message names the file */
};

/*
 * In a child: limit files to limit bytes, resume "f" at offset and write
 * len bytes, which must fail part-way with EFBIG.
 */
static void
test_fsize_child(int wfd, uint64_t offset, size_t len, rlim_t limit)
{
	struct test_fsize_result r = { 0 };
	struct rlimit rl = { .rlim_cur = limit, .rlim_max = limit };
	struct vfs_file *f = NULL;
	char *cause = NULL, *buf;

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(2);
	if (vfs_local_ops.open_write(test_fs, tp("f"), offset, VFS_WR_CREATE,
	    0644, &f, &cause) != 0)
		_exit(3);
	buf = calloc(1, len);
	r.error = vfs_local_ops.write(f, buf, len, &r.done, &cause);
	r.pos = f->pos;
	r.named = cause != NULL && strstr(cause, tp("f")) != NULL &&
	    strstr(cause, strerror(EFBIG)) != NULL;
	vfs_local_ops.abort(f);
	if (write(wfd, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(4);
	free(buf);
	free(cause);
	_exit(0);
}

static struct test_fsize_result
test_fsize_run(uint64_t offset, size_t len, rlim_t limit)
{
	struct test_fsize_result r;
	int p[2], status;
	pid_t pid;

	cr_assert_eq(pipe(p), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		close(p[0]);
		test_fsize_child(p[1], offset, len, limit);
	}
	close(p[1]);
	cr_assert_eq(read(p[0], &r, sizeof r), (ssize_t)sizeof r);
	close(p[0]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %d", status);
	return (r);
}

Test(vfs_local, a_write_stopped_by_the_file_size_limit_reports_what_it_wrote)
{
	struct test_fsize_result r;
	struct stat sb;

	r = test_fsize_run(0, 4096, 1000);
	cr_assert_eq(r.error, FERR_NOSPC);
	cr_assert_eq(r.done, 1000);
	cr_assert_eq(r.pos, 1000);
	cr_assert(r.named, "the message names the file and the reason");
	cr_assert_eq(stat(tp("f"), &sb), 0);
	cr_assert_eq(sb.st_size, 1000);
}

Test(vfs_local, a_resumed_write_stopped_by_the_file_size_limit_counts_from_the_offset)
{
	struct test_fsize_result r;
	struct stat sb;
	char prefix[600];

	memset(prefix, 'p', sizeof prefix);
	test_put("f", prefix, sizeof prefix);
	r = test_fsize_run(sizeof prefix, 4096, 1000);
	cr_assert_eq(r.error, FERR_NOSPC);
	cr_assert_eq(r.done, 400);
	cr_assert_eq(r.pos, 1000);
	cr_assert_eq(stat(tp("f"), &sb), 0);
	cr_assert_eq(sb.st_size, 1000);
}

/* ------------------------------------------------------------ the rest */

Test(vfs_local, mkdir_rename_remove_and_rmdir_do_what_they_say)
{
	struct vfs_stat st;

	cr_assert_eq(vfs_local_ops.mkdir(test_fs, tp("d"), 0750,
	    &test_cause), 0);
	cr_assert_eq(vfs_local_ops.stat(test_fs, tp("d"), &st, &test_cause),
	    0);
	cr_assert_eq(st.type, VFS_DIR);
	cr_assert_eq(vfs_local_ops.mkdir(test_fs, tp("d"), 0750,
	    &test_cause), FERR_EXISTS);
	test_put("a", "x", 1);
	cr_assert_eq(vfs_local_ops.rename(test_fs, tp("a"), tp("d/b"),
	    &test_cause), 0);
	test_expect_file("d/b", "x");
	cr_assert_lt(vfs_local_ops.rmdir(test_fs, tp("d"), &test_cause), 0);
	cr_assert_eq(vfs_local_ops.remove(test_fs, tp("d/b"), &test_cause),
	    0);
	cr_assert_eq(vfs_local_ops.rmdir(test_fs, tp("d"), &test_cause), 0);
	cr_assert_eq(access(tp("d"), F_OK), -1);
}

Test(vfs_local, chmod_sets_the_permissions_and_names_a_missing_file)
{
	struct stat sb;

	cr_assert(vfs_local_ops.caps & VFS_CAP_CHMOD);
	test_put("m", "x", 1);
	cr_assert_eq(vfs_local_ops.chmod(test_fs, tp("m"), 0640,
	    &test_cause), 0);
	cr_assert_eq(stat(tp("m"), &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 0640);
	cr_assert_eq(vfs_local_ops.chmod(test_fs, tp("m"), 04755 | 010000,
	    &test_cause), 0, "bits above 07777 are not the mode's");
	cr_assert_eq(stat(tp("m"), &sb), 0);
	cr_assert_eq(sb.st_mode & 07777, 04755);
	cr_assert_eq(vfs_local_ops.chmod(test_fs, tp("gone"), 0600,
	    &test_cause), FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, tp("gone")));
}

Test(vfs_local, failed_file_operations_name_the_file)
{
	cr_assert_eq(vfs_local_ops.remove(test_fs, tp("nope"), &test_cause),
	    FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, tp("nope")));
	cr_assert_eq(vfs_local_ops.rmdir(test_fs, tp("nope2"), &test_cause),
	    FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, tp("nope2")));
	cr_assert_eq(vfs_local_ops.rename(test_fs, tp("x"), tp("y"),
	    &test_cause), FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, tp("x")));
	cr_assert_eq(vfs_local_ops.mkdir(test_fs, tp("no/such"), 0755,
	    &test_cause), FERR_NOENT);
	cr_assert_not_null(strstr(test_cause, tp("no/such")));
}

Test(vfs_local, the_local_backend_can_resume_both_ways)
{
	unsigned want = VFS_CAP_READ_AT|VFS_CAP_WRITE_AT|VFS_CAP_RENAME|
	    VFS_CAP_MKDIR|VFS_CAP_SETTIME|VFS_CAP_REPLACE|VFS_CAP_CHMOD;

	cr_assert_eq(vfs_local_ops.caps, want);
	cr_assert_str_eq(vfs_local_ops.name, "local");
	cr_assert(vfs_is_local(test_fs));
	cr_assert_eq(vfs_reconnect(test_fs, &test_cause), 0);
	cr_assert(test_fs->connected);
}

/* ------------------------------------------------------------ resolve */

static void
test_resolve_local(const char *location, const char *want)
{
	struct vfs *fs;
	char *path, *shown, *cause = NULL;

	cr_assert_eq(vfs_resolve(location, &fs, &path, &cause), 0,
	    "%s: %s", location, cause);
	cr_assert(vfs_is_local(fs));
	cr_assert_null(fs->url);
	cr_assert_not(fs->connected);
	cr_assert_str_eq(path, want, "%s", location);
	shown = vfs_display(fs, path);
	cr_assert_str_eq(shown, want);
	free(shown);
	free(path);
	vfs_free(fs);
}

Test(vfs_local, resolving_a_plain_path_gives_a_local_session)
{
	test_resolve_local("/tmp/x", "/tmp/x");
	test_resolve_local("rel/dir/", "rel/dir/");
	test_resolve_local("a:b", "a:b");
	test_resolve_local("./ftp://x", "./ftp://x");
	test_resolve_local("", ".");
	test_resolve_local(NULL, ".");
}

Test(vfs_local, resolving_a_file_url_gives_a_local_session_with_its_path)
{
	test_resolve_local("file:///tmp/x", "/tmp/x");
	test_resolve_local("file://localhost/tmp/a%20b", "/tmp/a b");
	test_resolve_local("FILE:///", "/");
}

/* Every remote scheme resolves to its backend, not yet connected, with
 * the URL's path; the password stays in the URL, never in the display. */
Test(vfs_local, resolving_a_remote_url_gives_its_backend_unconnected)
{
	static const struct {
		const char	*url;
		const char	*backend;
		const char	*path;
	} cases[] = {
		{ "ftp://ana:secret@h/pub", "ftp", "pub" },
		{ "ftps://h/x", "ftp", "x" },
		{ "ftpes://h/x", "ftp", "x" },
		{ "sftp://ana:secret@h/x", "sftp", "x" },
	};
	struct vfs *fs;
	char *path, *cause = NULL, *shown;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(vfs_resolve(cases[i].url, &fs, &path, &cause), 0,
		    "%s: %s", cases[i].url, cause);
		cr_expect_str_eq(fs->ops->name, cases[i].backend, "%s",
		    cases[i].url);
		cr_expect_str_eq(path, cases[i].path);
		cr_expect_eq(fs->connected, 0);
		shown = vfs_display(fs, path);
		cr_expect_null(strstr(shown, "secret"), "%s", shown);
		free(shown);
		free(path);
		vfs_free(fs);
	}
}

Test(vfs_local, resolving_a_bad_url_is_a_usage_error)
{
	static const char *urls[] = { "http://h/x", "file://elsewhere/x",
	    "ftp:///nohost" };
	struct vfs *fs;
	char *path, *cause;
	size_t i;

	for (i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		cause = NULL;
		cr_assert_eq(vfs_resolve(urls[i], &fs, &path, &cause),
		    FERR_USAGE, "%s", urls[i]);
		cr_assert_null(fs);
		cr_assert_null(path);
		cr_assert_not_null(cause);
		free(cause);
	}
}

/* ------------------------------------------------------------ helpers */

Test(vfs_local, joining_puts_one_slash_between_dir_and_name)
{
	static const struct {
		const char	*dir, *name, *want;
	} t[] = {
		{ "a", "b", "a/b" },
		{ "a/", "b", "a/b" },
		{ "", "b", "b" },
		{ NULL, "b", "b" },
		{ "/", "b", "/b" },
		{ "/x/y", "z.txt", "/x/y/z.txt" },
		{ ".", "b", "./b" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = path_join(t[i].dir, t[i].name);
		cr_assert_str_eq(s, t[i].want, "join(%s, %s)", t[i].dir,
		    t[i].name);
		free(s);
	}
}

Test(vfs_local, the_basename_is_the_last_component)
{
	static const struct {
		const char	*path, *want;
	} t[] = {
		{ "a", "a" },
		{ "a/b", "b" },
		{ "/a/b/c.txt", "c.txt" },
		{ "a/b/", "b/" },	/* points into the path */
		{ "a//", "a//" },
		{ "/", "/" },
		{ "///", "/" },
		{ "", "" },
		{ "/a", "a" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cr_assert_str_eq(path_basename(t[i].path), t[i].want,
		    "basename(%s)", t[i].path);
	}
}

Test(vfs_local, the_parent_is_the_directory_of_the_last_component)
{
	static const struct {
		const char	*path, *want;
	} t[] = {
		{ "a", "." },
		{ "a/b", "a" },
		{ "/a/b/c.txt", "/a/b" },
		{ "a/b/", "a" },
		{ "a//b", "a" },
		{ "a//", "." },
		{ "/", "/" },
		{ "///", "/" },
		{ "", "." },
		{ "/a", "/" },
		{ "./a", "." },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = path_parent(t[i].path);
		cr_assert_str_eq(s, t[i].want, "parent(%s)", t[i].path);
		free(s);
	}
}

Test(vfs_local, only_plain_names_are_safe_as_a_path_component)
{
	static const struct {
		const char	*name;
		int		 safe;
	} t[] = {
		{ "file.txt", 1 },
		{ "...", 1 },
		{ ".hidden", 1 },
		{ "-rf", 1 },
		{ "a b", 1 },
		{ "", 0 },
		{ ".", 0 },
		{ "..", 0 },
		{ "/", 0 },
		{ "../etc", 0 },
		{ "a/b", 0 },
		{ "/etc/passwd", 0 },
		{ "dir/", 0 },
		{ NULL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cr_assert_eq(path_name_is_safe(t[i].name), t[i].safe,
		    "name_is_safe(%s)", t[i].name);
	}
}

Test(vfs_local, sorting_puts_dirs_first_then_bytes_in_order)
{
	static const struct {
		const char	*name;
		enum vfs_type	 type;
	} in[] = {
		{ "zeta", VFS_FILE }, { "beta", VFS_DIR }, { "Alpha", VFS_FILE },
		{ "link", VFS_LINK }, { "alpha", VFS_DIR }, { "\xc3\xa9", VFS_FILE },
	};
	static const char *want[] = { "alpha", "beta", "Alpha", "link",
	    "zeta", "\xc3\xa9" };
	struct vfs_list l = { NULL, 0 };
	struct vfs_stat st = { 0 };
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		st.type = in[i].type;
		vfs_list_add(&l, in[i].name, &st);
	}
	vfs_list_sort(&l);
	cr_assert_eq(l.n, sizeof want / sizeof want[0]);
	for (i = 0; i < l.n; i++)
		cr_assert_str_eq(l.v[i].name, want[i]);
	vfs_list_free(&l);
	vfs_list_free(&l);	/* twice is harmless */
}

/* ------------------------------------------------------------ links */

/* open_write of name refuses with FERR_IO, no handle, and a message that
 * names the file and says why (want). */
static void
test_write_refused(const char *name, uint64_t offset, int flags,
    const char *want)
{
	struct vfs_file *f = NULL;

	free(test_cause);
	test_cause = NULL;
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp(name), offset,
	    flags, 0644, &f, &test_cause), FERR_IO, "open_write %s", name);
	cr_assert_null(f);
	cr_assert_not_null(test_cause);
	cr_assert_not_null(strstr(test_cause, want), "%s", test_cause);
	cr_assert_not_null(strstr(test_cause, tp(name)), "%s", test_cause);
}

Test(vfs_local, overwrite_does_not_write_through_a_symlink)
{
	test_put("victim", "precious", 8);
	cr_assert_eq(symlink("victim", tp("link")), 0);
	test_write_refused("link", 0, VFS_WR_CREATE|VFS_WR_TRUNC,
	    "symbolic link");
	test_expect_file("victim", "precious");
}

Test(vfs_local, resume_does_not_write_through_a_symlink)
{
	test_put("victim", "precious", 8);
	cr_assert_eq(symlink("victim", tp("link")), 0);
	test_write_refused("link", 4, 0, "symbolic link");
	test_expect_file("victim", "precious");
}

Test(vfs_local, overwrite_of_a_hard_link_truncates_nothing)
{
	test_put("victim", "precious", 8);
	cr_assert_eq(link(tp("victim"), tp("hard")), 0);
	test_write_refused("hard", 0, VFS_WR_CREATE|VFS_WR_TRUNC,
	    "hard links");
	test_write_refused("hard", 8, 0, "hard links");
	test_expect_file("victim", "precious");
}

Test(vfs_local, writing_into_a_fifo_is_refused_without_hanging,
    .timeout = 10)
{
	struct vfs_file *f = NULL;

	cr_assert_eq(mkfifo(tp("fifo"), 0600), 0);
	/* no reader: the open fails (ENXIO) instead of waiting for one */
	cr_assert_neq(vfs_local_ops.open_write(test_fs, tp("fifo"), 0,
	    VFS_WR_CREATE|VFS_WR_TRUNC, 0644, &f, &test_cause), 0);
	cr_assert_null(f);
}

Test(vfs_local, check_target_accepts_the_users_own_file_and_directory)
{
	test_put("mine", "x", 1);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("mine"), 0,
	    &test_cause), 0, "%s", test_cause);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, test_dir, 1,
	    &test_cause), 0, "%s", test_cause);
}

Test(vfs_local, check_target_refuses_symlinks_to_files_and_directories)
{
	test_put("victim", "precious", 8);
	cr_assert_eq(symlink("victim", tp("link")), 0);
	cr_assert_eq(mkdir(tp("dir"), 0700), 0);
	cr_assert_eq(symlink("dir", tp("dlink")), 0);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("link"), 0,
	    &test_cause), FERR_IO);
	cr_assert_not_null(strstr(test_cause, "symbolic link"), "%s",
	    test_cause);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("dlink"), 1,
	    &test_cause), FERR_IO);
	cr_assert_not_null(strstr(test_cause, "symbolic link"), "%s",
	    test_cause);
}

Test(vfs_local, check_target_refuses_a_hard_linked_file)
{
	test_put("victim", "precious", 8);
	cr_assert_eq(link(tp("victim"), tp("hard")), 0);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("hard"), 0,
	    &test_cause), FERR_IO);
	cr_assert_not_null(strstr(test_cause, "hard links"), "%s",
	    test_cause);
}

Test(vfs_local, check_target_refuses_another_users_file)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to give a file away");
	test_put("theirs", "x", 1);
	cr_assert_eq(chown(tp("theirs"), 65534, 65534), 0);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("theirs"), 0,
	    &test_cause), FERR_IO);
	cr_assert_not_null(strstr(test_cause, "another user"), "%s",
	    test_cause);
	test_write_refused("theirs", 0, VFS_WR_CREATE|VFS_WR_TRUNC,
	    "another user");
	test_expect_file("theirs", "x");
}

Test(vfs_local, rename_replaces_a_file_in_one_step)
{
	test_put("new", "fresh", 5);
	test_put("old", "precious", 8);
	cr_assert(vfs_local_ops.caps & VFS_CAP_REPLACE);
	cr_assert_eq(vfs_local_ops.rename(test_fs, tp("new"), tp("old"),
	    &test_cause), 0, "%s", test_cause);
	test_expect_file("old", "fresh");
	cr_assert_eq(access(tp("new"), F_OK), -1);
}

/* ------------------------------------------------ below a tree's root */

/* root/ with a link sub -> ../elsewhere planted in it. */
static void
test_plant_dir_link(void)
{
	cr_assert_eq(mkdir(tp("root"), 0700), 0);
	cr_assert_eq(mkdir(tp("root/a"), 0700), 0);
	cr_assert_eq(mkdir(tp("elsewhere"), 0700), 0);
	cr_assert_eq(symlink("../elsewhere", tp("root/sub")), 0);
	cr_assert_eq(symlink("../../elsewhere", tp("root/a/deep")), 0);
	vfs_set_beneath(test_fs, tp("root"));
}

static void
test_refused_as_link(int rc, const char *what)
{
	cr_assert_eq(rc, FERR_IO, "%s: %d", what, rc);
	cr_assert_not_null(test_cause, "%s", what);
	cr_assert_not_null(strstr(test_cause, "symbolic link"), "%s: %s",
	    what, test_cause);
	free(test_cause);
	test_cause = NULL;
}

Test(vfs_local, below_the_root_no_directory_link_is_written_through)
{
	struct vfs_file *f = NULL;

	test_plant_dir_link();
	test_refused_as_link(vfs_local_ops.open_write(test_fs,
	    tp("root/sub/f"), 0, VFS_WR_CREATE|VFS_WR_TRUNC, 0644, &f,
	    &test_cause), "open_write");
	cr_assert_null(f);
	test_refused_as_link(vfs_local_ops.open_write(test_fs,
	    tp("root/a/deep/f"), 0, VFS_WR_CREATE|VFS_WR_TRUNC, 0644, &f,
	    &test_cause), "open_write two levels down");
	test_refused_as_link(vfs_local_ops.mkdir(test_fs, tp("root/sub/d"),
	    0700, &test_cause), "mkdir");
	test_put("root/x", "x", 1);
	test_refused_as_link(vfs_local_ops.rename(test_fs, tp("root/x"),
	    tp("root/sub/x"), &test_cause), "rename");
	test_refused_as_link(vfs_local_ops.check_target(test_fs,
	    tp("root/sub/x"), 0, &test_cause), "check_target");
	test_put("elsewhere/v", "precious", 8);
	test_refused_as_link(vfs_local_ops.setmtime(test_fs,
	    tp("root/sub/v"), 0, &test_cause), "setmtime");
	test_refused_as_link(vfs_local_ops.remove(test_fs, tp("root/sub/v"),
	    &test_cause), "remove");
	/* nothing reached the directory the links point to */
	test_expect_file("elsewhere/v", "precious");
	cr_assert_eq(access(tp("elsewhere/f"), F_OK), -1);
	cr_assert_eq(access(tp("elsewhere/d"), F_OK), -1);
	cr_assert_eq(access(tp("elsewhere/x"), F_OK), -1);
	test_expect_file("root/x", "x");
}

Test(vfs_local, below_the_root_plain_directories_are_written_as_usual)
{
	struct vfs_file *f = NULL;
	size_t done;

	test_plant_dir_link();
	cr_assert_eq(vfs_local_ops.mkdir(test_fs, tp("root/a/b"), 0700,
	    &test_cause), 0, "%s", test_cause);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("root/a/b/f"), 0,
	    VFS_WR_CREATE|VFS_WR_TRUNC, 0644, &f, &test_cause), 0, "%s",
	    test_cause);
	cr_assert_eq(vfs_local_ops.write(f, "abc", 3, &done, &test_cause),
	    0);
	cr_assert_eq(vfs_local_ops.close(f, &test_cause), 0);
	cr_assert_eq(vfs_local_ops.rename(test_fs, tp("root/a/b/f"),
	    tp("root/g"), &test_cause), 0, "%s", test_cause);
	test_expect_file("root/g", "abc");
	cr_assert_eq(vfs_local_ops.setmtime(test_fs, tp("root/g"),
	    1600000000, &test_cause), 0, "%s", test_cause);
	cr_assert_eq(vfs_local_ops.check_target(test_fs, tp("root/a/b"), 1,
	    &test_cause), 0, "%s", test_cause);
}

Test(vfs_local, the_root_itself_may_be_reached_through_a_link)
{
	struct vfs_file *f = NULL;

	/* the user's own directory: above the tree, links are theirs */
	cr_assert_eq(mkdir(tp("real"), 0700), 0);
	cr_assert_eq(symlink("real", tp("mine")), 0);
	vfs_set_beneath(test_fs, tp("mine"));
	cr_assert_eq(vfs_local_ops.mkdir(test_fs, tp("mine/d"), 0700,
	    &test_cause), 0, "%s", test_cause);
	cr_assert_eq(vfs_local_ops.open_write(test_fs, tp("mine/d/f"), 0,
	    VFS_WR_CREATE, 0644, &f, &test_cause), 0, "%s", test_cause);
	vfs_local_ops.abort(f);
	cr_assert_eq(access(tp("real/d/f"), F_OK), 0);
}

Test(vfs_local, below_the_root_dot_dot_is_refused)
{
	struct vfs_file *f = NULL;

	test_plant_dir_link();
	cr_assert_eq(vfs_local_ops.open_write(test_fs,
	    tp("root/a/../../elsewhere/f"), 0, VFS_WR_CREATE, 0644, &f,
	    &test_cause), FERR_IO);
	cr_assert_not_null(strstr(test_cause, "unsafe"), "%s", test_cause);
	cr_assert_eq(access(tp("elsewhere/f"), F_OK), -1);
}

Test(vfs_local, setmtime_does_not_follow_a_link_at_the_target)
{
	struct stat sb;

	test_put("victim", "precious", 8);
	cr_assert_eq(symlink("victim", tp("link")), 0);
	(void)vfs_local_ops.setmtime(test_fs, tp("link"), 1000000000,
	    &test_cause);
	cr_assert_eq(stat(tp("victim"), &sb), 0);
	cr_assert_neq(sb.st_mtime, 1000000000);
}
