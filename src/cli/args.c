/* ferry: command-line parsing (see args.h). */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define ARGS_RETRIES_MAX	1000
#define ARGS_WINDOW_MAX		(16u * 1024 * 1024)
#define ARGS_PARALLEL_MAX	16

enum {
	OPT_NO_VERIFY = 256,
	OPT_RETRIES,
	OPT_LIMIT_RATE,
	OPT_WINDOW,
	OPT_PASSWORD_FILE,
	OPT_CACERT,
	OPT_KNOWN_HOSTS,
	OPT_ACCEPT_NEW_HOST_KEY,
	OPT_ACTIVE,
	OPT_TIMEOUT,
	OPT_SPEED_LIMIT,
	OPT_SPEED_TIME,
	OPT_VERSION,
	OPT_PARALLEL,
	OPT_NO_PRESERVE_TIME,
	OPT_NO_MOUSE,
	OPT_SEGMENTS,
	OPT_SIZE_DIFFERS,
};

static const struct option args_long[] = {
	{ "resume",		no_argument,		NULL, 'c' },
	{ "overwrite",		no_argument,		NULL, 'o' },
	{ "skip",		no_argument,		NULL, 's' },
	{ "rename",		no_argument,		NULL, 'n' },
	{ "newer",		no_argument,		NULL, 'u' },
	{ "size-differs",	no_argument,		NULL, OPT_SIZE_DIFFERS },
	{ "no-verify",		no_argument,		NULL, OPT_NO_VERIFY },
	{ "recursive",		no_argument,		NULL, 'r' },
	{ "retries",		required_argument,	NULL, OPT_RETRIES },
	{ "limit-rate",		required_argument,	NULL, OPT_LIMIT_RATE },
	{ "window",		required_argument,	NULL, OPT_WINDOW },
	{ "password-file",	required_argument,	NULL, OPT_PASSWORD_FILE },
	{ "cacert",		required_argument,	NULL, OPT_CACERT },
	{ "known-hosts",	required_argument,	NULL, OPT_KNOWN_HOSTS },
	{ "accept-new-host-key", no_argument,		NULL,
	    OPT_ACCEPT_NEW_HOST_KEY },
	{ "identity",		required_argument,	NULL, 'i' },
	{ "active",		no_argument,		NULL, OPT_ACTIVE },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "parallel",		required_argument,	NULL, OPT_PARALLEL },
	{ "segments",		required_argument,	NULL, OPT_SEGMENTS },
	{ "speed-limit",	required_argument,	NULL, OPT_SPEED_LIMIT },
	{ "speed-time",		required_argument,	NULL, OPT_SPEED_TIME },
	{ "no-preserve-time",	no_argument,		NULL,
	    OPT_NO_PRESERVE_TIME },
	{ "no-mouse",		no_argument,		NULL, OPT_NO_MOUSE },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, OPT_VERSION },
	{ NULL,			0,			NULL, 0 }
};

static const struct {
	const char	*name;
	enum cli_cmd	 cmd;
	int		 min, max;	/* operands after the subcommand */
} args_cmds[] = {
	{ "get", CLI_GET, 1, -1 },	/* -1: any number */
	{ "put", CLI_PUT, 2, -1 },
	{ "ls",  CLI_LS,  1, 1 },
	{ "mkdir", CLI_MKDIR, 1, 1 },
	{ "rm",  CLI_RM,  1, 1 },
	{ "mv",  CLI_MV,  2, 2 },
	{ "chmod", CLI_CHMOD, 2, 2 },
};

