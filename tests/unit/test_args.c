/* ferry: command-line parsing. */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/args.h"
#include "util/err.h"

#define ARGV(...) ((char *[]){ "ferry", __VA_ARGS__, NULL })

/* Parse a NULL-terminated argv (argc is counted, never written by hand). */
static int
parse(char **argv, struct cli_args *a, char **cause)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return (cli_args_parse(argc, argv, a, cause));
}

Test(args, options_may_follow_the_subcommand)
{
	char **v = ARGV("get", "--resume", "src", "dst", "-q");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.cmd, CLI_GET);
	cr_assert_eq(a.opts.policy, XFER_RESUME);
	cr_assert(a.quiet);
	cr_assert_eq(a.noperands, 2);
	cr_assert_str_eq(a.operand[0], "src");
	cr_assert_str_eq(a.operand[1], "dst");
	cli_args_free(&a);
}

Test(args, options_may_stand_before_the_subcommand)
{
	char **v = ARGV("-o", "-r", "--retries", "7", "put", "a", "b");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.cmd, CLI_PUT);
	cr_assert_eq(a.opts.policy, XFER_OVERWRITE);
	cr_assert(a.opts.recursive);
	cr_assert_eq(a.opts.retries, 7);
	cli_args_free(&a);
}

Test(args, get_and_put_take_several_sources)
{
	char **g = ARGV("get", "a", "b", "c", "-q", "dir");
	char **p = ARGV("put", "x", "y", "sftp://h/d/");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(g, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.cmd, CLI_GET);
	cr_assert_eq(a.noperands, 4);
	cr_assert_str_eq(a.operand[3], "dir");
	cr_assert_null(a.operand[4]);
	cr_assert(a.quiet);
	cli_args_free(&a);
	cr_assert_eq(parse(p, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.noperands, 3);
	cr_assert_str_eq(a.operand[2], "sftp://h/d/");
	cli_args_free(&a);
}

Test(args, chmod_reads_its_mode_as_octal)
{
	char **v = ARGV("chmod", "0750", "sftp://h/x");
	char **w = ARGV("chmod", "4755", "y");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.cmd, CLI_CHMOD);
	cr_assert_eq(a.mode, 0750);
	cr_assert_str_eq(a.operand[1], "sftp://h/x");
	cli_args_free(&a);
	cr_assert_eq(parse(w, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.mode, 04755);
	cli_args_free(&a);
}

Test(args, newer_and_size_differs_are_policies)
{
	char **u = ARGV("get", "-u", "-r", "src");
	char **n = ARGV("--newer", "-u", "put", "a", "b");
	char **d = ARGV("get", "--size-differs", "src");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(u, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.policy, XFER_NEWER);
	cli_args_free(&a);
	cr_assert_eq(parse(n, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.policy, XFER_NEWER, "given twice: the same");
	cli_args_free(&a);
	cr_assert_eq(parse(d, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.policy, XFER_SIZE_DIFFERS);
	cli_args_free(&a);
}

Test(args, defaults_check_the_overlap_and_ask)
{
	char **v = ARGV("get", "x");
	struct cli_args a;

	cr_assert_eq(parse(v, &a, NULL), 0);
	cr_assert_eq(a.opts.policy, XFER_ASK);
	cr_assert(a.opts.verify);
	cr_assert_eq(a.opts.window, 64 * 1024);
	cr_assert_eq(a.opts.retries, 5);
	cr_assert_null(a.operand[1]);
	cli_args_free(&a);
}

Test(args, sizes_take_suffixes)
{
	char **v = ARGV("--limit-rate", "2M", "--window", "4k",
	    "--no-verify", "ls", "/");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.rate_limit, 2 * 1024 * 1024);
	cr_assert_eq(a.opts.window, 4096);
	cr_assert_not(a.opts.verify);
	cr_assert_eq(a.cmd, CLI_LS);
	cli_args_free(&a);
}

Test(args, the_low_speed_limit_has_a_default_and_options)
{
	char **v = ARGV("ls", "/");
	char **w = ARGV("--speed-limit", "10k", "--speed-time", "7", "ls", "/");
	char **z = ARGV("--speed-limit", "0", "ls", "/");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.speed_limit, 1024);
	cr_assert_eq(a.opts.speed_time, 0, "0: the idle timeout");
	cli_args_free(&a);
	cr_assert_eq(parse(w, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.speed_limit, 10 * 1024);
	cr_assert_eq(a.opts.speed_time, 7);
	cli_args_free(&a);
	cr_assert_eq(parse(z, &a, &cause), 0, "%s", cause);
	cr_assert_eq(a.opts.speed_limit, 0, "0 turns the limit off");
	cli_args_free(&a);
	cr_assert(strstr(cli_args_usage(), "--speed-time") != NULL);
}

Test(args, no_subcommand_is_the_file_manager)
{
	char *v0[] = { "ferry", NULL };
	char **v1 = ARGV("sftp://host/dir");
	struct cli_args a;

	cr_assert_eq(parse(v0, &a, NULL), 0);
	cr_assert_eq(a.cmd, CLI_TUI);
	cr_assert_null(a.operand[0]);
	cli_args_free(&a);
	cr_assert_eq(parse(v1, &a, NULL), 0);
	cr_assert_eq(a.cmd, CLI_TUI);
	cr_assert_str_eq(a.operand[0], "sftp://host/dir");
	cli_args_free(&a);
}

Test(args, help_and_version_win_over_the_rest)
{
	char **v = ARGV("get", "--help");
	char **w = ARGV("--version");
	struct cli_args a;

	cr_assert_eq(parse(v, &a, NULL), 0);
	cr_assert_eq(a.cmd, CLI_HELP);
	cli_args_free(&a);
	cr_assert_eq(parse(w, &a, NULL), 0);
	cr_assert_eq(a.cmd, CLI_VERSION);
	cli_args_free(&a);
	cr_assert(strstr(cli_args_usage(), "--resume") != NULL);
}

Test(args, bad_command_lines_are_usage_errors_with_a_reason)
{
	static const struct {
		char	*argv[6];	/* ends with NULL */
	} bad[] = {
		{ { "ferry", "--frobnicate" } },
		{ { "ferry", "-Z" } },
		{ { "ferry", "get" } },
		{ { "ferry", "mv", "a", "b", "c" } },
		{ { "ferry", "rm" } },
		{ { "ferry", "mkdir", "a", "b" } },
		{ { "ferry", "chmod", "9", "x" } },
		{ { "ferry", "chmod", "u+x", "x" } },
		{ { "ferry", "chmod", "17777", "x" } },
		{ { "ferry", "chmod", "", "x" } },
		{ { "ferry", "chmod", "644" } },
		{ { "ferry", "put", "a" } },
		{ { "ferry", "ls" } },
		{ { "ferry", "-c", "-o", "get" } },
		{ { "ferry", "--resume", "--skip", "get", "a" } },
		{ { "ferry", "-u", "-o", "get", "a" } },
		{ { "ferry", "--size-differs", "--newer", "get", "a" } },
		{ { "ferry", "--retries", "x", "ls" } },
		{ { "ferry", "--retries", "-1", "ls" } },
		{ { "ferry", "--window", "0", "ls" } },
		{ { "ferry", "--limit-rate", "", "ls" } },
		{ { "ferry", "--speed-limit", "slow", "ls" } },
		{ { "ferry", "--speed-time", "0", "ls" } },
		{ { "ferry", "--retries" } },
		{ { "ferry", "frob", "x" } },
	};
	struct cli_args a;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;

		cr_assert_eq(parse((char **)bad[i].argv, &a, &cause),
		    FERR_USAGE, "case %zu (%s)", i, bad[i].argv[1]);
		cr_assert_not_null(cause, "case %zu has no reason", i);
		cr_assert_null(strchr(cause, '\n'), "case %zu: one line", i);
		free(cause);
	}
}

Test(args, no_preserve_time_turns_keeping_times_off)
{
	char **v = ARGV("put", "--no-preserve-time", "-r", "a", "b");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_not(a.opts.preserve_time);
	cr_assert(a.opts.recursive);
	cli_args_free(&a);
}

Test(args, no_mouse_is_for_the_file_manager)
{
	char **v = ARGV("--no-mouse", "sftp://h/");
	struct cli_args a;
	char *cause = NULL;

	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert(a.no_mouse);
	cli_args_free(&a);
	v = ARGV("sftp://h/");
	cr_assert_eq(parse(v, &a, &cause), 0, "%s", cause);
	cr_assert_not(a.no_mouse);
	cli_args_free(&a);
}
