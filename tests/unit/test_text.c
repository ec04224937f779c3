/* ferry: tests of text cut to display columns (ui/text.c). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <criterion/criterion.h>

#include "ui/text.h"

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static void
utf8_locale(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

/* ws (s fit to width columns, freed here) as UTF-8, in buf. */
static const char *
narrow(wchar_t *ws, const char *s, int width, char *buf, size_t len)
{
	cr_assert_neq(wcstombs(buf, ws, len), (size_t)-1);
	cr_assert_eq(text_wwidth(ws), width, "\"%s\" fit to %d columns takes "
	    "%d", s, width, text_wwidth(ws));
	free(ws);
	return (buf);
}

/* text_fit's result as UTF-8, in buf. */
static const char *
fit(const char *s, int width, enum text_align how, char *buf, size_t len)
{
	return (narrow(text_fit(s, width, how), s, width, buf, len));
}

static const struct {
	const char	*in;
	int		 width;
	const char	*out;
} test_middle[] = {
	/* ASCII. */
	{ "short.txt", 12, "short.txt   " },
	{ "exactly10!", 10, "exactly10!" },
	{ "abcdefghijk", 10, "abcde…hijk" },
	{ "abcdefghijk", 11, "abcdefghijk" },
	{ "abcdefghijkl", 11, "abcde…hijkl" },
	{ "abcdefghijk", 2, "a…" },
	{ "abcdefghijk", 1, "…" },
	{ "abcdefghijk", 0, "" },
	/* The extension stays whole when it fits. */
	{ "holiday-photos-2026.jpeg", 12, "holida….jpeg" },
	/* Not when the start would get no column. */
	{ "holiday-photos-2026.jpeg", 6, "hol…eg" },
	{ "archive-of-everything.tar.gz", 10, "archi…r.gz" },
	{ "a-long-name.an-extension-longer-than-it-all", 10, "a-lon…-all" },
	{ ".a-hidden-file-with-no-extension", 10, ".a-hi…sion" },
	/* CJK: two columns each, never split. */
	{ "日本語のファイル名.txt", 11, "日本…名.txt" },
	{ "日本語日本語", 12, "日本語日本語" },
	{ "日本語日本語", 6, "日…語 " },
	{ "日本語日本語", 5, "日…語" },
	{ "日本語日本語x", 6, "日…語x" },
	{ "日本語日本語", 4, "日… " },
	{ "日本語", 6, "日本語" },
	{ "日本語", 5, "日…語" },
	{ "日本語", 2, "… " },
	/* Combining marks stay with their letter. */
	{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	  "e\xcc\x81" "e\xcc\x81" ".txt", 8,
	  "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "….txt" },
	{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	  "e\xcc\x81", 5, "e\xcc\x81" "e\xcc\x81" "…" "e\xcc\x81"
	  "e\xcc\x81" },
	{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 3,
	  "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" },
};

Test(text, names_cut_in_the_middle_keep_both_ends_and_whole_characters,
    .init = utf8_locale)
{
	char	buf[256];
	size_t	i;

	for (i = 0; i < NITEMS(test_middle); i++) {
		fit(test_middle[i].in, test_middle[i].width, TEXT_CUT_MIDDLE,
		    buf, sizeof buf);
		cr_expect_str_eq(buf, test_middle[i].out, "case %zu: \"%s\" in "
		    "%d columns gave \"%s\", not \"%s\"", i, test_middle[i].in,
		    test_middle[i].width, buf, test_middle[i].out);
	}
}

Test(text, the_cut_is_marked_with_a_tilde_when_the_locale_is_not_utf8)
{
	char	buf[256];

	cr_assert_not_null(setlocale(LC_ALL, "C"));
	cr_expect_eq(text_utf8(), 0);
	cr_expect_str_eq(fit("abcdefghijk", 10, TEXT_CUT_MIDDLE, buf,
	    sizeof buf), "abcde~hijk");
	cr_expect_str_eq(fit("photo-2026-11-05.jpeg", 12, TEXT_CUT_MIDDLE,
	    buf, sizeof buf), "photo-~.jpeg");
}

Test(text, every_width_of_a_mixed_name_fills_exactly_its_columns,
    .init = utf8_locale)
{
	static const char name[] = "Ünïcødé-日本語-e\xcc\x81-ファイル.tar.gz";
	char	buf[256];
	int	w, total = text_width(name);

	for (w = 0; w <= total + 2; w++) {
		/* fit() checks the width; the ends must be the name's. */
		fit(name, w, TEXT_CUT_MIDDLE, buf, sizeof buf);
		if (w >= total)
			cr_expect_eq(strncmp(buf, name, strlen(name)), 0);
		else if (w > 1)
			cr_expect_not_null(strstr(buf, "…"), "%d: %s", w, buf);
	}
}

Test(text, the_other_alignments_still_cut_at_their_end, .init = utf8_locale)
{
	char	buf[256];

	cr_expect_str_eq(fit("abcdefghijk", 10, TEXT_LEFT, buf, sizeof buf),
	    "abcdefghi~");
	/* '…', not '~' (which would read as a home directory). */
	cr_expect_str_eq(fit("abcdefghijk", 10, TEXT_KEEP_END, buf,
	    sizeof buf), "…cdefghijk");
	cr_expect_str_eq(fit("日本語", 7, TEXT_RIGHT, buf, sizeof buf),
	    " 日本語");
}

Test(text, bytes_the_locale_cannot_show_are_written_as_escapes)
{
	char	buf[256];

	cr_assert_not_null(setlocale(LC_ALL, "C"));
	cr_expect_eq(text_width("caf\xc3\xa9"), 11);
	cr_expect_str_eq(fit("caf\xc3\xa9", 12, TEXT_LEFT, buf, sizeof buf),
	    "caf\\xc3\\xa9 ");
	/* Cut like any other text, never inside an escape's count. */
	cr_expect_str_eq(fit("\xe6\x97\xa5\xe6\x9c\xac.txt", 10,
	    TEXT_CUT_MIDDLE, buf, sizeof buf), "\\xe6\\~.txt");
	cr_expect_str_eq(text_partial_mark(), "%");
}

Test(text, utf8_names_are_kept_under_a_utf8_locale, .init = utf8_locale)
{
	char	buf[256];

	cr_expect_str_eq(fit("caf\xc3\xa9", 5, TEXT_LEFT, buf, sizeof buf),
	    "caf\xc3\xa9 ");
	/* An invalid byte that got here all the same. */
	cr_expect_str_eq(fit("a\xff", 6, TEXT_LEFT, buf, sizeof buf),
	    "a\\xff ");
	cr_expect_str_eq(text_partial_mark(), "\xe2\x97\x90");
}

/* text_fit_location's result as UTF-8, its width checked. */
static const char *
fitloc(const char *s, int width, char *buf, size_t len)
{
	return (narrow(text_fit_location(s, width), s, width, buf, len));
}

static const struct {
	const char	*in;
	int		 width;
	const char	*out;
} test_location[] = {
	/* Whole when it fits. */
	{ "sftp://ana@h.example:2222/pub/iso", 40,
	  "sftp://ana@h.example:2222/pub/iso       " },
	/* The path loses its start; scheme, user, host and port stay. */
	{ "sftp://ana@h.example:2222/srv/ftp/pub/linux/iso", 40,
	  "sftp://ana@h.example:2222…/pub/linux/iso" },
	/* Too narrow for all that: the host, then the end of the path. */
	{ "sftp://ana@h.example:2222/srv/ftp/pub/linux/iso", 30,
	  "h.example…rv/ftp/pub/linux/iso" },
	{ "ftp://[::1]:2121/srv/ftp/pub/linux/iso", 24,
	  "[::1]…/ftp/pub/linux/iso" },
	{ "ftps://files.example.org/a/very/long/path/to/the/place", 30,
	  "files.example.org…to/the/place" },
	/* Not even the host and a part of the path: the end only. */
	{ "sftp://a-very-long-host-name.example.org/pub", 20,
	  "…ame.example.org/pub" },
	/* A local path: its end. */
	{ "/home/ana/Downloads/isos/debian", 20, "…wnloads/isos/debian" },
	/* A user name with '@' and ':' in it stays in the head. */
	{ "ftp://a%40b:x@host/one/two/three/four/five/six/seven", 40,
	  "ftp://a%40b:x@host…e/four/five/six/seven" },
};

Test(text, a_location_keeps_its_server_and_the_end_of_its_path,
    .init = utf8_locale)
{
	char	buf[256];
	size_t	i;

	for (i = 0; i < NITEMS(test_location); i++) {
		fitloc(test_location[i].in, test_location[i].width, buf,
		    sizeof buf);
		cr_expect_str_eq(buf, test_location[i].out, "%s in %d: \"%s\"",
		    test_location[i].in, test_location[i].width, buf);
	}
}

static const struct text_hint test_hint_keys[] = {
	{ "F1", "Help", 1 }, { "F2", "Queue", 2 }, { "F3", "View", 3 },
	{ "F5", "Copy", 5 }, { "F10", "Quit", 10 },
	{ "Tab", "Switch", 0 }, { "Insert", "Mark", 0 }, { "L", "Log", 0 },
};

static const struct {
	int		 width;
	const char	*out;
} test_hints[] = {
	{ 80, " F1 Help  F2 Queue  F3 View  F5 Copy  F10 Quit  Tab Switch  "
	  "Insert Mark  L Log" },
	/* Insert Mark no longer fits; L Log still does. */
	{ 66, " F1 Help  F2 Queue  F3 View  F5 Copy  F10 Quit  Tab Switch  "
	  "L Log" },
	{ 47, " F1 Help  F2 Queue  F3 View  F5 Copy  F10 Quit" },
	/* The function keys in full take 46 columns: brief below that. */
	{ 46, " F1 Help  F2 Queue  F3 View  F5 Copy  F10 Quit" },
	{ 45, " 1Help 2Queue 3View 5Copy 10Quit  Tab Switch" },
	{ 33, " 1Help 2Queue 3View 5Copy 10Quit" },
	{ 20, " 1Help 2Queue 3View" },
	{ 1, " " },
	{ 0, "" },
};

Test(text, the_hint_line_shows_the_function_keys_first_and_cuts_none)
{
	size_t	 i;
	char	*line;

	for (i = 0; i < NITEMS(test_hints); i++) {
		line = text_hints(test_hint_keys, NITEMS(test_hint_keys),
		    test_hints[i].width);
		cr_expect_str_eq(line, test_hints[i].out, "width %d: \"%s\"",
		    test_hints[i].width, line);
		cr_expect_leq(text_width(line), test_hints[i].width);
		free(line);
	}
}

Test(text, a_click_on_the_hint_line_finds_the_hint_under_it)
{
	size_t	 n = NITEMS(test_hint_keys);

	/* " F1 Help  F2 Queue  F3 View  F5 Copy  F10 Quit  Tab Switch ..." */
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 0), -1);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 1), 0);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 7), 0);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 8), -1);  /* gap */
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 10), 1);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 40), 4);  /* F10 */
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 49), 5);  /* Tab */
	cr_expect_eq(text_hint_at(test_hint_keys, n, 80, 79), -1);
	/* Brief: " 1Help 2Queue 3View 5Copy 10Quit  Tab Switch" */
	cr_expect_eq(text_hint_at(test_hint_keys, n, 45, 1), 0);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 45, 6), -1);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 45, 7), 1);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 45, 27), 4);
	cr_expect_eq(text_hint_at(test_hint_keys, n, 45, 35), 5);
}