const char *
cli_args_usage(void)
{
	/* xgettext:no-c-format */
	return (_(
"Usage: ferry [OPTIONS] [LOCATION]         the interactive file manager\n"
"       ferry [OPTIONS] get SOURCE... [TARGET]\n"
"                                           copy SOURCE (URL or path) to a local\n"
"                                           TARGET (default: this directory)\n"
"       ferry [OPTIONS] put SOURCE... TARGET\n"
"                                           copy a local SOURCE to TARGET\n"
"                                           (both: several SOURCEs go into the\n"
"                                           directory TARGET; *, ? and [...] in\n"
"                                           a SOURCE's last name pick the names\n"
"                                           that match)\n"
"       ferry [OPTIONS] ls LOCATION         list: type, size, mtime (UTC), name\n"
"       ferry [OPTIONS] mkdir LOCATION      make a directory\n"
"       ferry [OPTIONS] rm [-r] LOCATION    delete a file (-r: a directory\n"
"                                           with all it holds)\n"
"       ferry [OPTIONS] mv LOCATION TO      rename or move (into TO if it is a\n"
"                                           directory; to another server: copy,\n"
"                                           then delete)\n"
"       ferry [OPTIONS] chmod MODE LOCATION change the permissions (octal MODE)\n"
"\n"
"When the target exists:\n"
"  -c, --resume          resume a partial target after checking the overlap\n"
"  -o, --overwrite       replace the target\n"
"  -s, --skip            leave the target as it is\n"
"  -n, --rename          write to a new free name (NAME.1, NAME.2 ...)\n"
"  -u, --newer           replace it if the source is newer, else leave it\n"
"      --size-differs    replace it if the sizes differ, else leave it\n"
"                        (both finish an unfinished copy of the source)\n"
"      --no-verify       resume without checking the overlap\n"
"Transfers:\n"
"  -r, --recursive       copy directories\n"
"      --retries N       reconnect-and-resume attempts (default 5)\n"
"      --limit-rate RATE\n"
"                        at most RATE bytes a second (k, M, G: 1024-based)\n"
"      --window SIZE     bytes compared at each end of the overlap (64k)\n"
"      --timeout SECONDS connect and idle timeout (default 30 and 60)\n"
"      --no-preserve-time\n"
"                        copies get the time they are written, not the\n"
"                        source's modification time\n"
"      --parallel N      transfers at once: files of a tree (default 4; a\n"
"                        server on this host: one a core, 2 to 4), items\n"
"                        of the file manager's queue (default 2)\n"
"      --segments N      download a large file over N connections at once\n"
"                        (1 to 16, default 1; 8 MiB a segment at least)\n"
"      --speed-limit RATE\n"
"                        below RATE bytes a second (default 1k; 0: never)\n"
"      --speed-time SECONDS\n"
"                        for SECONDS (default: the idle timeout) counts as a\n"
"                        cut: reconnect and resume\n"
"Connections:\n"
"      --password-file FILE\n"
"                        the password, on the file's first line (the file\n"
"                        must not be readable by others)\n"
"      --active          FTP: the server connects back (EPRT/PORT)\n"
"      --cacert FILE     FTPS: also trust the certificates in FILE\n"
"      --known-hosts FILE\n"
"                        SFTP: host keys (default ~/.ssh/known_hosts)\n"
"      --accept-new-host-key\n"
"                        SFTP: trust and save the key of a new host\n"
"  -i, --identity FILE   SFTP: try this private key first\n"
"Output:\n"
"  -q, --quiet           no progress line\n"
"  -v, --verbose         protocol log on stderr, secrets masked\n"
"      --no-mouse        the file manager takes no mouse clicks\n"
"  -h, --help            this text\n"
"      --version         the version\n"
"\n"
"Locations: /local/path, file:///path, ftp://[user@]host[:port]/path,\n"
"ftps://, ftpes://, sftp://.  A URL's path is relative to the login\n"
"directory; \"/%2F\" or \"//\" after the host makes it absolute.\n"
"\n"
"Exit status: 0 done or skipped, 1 usage, 2 cannot connect or trust,\n"
"3 target exists and no option says what to do, 4 transfer failed (what\n"
"was written is kept), 5 the partial target does not match the source.\n"));
}

