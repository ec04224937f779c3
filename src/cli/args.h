/* ferry: the command line, parsed into a struct (pure: no I/O). */
#ifndef FERRY_CLI_ARGS_H
#define FERRY_CLI_ARGS_H

#include "xfer/xfer.h"

enum cli_cmd {
	CLI_TUI = 0,	/* the interactive file manager */
	CLI_GET,
	CLI_PUT,
	CLI_LS,
	CLI_MKDIR,
	CLI_RM,
	CLI_MV,
	CLI_CHMOD,
	CLI_HELP,
	CLI_VERSION,
};

struct cli_args {
	enum cli_cmd	 cmd;
	char		**operand;	/* noperands of them, then NULLs (two
					   at least: operand[1] may be read) */
	int		 noperands;
	struct xfer_opts opts;		/* record_dir not set here */
	int		 quiet;
	int		 verbose;
	/* Connections (see struct vfs_env). */
	char		*password_file;
	char		*cacert;
	char		*known_hosts;
	char		*identity;
	int		 accept_new_host_key;
	int		 active;
	int		 timeout;	/* seconds, 0: default */
	int		 parallel;	/* transfers at once, 0: default */
	int		 no_mouse;	/* the file manager: no clicks */
	unsigned	 mode;		/* chmod's MODE, read as octal */
	int		 given_quiet;	/* options the file manager ignores */
	int		 given_recursive;
};

/* Parse argv (options may stand before or after the subcommand).  On
 * failure (FERR_USAGE) *cause says what is wrong. */
int	cli_args_parse(int argc, char **argv, struct cli_args *,
	    char **cause);
void	cli_args_free(struct cli_args *);
/* The --help text (translated). */
const char *cli_args_usage(void);

#endif
