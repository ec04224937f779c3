/* ferry: SSH authentication in OpenSSH's order: ssh-agent, key files,
 * keyboard-interactive, password (see session.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/cred.h"
#include "ssh/keyfile.h"
#include "ssh/session.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/xmalloc.h"
#include "vfs/vfs.h"

/* A private key file larger than this is not read. */
#define SSH_AUTH_KEY_MAX	(64 * 1024)
/* Passphrase questions for one key. */
#define SSH_AUTH_PASS_TRIES	3
/* A keyboard-interactive prompt shown, at most (bytes). */
#define SSH_AUTH_PROMPT_MAX	512

struct ssh_auth {
	char	*password;	/* asked once, used by kbd-int and password */
	int	 pw_rc;		/* why there is none (after asking) */
	char	*pw_cause;
	int	 kbd_failed;	/* a prompt could not be answered */
	char	 tried[128];	/* methods tried, for the message */
};

static int
ssh_auth_has(const char *methods, const char *m)
{
	size_t n = strlen(m);
	const char *p;

	for (p = methods; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, m, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return (1);
	}
	return (0);
}

static void
ssh_auth_tried(struct ssh_auth *a, const char *m)
{
	size_t len = strlen(a->tried);

	if (strstr(a->tried, m) != NULL)
		return;
	snprintf(a->tried + len, sizeof a->tried - len, "%s%s",
	    len > 0 ? ", " : "", m);
}

/* The methods the server takes; *done when "none" was enough. */
static int
ssh_auth_list(struct ssh_conn *c, char **methods, int *done, char **cause)
{
	char *list;
	int rc;

	*methods = NULL;
	*done = 0;
	SSH_CALLP(c, list, libssh2_userauth_list(c->s, c->user,
	    (unsigned)strlen(c->user)), cause);
	if (list != NULL) {
		*methods = xstrdup(list);
		vfs_log(c->fs, "SSH: the server takes %s", list);
		return (0);
	}
	if (libssh2_userauth_authenticated(c->s)) {
		*done = 1;
		return (0);
	}
	rc = libssh2_session_last_errno(c->s);
	return (ssh_conn_fail(c, rc, _("cannot authenticate"), cause));
}

/* The result of an attempt: 0 (go on), or a failed wait or transport. */
static int
ssh_auth_result(struct ssh_conn *c, int rc, const char *what, char **cause)
{
	if (rc == 0 || rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED ||
	    rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED ||
	    rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_METHOD_NONE ||
	    rc == LIBSSH2_ERROR_PASSWORD_EXPIRED)
		return (0);
	rc = ssh_conn_fail(c, rc, what, cause);
	return (rc == FERR_CANCELLED ? rc : FERR_CONNECT);
}

static int
ssh_auth_agent(struct ssh_conn *c, int *done, char **cause)
{
	LIBSSH2_AGENT *agent;
	struct libssh2_agent_publickey *id, *prev = NULL;
	int rc = 0, arc;

	if (getenv("SSH_AUTH_SOCK") == NULL ||
	    (agent = libssh2_agent_init(c->s)) == NULL)
		return (0);
	if (libssh2_agent_connect(agent) != 0 ||
	    libssh2_agent_list_identities(agent) != 0) {
		vfs_log(c->fs, "SSH: no keys from the agent");
		goto out;
	}
	ssh_auth_tried(c->auth, "publickey");
	while (!*done && libssh2_agent_get_identity(agent, &id, prev) == 0) {
		vfs_log(c->fs, "SSH: trying the agent's key %s",
		    id->comment != NULL ? id->comment : "");
		SSH_CALL(c, arc, libssh2_agent_userauth(agent, c->user, id),
		    cause);
		if (arc == 0)
			*done = 1;
		else if ((rc = ssh_auth_result(c, arc, _("authentication"),
		    cause)) != 0)
			break;
		prev = id;
	}
	libssh2_agent_disconnect(agent);
out:
	libssh2_agent_free(agent);
	return (rc);
}

/* 1 if the key file needs a passphrase, 0 if not, -1 if unreadable. */
static int
ssh_auth_key_encrypted(const char *path)
{
	char *text;
	FILE *f;
	size_t n;
	int enc;

	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	text = xmalloc(SSH_AUTH_KEY_MAX);
	n = fread(text, 1, SSH_AUTH_KEY_MAX, f);
	fclose(f);
	enc = ssh_keyfile_encrypted(text, n);
	explicit_bzero(text, SSH_AUTH_KEY_MAX);
	free(text);
	return (enc);
}