static int
args_policy(struct cli_args *a, enum xfer_policy p, const char *opt,
    char **cause)
{
	if (a->opts.policy != XFER_ASK && a->opts.policy != p) {
		return (ferr_set(cause, FERR_USAGE, _("%s cannot be combined "
		    "with --%s"), opt, xfer_policy_name(a->opts.policy)));
	}
	a->opts.policy = p;
	return (0);
}

static int
args_number(const char *opt, const char *val, uint64_t min, uint64_t max,
    uint64_t *out, char **cause)
{
	if (fmt_parse_size(val, out) != 0 || *out < min || *out > max) {
		return (ferr_set(cause, FERR_USAGE, _("%s: invalid value "
		    "\"%s\""), opt, val));
	}
	return (0);
}

static void
args_string(char **slot, const char *val)
{
	free(*slot);
	*slot = xstrdup(val);
}

static int
args_option(struct cli_args *a, int ch, const char *val, char **cause)
{
	uint64_t n;
	int rc = 0;

	switch (ch) {
	case 'c':
		return (args_policy(a, XFER_RESUME, "--resume", cause));
	case 'o':
		return (args_policy(a, XFER_OVERWRITE, "--overwrite", cause));
	case 's':
		return (args_policy(a, XFER_SKIP, "--skip", cause));
	case 'n':
		return (args_policy(a, XFER_RENAME, "--rename", cause));
	case 'u':
		return (args_policy(a, XFER_NEWER, "--newer", cause));
	case OPT_SIZE_DIFFERS:
		return (args_policy(a, XFER_SIZE_DIFFERS, "--size-differs",
		    cause));
	case OPT_NO_VERIFY:
		a->opts.verify = 0;
		break;
	case 'r':
		a->opts.recursive = a->given_recursive = 1;
		break;
	case OPT_RETRIES:
		rc = args_number("--retries", val, 0, ARGS_RETRIES_MAX, &n,
		    cause);
		a->opts.retries = (int)n;
		break;
	case OPT_LIMIT_RATE:
		rc = args_number("--limit-rate", val, 1, UINT64_MAX / 2, &n,
		    cause);
		a->opts.rate_limit = n;
		break;
	case OPT_WINDOW:
		rc = args_number("--window", val, 1, ARGS_WINDOW_MAX, &n,
		    cause);
		a->opts.window = (uint32_t)n;
		break;
	case OPT_PASSWORD_FILE:
		args_string(&a->password_file, val);
		break;
	case OPT_CACERT:
		args_string(&a->cacert, val);
		break;
	case OPT_KNOWN_HOSTS:
		args_string(&a->known_hosts, val);
		break;
	case 'i':
		args_string(&a->identity, val);
		break;
	case OPT_ACCEPT_NEW_HOST_KEY:
		a->accept_new_host_key = 1;
		break;
	case OPT_ACTIVE:
		a->active = 1;
		break;
	case OPT_TIMEOUT:
		rc = args_number("--timeout", val, 1, 3600, &n, cause);
		a->timeout = (int)n;
		break;
	case OPT_NO_PRESERVE_TIME:
		a->opts.preserve_time = 0;
		break;
	case OPT_NO_MOUSE:
		a->no_mouse = 1;
		break;
	case OPT_PARALLEL:
		rc = args_number("--parallel", val, 1, ARGS_PARALLEL_MAX, &n,
		    cause);
		a->parallel = (int)n;
		a->opts.parallel = (int)n;
		break;
	case OPT_SEGMENTS:
		rc = args_number("--segments", val, 1, XFER_SEGMENTS_MAX, &n,
		    cause);
		a->opts.segments = (int)n;
		break;
	case OPT_SPEED_LIMIT:
		rc = args_number("--speed-limit", val, 0, UINT64_MAX / 2, &n,
		    cause);
		a->opts.speed_limit = n;
		break;
	case OPT_SPEED_TIME:
		rc = args_number("--speed-time", val, 1, 3600, &n, cause);
		a->opts.speed_time = (int)n;
		break;
	case 'q':
		a->quiet = a->given_quiet = 1;
		break;
	case 'v':
		a->verbose++;
		break;
	case 'h':
		a->cmd = CLI_HELP;
		break;
	case OPT_VERSION:
		a->cmd = CLI_VERSION;
		break;
	}
	return (rc);
}

