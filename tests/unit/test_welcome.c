/* ferry: tests of the welcome box's text (ui/welcome.c): what a file
 * named by FERRY_WELCOME becomes on the screen, and which files are
 * refused. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <curses.h>

#include "util/err.h"
#include "ui/view.h"
#include "ui/welcome.h"
#include "testdir.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static char test_dir[] = "/tmp/ferry-welcome-XXXXXX";
static char test_file[sizeof test_dir + 16];

static void
test_setup(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	testdir_make(test_dir);
	snprintf(test_file, sizeof test_file, "%s/welcome", test_dir);
}

static void
test_teardown(void)
{
	testdir_remove(test_dir);
}

TestSuite(welcome, .init = test_setup, .fini = test_teardown);

/* Write len bytes of text to the test file. */
static void
test_write(const char *text, size_t len)
{
	FILE *f = fopen(test_file, "w");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

Test(welcome, a_line_is_shown_as_safe_text_with_tabs_as_spaces)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "dos line\r", "dos line" },
		{ "\tF5", "        F5" },
		{ "ab\tc\td", "ab      c       d" },
		/* é is one column, two bytes. */
		{ "\xc3\xa9\tx", "\xc3\xa9       x" },
		{ "red\x1b[31m", "red\\x1b[31m" },
		{ "mid\rline", "mid\\x0dline" },
		{ "bad \xff byte", "bad \\xff byte" },
	};
	size_t i;
	char *s;

	for (i = 0; i < NITEMS(cases); i++) {
		s = welcome_line(cases[i].in, strlen(cases[i].in));
		cr_expect_str_eq(s, cases[i].out, "case %zu: got \"%s\"", i, s);
		free(s);
	}
}

Test(welcome, no_file_named_means_no_box)
{
	struct view *v = (struct view *)1;
	char *cause = NULL;

	cr_assert_eq(welcome_open(NULL, &v, &cause), 0);
	cr_assert_null(v);
	cr_assert_eq(welcome_open("", &v, &cause), 0);
	cr_assert_null(v);
	cr_assert_null(cause);
}

Test(welcome, every_line_of_the_file_is_in_the_box_and_any_key_closes_it)
{
	static const char text[] = "Hello.\n\n\tLeft: here\r\nRight: a \x1b"
	    "[2Jserver\n\n\n";
	struct view *v = NULL;
	char *cause = NULL;

	test_write(text, sizeof text - 1);
	cr_assert_eq(welcome_open(test_file, &v, &cause), 0, "%s", cause);
	cr_assert_not_null(v);
	/* The blank lines at the end are left out. */
	cr_assert_eq(v->n, 4, "%zu lines", v->n);
	cr_expect_str_eq(v->line[0], "Hello.");
	cr_expect_str_eq(v->line[1], "");
	cr_expect_str_eq(v->line[2], "        Left: here");
	cr_expect_str_eq(v->line[3], "Right: a \\x1b[2Jserver");
	cr_expect_str_eq(v->title, "Welcome");
	cr_expect(v->any_key);
	/* Nothing to scroll: a scroll key closes it as well. */
	cr_expect_eq(view_key(v, 1, KEY_DOWN), 1);
	view_free(v);
}

Test(welcome, an_empty_file_means_no_box)
{
	struct view *v = NULL;
	char *cause = NULL;

	test_write("\n \n\t\n", 5);
	cr_assert_eq(welcome_open(test_file, &v, &cause), 0);
	cr_assert_null(v);
	cr_assert_null(cause);
}

Test(welcome, a_missing_file_is_an_error_that_names_it_safely)
{
	struct view *v = NULL;
	char *cause = NULL, path[sizeof test_dir + 16];

	snprintf(path, sizeof path, "%s/no\x1bpe", test_dir);
	cr_assert_eq(welcome_open(path, &v, &cause), FERR_NOENT);
	cr_assert_null(v);
	cr_assert_not_null(cause);
	cr_expect_not_null(strstr(cause, "no\\x1bpe"), "%s", cause);
	cr_expect_null(strchr(cause, '\x1b'));
	free(cause);
}

Test(welcome, a_file_with_a_nul_byte_is_not_text)
{
	struct view *v = NULL;
	char *cause = NULL;

	test_write("bin\0ary\n", 8);
	cr_assert_lt(welcome_open(test_file, &v, &cause), 0);
	cr_assert_null(v);
	cr_expect_not_null(strstr(cause, "not a text file"), "%s", cause);
	free(cause);
}

Test(welcome, a_file_larger_than_the_cap_is_refused)
{
	struct view *v = NULL;
	char *cause = NULL, *big = malloc(WELCOME_MAX + 1);

	cr_assert_not_null(big);
	memset(big, 'a', WELCOME_MAX + 1);
	test_write(big, WELCOME_MAX + 1);
	free(big);
	cr_assert_lt(welcome_open(test_file, &v, &cause), 0);
	cr_assert_null(v);
	cr_expect_not_null(cause);
	free(cause);
}

Test(welcome, a_directory_is_refused)
{
	struct view *v = NULL;
	char *cause = NULL;

	cr_assert_lt(welcome_open(test_dir, &v, &cause), 0);
	cr_assert_null(v);
	cr_expect_not_null(cause);
	free(cause);
}