static int
ssh_auth_passphrase(struct ssh_conn *c, const char *path, char **pass)
{
	const struct vfs_env *env = c->fs->env;
	char *prompt, *realm;
	int rc;

	*pass = NULL;
	if (env->ask_secret == NULL)
		return (FERR_UNSUPPORTED);
	prompt = xasprintf(_("Enter passphrase for key '%s': "), path);
	realm = xasprintf("key %s", path);
	rc = env->ask_secret(env->arg, realm, prompt, 0, pass);
	free(realm);
	free(prompt);
	return (rc);
}

/* One key file: with its passphrase when it has one. */
static int
ssh_auth_keyfile(struct ssh_conn *c, const char *path, int *done,
    char **cause)
{
	char *pub, *pass = NULL;
	int enc, tries, rc = 0, arc;

	if ((enc = ssh_auth_key_encrypted(path)) < 0)
		return (0);
	pub = xasprintf("%s.pub", path);
	ssh_auth_tried(c->auth, "publickey");
	for (tries = 0; tries < (enc ? SSH_AUTH_PASS_TRIES : 1); tries++) {
		if (enc && (rc = ssh_auth_passphrase(c, path, &pass)) != 0) {
			vfs_log(c->fs, "SSH: %s needs a passphrase; skipped",
			    path);
			rc = rc == FERR_CANCELLED ? rc : 0;
			break;
		}
		vfs_log(c->fs, "SSH: trying the key %s", path);
		SSH_CALL(c, arc, libssh2_userauth_publickey_fromfile_ex(c->s,
		    c->user, (unsigned)strlen(c->user),
		    access(pub, R_OK) == 0 ? pub : NULL, path,
		    pass != NULL ? pass : ""), cause);
		cred_free(pass);
		pass = NULL;
		if (arc == 0) {
			*done = 1;
			break;
		}
		if ((rc = ssh_auth_result(c, arc, _("authentication"),
		    cause)) != 0)
			break;
		if (arc != LIBSSH2_ERROR_FILE || !enc)
			break;	/* refused by the server */
		vfs_warn(c->fs, _("%s: wrong passphrase?"), path);
	}
	free(pub);
	return (rc);
}