/* chmod's MODE: octal digits only, 0 to 7777 (as the file manager's
 * Ctrl-X takes it). */
static int
args_mode(struct cli_args *a, char **cause)
{
	const char *p = a->operand[0];
	unsigned long m = 0;

	for (; *p >= '0' && *p <= '7' && m <= 07777; p++)
		m = m * 8 + (unsigned long)(*p - '0');
	if (*a->operand[0] == '\0' || *p != '\0' || m > 07777)
		return (ferr_set(cause, FERR_USAGE, _("chmod: the mode is "
		    "octal, 0 to 7777 (not \"%s\")"), a->operand[0]));
	a->mode = (unsigned)m;
	return (0);
}

/* The words left after the options: subcommand and operands. */
static int
args_operands(struct cli_args *a, int n, char **v, char **cause)
{
	size_t i;
	int k;

	if (a->cmd == CLI_HELP || a->cmd == CLI_VERSION)
		return (0);
	for (i = 0; n > 0 && i < sizeof args_cmds / sizeof args_cmds[0]; i++)
		if (strcmp(v[0], args_cmds[i].name) == 0)
			break;
	if (n == 0 || i == sizeof args_cmds / sizeof args_cmds[0]) {
		/* The file manager, at an optional location. */
		if (n > 1)
			return (ferr_set(cause, FERR_USAGE, _("unknown "
			    "command \"%s\" (try ferry --help)"), v[0]));
		a->cmd = CLI_TUI;
		i = 0;
		k = 0;
	} else {
		a->cmd = args_cmds[i].cmd;
		if (n - 1 < args_cmds[i].min || (args_cmds[i].max >= 0 &&
		    n - 1 > args_cmds[i].max))
			return (ferr_set(cause, FERR_USAGE, _("%s: wrong number "
			    "of arguments (try ferry --help)"), v[0]));
		k = 1;
	}
	for (; k < n; k++)
		a->operand[a->noperands++] = xstrdup(v[k]);
	if (a->cmd == CLI_CHMOD)
		return (args_mode(a, cause));
	return (0);
}

int
cli_args_parse(int argc, char **argv, struct cli_args *a, char **cause)
{
	int ch, rc;

	memset(a, 0, sizeof *a);
	a->operand = xcalloc((size_t)(argc > 0 ? argc : 0) + 2,
	    sizeof *a->operand);
	xfer_opts_init(&a->opts);
	optind = 0;	/* GNU: start afresh (and permute: options may
			   follow the subcommand) */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":consurqvhi:", args_long,
	    NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			char opt[3] = { '-', (char)optopt, '\0' };

			rc = ferr_set(cause, FERR_USAGE, ch == '?' ?
			    _("unknown option %s (try ferry --help)") :
			    _("option %s needs a value"), optopt != 0 ? opt :
			    argv[optind - 1]);
			goto fail;
		}
		if ((rc = args_option(a, ch, optarg, cause)) != 0)
			goto fail;
	}
	if ((rc = args_operands(a, argc - optind, argv + optind, cause)) != 0)
		goto fail;
	return (0);
fail:
	cli_args_free(a);
	return (rc);
}

void
cli_args_free(struct cli_args *a)
{
	int i;

	for (i = 0; a->operand != NULL && i < a->noperands; i++)
		free(a->operand[i]);
	free(a->operand);
	free(a->password_file);
	free(a->cacert);
	free(a->known_hosts);
	free(a->identity);
	memset(a, 0, sizeof *a);
}
