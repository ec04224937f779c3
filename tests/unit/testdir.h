/* ferry tests: a fresh directory per test, removed with all it holds
 * (whatever modes the test left on it).  For Criterion .init/.fini. */
#ifndef FERRY_TESTDIR_H
#define FERRY_TESTDIR_H

#include <sys/stat.h>

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>

static int
testdir_rm_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return (remove(path));
}

/* Make a directory from a mkdtemp template ("/tmp/ferry-x-XXXXXX"). */
static inline void
testdir_make(char *template)
{
	cr_assert_not_null(mkdtemp(template), "mkdtemp %s", template);
}

static inline void
testdir_remove(const char *dir)
{
	nftw(dir, testdir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
