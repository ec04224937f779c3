/* ferry: a keyboard-driven file manager for FTP, FTPS and SFTP that
 * finishes interrupted transfers safely.  main: set up, then run the file
 * manager or a one-shot command. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh2.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "ssh/ctr.h"
#include "util/i18n.h"
#include "../ui/ui.h"

/* The file manager with the options that apply to it. */
static int
main_ui(struct cli_args *a, const struct worker_conf *conf)
{
	struct ui_conf uc;

	memset(&uc, 0, sizeof uc);
	uc.worker = conf;
	uc.opts = a->opts;
	uc.opts.record_dir = NULL;
	uc.parallel = a->parallel;
	uc.no_mouse = a->no_mouse;
	if (a->given_quiet && a->given_recursive)
		uc.ignored = "-q, -r";
	else if (a->given_quiet)
		uc.ignored = "-q";
	else if (a->given_recursive)
		uc.ignored = "-r";
	return (ui_main(a->operand[0], &uc));
}

int
main(int argc, char **argv)
{
	struct cli_args a;
	struct worker_conf conf;
	char *cause = NULL;
	int status;

	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	/* Broken connections are errors, not deaths; a file size limit is
	 * a failed write. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);

	if (cli_args_parse(argc, argv, &a, &cause) != 0) {
		fprintf(stderr, "ferry: %s\n", cause);
		free(cause);
		return (1);
	}
	/* Built against 1.10 (configure checks); the library found at run
	 * time must not be older. */
	if (libssh2_version(0x010a00) == NULL) {
		fprintf(stderr, "ferry: %s\n", _("libssh2 1.10.0 or newer is "
		    "needed"));
		cli_args_free(&a);
		return (2);
	}
	if (libssh2_init(0) != 0) {
		fprintf(stderr, "ferry: %s\n", _("cannot initialize libssh2"));
		cli_args_free(&a);
		return (2);
	}
	/* libssh2's AES-CTR through keystream runs (ssh/ctr.h), or without
	 * it OpenSSL's as it comes; before any thread that may use OpenSSL
	 * starts (the default properties change), and not for --help and
	 * --version, which would pay its start-up for nothing. */
	if (a.cmd != CLI_HELP && a.cmd != CLI_VERSION)
		(void)ssh_ctr_install();
	switch (a.cmd) {
	case CLI_HELP:
		fputs(cli_args_usage(), stdout);
		status = 0;
		break;
	case CLI_VERSION:
		printf("ferry %s\n", PACKAGE_VERSION);
		status = 0;
		break;
	case CLI_TUI:
		cli_worker_conf(&a, &conf);
		status = main_ui(&a, &conf);
		break;
	default:
		status = cli_run(&a);
		break;
	}
	cli_args_free(&a);
	libssh2_exit();
	return (status);
}