/* -i, then ~/.ssh/config's IdentityFile, then OpenSSH's defaults. */
static int
ssh_auth_keys(struct ssh_conn *c, int *done, char **cause)
{
	static const char *defaults[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
	char **list;
	size_t n = 0, i, j, max;
	int rc = 0, dup;

	max = 1 + c->cfg.nidentity + 3;
	list = xcalloc(max, sizeof *list);
	if (c->fs->env->identity != NULL)
		list[n++] = xstrdup(c->fs->env->identity);
	for (i = 0; i < c->cfg.nidentity; i++)
		list[n++] = xstrdup(c->cfg.identity[i]);
	for (i = 0; i < 3; i++)
		list[n++] = xasprintf("%s/.ssh/%s", ssh_conn_home(),
		    defaults[i]);
	for (i = 0; i < n && !*done && rc == 0; i++) {
		for (dup = 0, j = 0; j < i; j++)
			dup |= strcmp(list[i], list[j]) == 0;
		if (!dup && access(list[i], R_OK) == 0)
			rc = ssh_auth_keyfile(c, list[i], done, cause);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return (rc);
}

/* The password, asked for at most once (cred.h says from where). */
static const char *
ssh_auth_password_get(struct ssh_conn *c)
{
	struct ssh_auth *a = c->auth;

	if (a->password == NULL && a->pw_rc == 0) {
		a->pw_rc = cred_password(c->fs->env, c->fs->url, c->user, &a->password,
		    &a->pw_cause);
		if (a->pw_rc == 0 && a->password == NULL)
			a->pw_rc = FERR_CONNECT;
	}
	return (a->password);
}

/* A prompt from the server, made safe to show: control characters go. */
static char *
ssh_auth_prompt_text(const char *text, int len)
{
	char *s;
	int i;

	if (len < 0)
		len = 0;
	if (len > SSH_AUTH_PROMPT_MAX)
		len = SSH_AUTH_PROMPT_MAX;
	s = xmalloc((size_t)len + 1);
	for (i = 0; i < len; i++)
		s[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? ' ' :
		    text[i];
	s[len] = '\0';
	return (s);
}

static void
ssh_auth_kbd_answer(LIBSSH2_USERAUTH_KBDINT_RESPONSE *r, const char *text,
    void **abstract)
{
	size_t len = text != NULL ? strlen(text) : 0;

	/* libssh2 frees it with the session's allocator. */
	r->text = NULL;
	r->length = 0;
	if (text == NULL)
		return;
	r->text = ssh_conn_alloc((struct ssh_conn *)*abstract, len + 1);
	if (r->text == NULL)
		return;
	memcpy(r->text, text, len + 1);
	r->length = (unsigned)len;
}

static void
ssh_auth_kbd_cb(const char *name, int name_len, const char *instruction,
    int instruction_len, int num_prompts,
    const LIBSSH2_USERAUTH_KBDINT_PROMPT *prompts,
    LIBSSH2_USERAUTH_KBDINT_RESPONSE *responses, void **abstract)
{
	struct ssh_conn *c = *abstract;
	const struct vfs_env *env = c->fs->env;
	char *prompt, *answer;
	const char *pw;
	int i;

	(void)name;
	(void)name_len;
	(void)instruction;
	(void)instruction_len;
	for (i = 0; i < num_prompts; i++) {
		prompt = ssh_auth_prompt_text((const char *)prompts[i].text,
		    (int)prompts[i].length);
		answer = NULL;
		if (num_prompts == 1 && !prompts[i].echo &&
		    strstr(prompt, "assword") != NULL) {
			/* The password, wherever it comes from. */
			if ((pw = ssh_auth_password_get(c)) != NULL)
				ssh_auth_kbd_answer(&responses[i], pw,
				    abstract);
			else
				c->auth->kbd_failed = 1;
		} else if (env->ask_secret != NULL &&
		    env->ask_secret(env->arg, NULL, prompt, prompts[i].echo,
		    &answer) == 0) {
			ssh_auth_kbd_answer(&responses[i], answer, abstract);
			cred_free(answer);
		} else
			c->auth->kbd_failed = 1;
		free(prompt);
	}
}

static int
ssh_auth_kbdint(struct ssh_conn *c, int *done, char **cause)
{
	int arc;

	ssh_auth_tried(c->auth, "keyboard-interactive");
	vfs_log(c->fs, "SSH: trying keyboard-interactive");
	SSH_CALL(c, arc, libssh2_userauth_keyboard_interactive_ex(c->s,
	    c->user, (unsigned)strlen(c->user), ssh_auth_kbd_cb), cause);
	if (arc == 0) {
		*done = 1;
		return (0);
	}
	return (ssh_auth_result(c, arc, _("authentication"), cause));
}

static int
ssh_auth_password(struct ssh_conn *c, int *done, char **cause)
{
	const char *pw;
	int arc;

	if ((pw = ssh_auth_password_get(c)) == NULL) {
		/* Nobody to ask: not an error yet, the message tells. */
		return (c->auth->pw_rc == FERR_CANCELLED ? FERR_CANCELLED : 0);
	}
	ssh_auth_tried(c->auth, "password");
	vfs_log(c->fs, "SSH: trying password (****)");
	SSH_CALL(c, arc, libssh2_userauth_password_ex(c->s, c->user,
	    (unsigned)strlen(c->user), pw, (unsigned)strlen(pw), NULL),
	    cause);
	if (arc == 0) {
		*done = 1;
		return (0);
	}
	return (ssh_auth_result(c, arc, _("authentication"), cause));
}

/* Nothing worked: say what was tried and what the server takes. */
static int
ssh_auth_refused(struct ssh_conn *c, const char *methods, char **cause)
{
	struct ssh_auth *a = c->auth;

	if (a->pw_cause != NULL)
		return (ferr_set(cause, FERR_CONNECT, _("%s@%s: authentication "
		    "failed (tried: %s; the server takes: %s); %s"), c->user,
		    c->host, a->tried[0] != '\0' ? a->tried : _("nothing"),
		    methods, a->pw_cause));
	return (ferr_set(cause, FERR_CONNECT, _("%s@%s: authentication "
	    "failed (tried: %s; the server takes: %s)"), c->user, c->host,
	    a->tried[0] != '\0' ? a->tried : _("nothing"), methods));
}

int
ssh_auth(struct ssh_conn *c, char **cause)
{
	struct ssh_auth a;
	char *methods = NULL;
	int done = 0, rc;

	memset(&a, 0, sizeof a);
	c->auth = &a;
	if ((rc = ssh_auth_list(c, &methods, &done, cause)) != 0 || done)
		goto out;
	if (ssh_auth_has(methods, "publickey") &&
	    ((rc = ssh_auth_agent(c, &done, cause)) != 0 || done ||
	    (rc = ssh_auth_keys(c, &done, cause)) != 0 || done))
		goto out;
	if (ssh_auth_has(methods, "keyboard-interactive") &&
	    ((rc = ssh_auth_kbdint(c, &done, cause)) != 0 || done))
		goto out;
	if (ssh_auth_has(methods, "password") &&
	    ((rc = ssh_auth_password(c, &done, cause)) != 0 || done))
		goto out;
	rc = ssh_auth_refused(c, methods, cause);
out:
	if (rc == 0 && done)
		vfs_log(c->fs, "SSH: authenticated as %s", c->user);
	cred_free(a.password);
	free(a.pw_cause);
	free(methods);
	c->auth = NULL;
	return (rc);
}
