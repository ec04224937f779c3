/* ferry: tests of host keys, known_hosts lines and key files
 * (src/ssh/knownhosts.c, src/ssh/keyfile.c). */
#include "config.h"

#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <libssh2.h>

#include "ssh/keyfile.h"
#include "ssh/knownhosts.h"

/* Made with ssh-keygen; fingerprints as ssh-keygen -lf prints them. */
#define ED_B64	"AAAAC3NzaC1lZDI1NTE5AAAAIHUt/BJkI+zcIf7TYHdbgnpJWtnP" \
		"cAW2w/8OEq+1zp4J"
#define ED_FP	"SHA256:HM8DV4hTJCEVs/426LHxX4AogH2STaxQ43hoDiSo59k"
#define EC_B64	"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABB" \
		"BODkmtsbfvyaSnJ34z9SFXBNpQIatXWk4xJ9FpQAs70lyhZlPxgX" \
		"ovtr9y480YNiZMieBW9q/zv6FYXxZXJUIHo="
#define EC_FP	"SHA256:Y+wP6doI5eHuZVNccIhJqcVAEFsIUJGgkEtUcVKYmf0"
/* ssh-keygen -H of "[example.org]:2222 ssh-ed25519 ED_B64" and of
 * "hashed.example ecdsa-sha2-nistp256 EC_B64". */
#define ED_HASHED "|1|v1WFp3hWKsd2lMxcJcOX8BOUENc=|" \
		  "BVlDdBDwizrQAkBspR1EGHJMvg8="
#define EC_HASHED "|1|7wbbDSRexNw1DCefTdAGk8oQON0=|" \
		  "h/3SD81AshkYvX8Z1B14ESCrYsU="

/* A blob from base64; *len gets its size. */
static unsigned char *
blob(const char *b64, size_t *len)
{
	size_t n = strlen(b64);
	unsigned char *out = malloc(n);
	int got;

	got = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)n);
	cr_assert_gt(got, 0);
	while (n > 0 && b64[n - 1] == '=') {
		got--;
		n--;
	}
	*len = (size_t)got;
	return (out);
}

Test(ssh_keys, fingerprints_read_as_openssh_prints_them)
{
	char fp[SSH_FP_SIZE];
	unsigned char *b;
	size_t len;

	b = blob(ED_B64, &len);
	ssh_known_fingerprint(b, len, fp);
	cr_assert_str_eq(fp, ED_FP);
	free(b);
	b = blob(EC_B64, &len);
	ssh_known_fingerprint(b, len, fp);
	cr_assert_str_eq(fp, EC_FP);
	free(b);
}

Test(ssh_keys, a_fingerprint_has_no_base64_padding)
{
	unsigned char zero[32] = { 0 };
	char fp[SSH_FP_SIZE];

	ssh_known_fingerprint_digest(zero, fp);
	cr_assert_eq(strlen(fp), 7 + 43);
	cr_assert_null(strchr(fp, '='));
	cr_assert_str_eq(fp,
	    "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
}

Test(ssh_keys, names_are_plain_on_port_22_and_bracketed_elsewhere)
{
	char *n;

	n = ssh_known_name("Files.Example.org", 22);
	cr_assert_str_eq(n, "files.example.org");
	free(n);
	n = ssh_known_name("127.0.0.1", 2222);
	cr_assert_str_eq(n, "[127.0.0.1]:2222");
	free(n);
	n = ssh_known_name("::1", 2222);
	cr_assert_str_eq(n, "[::1]:2222");
	free(n);
}

Test(ssh_keys, a_blob_names_its_type_and_bad_blobs_are_refused)
{
	unsigned char *b, bad[] = { 0, 0, 0, 50, 's', 's', 'h' };
	char type[64];
	size_t len;

	b = blob(ED_B64, &len);
	cr_assert_eq(ssh_known_blob_type(b, len, type, sizeof type), 0);
	cr_assert_str_eq(type, "ssh-ed25519");
	cr_assert_eq(ssh_known_blob_type(b, len, type, 5), -1);
	free(b);
	cr_assert_eq(ssh_known_blob_type(bad, sizeof bad, type, sizeof type),
	    -1);
	cr_assert_eq(ssh_known_blob_type(bad, 3, type, sizeof type), -1);
}

Test(ssh_keys, a_new_line_is_in_openssh_format)
{
	unsigned char *b;
	size_t len;
	char *line;

	b = blob(ED_B64, &len);
	line = ssh_known_line("127.0.0.1", 2222, b, len);
	cr_assert_str_eq(line, "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	free(line);
	line = ssh_known_line("Host.Example", 22, b, len);
	cr_assert_str_eq(line, "host.example ssh-ed25519 " ED_B64 "\n");
	free(line);
	free(b);
}

Test(ssh_keys, key_types_map_to_libssh2_masks)
{
	cr_assert_eq(ssh_known_keymask("ssh-ed25519"),
	    LIBSSH2_KNOWNHOST_KEY_ED25519);
	cr_assert_eq(ssh_known_keymask("ecdsa-sha2-nistp384"),
	    LIBSSH2_KNOWNHOST_KEY_ECDSA_384);
	cr_assert_eq(ssh_known_keymask("ssh-rsa"),
	    LIBSSH2_KNOWNHOST_KEY_SSHRSA);
	cr_assert_eq(ssh_known_keymask("sk-ssh-ed25519@openssh.com"), 0);
}

Test(ssh_keys, only_the_known_types_are_asked_for_else_openssh_defaults)
{
	int m[] = { LIBSSH2_KNOWNHOST_KEY_SSHRSA,
	    LIBSSH2_KNOWNHOST_KEY_ECDSA_256, LIBSSH2_KNOWNHOST_KEY_SSHRSA };
	int dss = LIBSSH2_KNOWNHOST_KEY_SSHDSS;
	char *p;

	p = ssh_known_prefs(NULL, 0);
	cr_assert_str_eq(p, "ssh-ed25519,ecdsa-sha2-nistp256,"
	    "ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,"
	    "rsa-sha2-256,ssh-rsa");
	free(p);
	p = ssh_known_prefs(m, 3);
	cr_assert_str_eq(p, "rsa-sha2-512,rsa-sha2-256,ssh-rsa,"
	    "ecdsa-sha2-nistp256");
	free(p);
	p = ssh_known_prefs(&dss, 1);
	cr_assert_str_eq(p, "ssh-dss");
	free(p);
}

Test(ssh_keys, key_type_masks_have_their_names)
{
	cr_assert_str_eq(ssh_known_typename(LIBSSH2_KNOWNHOST_KEY_ED25519),
	    "ssh-ed25519");
	cr_assert_str_eq(ssh_known_typename(LIBSSH2_KNOWNHOST_KEY_ECDSA_384),
	    "ecdsa-sha2-nistp384");
	cr_assert_str_eq(ssh_known_typename(LIBSSH2_KNOWNHOST_KEY_SSHRSA),
	    "ssh-rsa");
	cr_assert_null(ssh_known_typename(0));
}

/* ---------------------------------------------------------------- files */

static LIBSSH2_SESSION *session;
static char khpath[] = "/tmp/ferry-known-XXXXXX";

static void
kh_setup(void)
{
	int fd;

	cr_assert_eq(libssh2_init(0), 0);
	session = libssh2_session_init();
	cr_assert_not_null(session);
	fd = mkstemp(khpath);
	cr_assert_geq(fd, 0);
	close(fd);
}

static void
kh_teardown(void)
{
	libssh2_session_free(session);
	libssh2_exit();
	unlink(khpath);
}

static void
kh_write(const char *text)
{
	FILE *f = fopen(khpath, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static struct ssh_known *
kh_load(int *skipped)
{
	struct ssh_known *k = NULL;
	char *cause = NULL;

	cr_assert_eq(ssh_known_load(session, khpath, &k, skipped, &cause), 0,
	    "%s", cause != NULL ? cause : "");
	return (k);
}

static enum ssh_known_result
kh_check(struct ssh_known *k, const char *host, unsigned port,
    const char *b64, int *line)
{
	enum ssh_known_result r;
	unsigned char *b;
	size_t len;

	b = blob(b64, &len);
	r = ssh_known_check(k, host, port, b, len, line);
	free(b);
	return (r);
}

TestSuite(known_hosts, .init = kh_setup, .fini = kh_teardown);

Test(known_hosts, a_bracketed_entry_matches_only_its_port)
{
	struct ssh_known *k;
	int line;

	kh_write("# comment\n\n[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 3);
	cr_assert_eq(kh_check(k, "127.0.0.1", 22, ED_B64, &line),
	    SSH_KNOWN_NEW);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2223, ED_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, a_port_22_entry_does_not_vouch_for_other_ports)
{
	struct ssh_known *k;
	int line;

	kh_write("127.0.0.1 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 22, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, another_key_of_the_same_type_is_a_change_with_its_line)
{
	struct ssh_known *k;
	unsigned char *b;
	size_t len;
	int line;

	kh_write("other.example ssh-ed25519 " ED_B64 "\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	/* the same key with one bit changed */
	b = blob(ED_B64, &len);
	b[len - 1] ^= 1;
	cr_assert_eq(ssh_known_check(k, "127.0.0.1", 2222, b, len, &line),
	    SSH_KNOWN_CHANGED);
	cr_assert_eq(line, 2);
	free(b);
	ssh_known_free(k);
}

Test(known_hosts, a_key_of_another_type_is_neither_new_nor_a_change)
{
	struct ssh_known *k;
	int line = -1;

	kh_write("[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n"
	    "[127.0.0.1]:2223 ecdsa-sha2-nistp256 " EC_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, EC_B64, &line),
	    SSH_KNOWN_OTHER_TYPE);
	cr_assert_eq(line, 0);
	/* a host with no entry at all is new */
	cr_assert_eq(kh_check(k, "127.0.0.1", 2224, EC_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, a_hashed_entry_of_another_type_counts_as_known)
{
	struct ssh_known *k;
	int line;

	kh_write(ED_HASHED " ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "example.org", 2222, EC_B64, &line),
	    SSH_KNOWN_OTHER_TYPE);
	cr_assert_eq(kh_check(k, "example.org", 22, EC_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, hashed_names_are_read)
{
	struct ssh_known *k;
	int line;

	kh_write(ED_HASHED " ssh-ed25519 " ED_B64 "\n"
	    EC_HASHED " ecdsa-sha2-nistp256 " EC_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "example.org", 2222, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 1);
	cr_assert_eq(kh_check(k, "Hashed.Example", 22, EC_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 2);
	cr_assert_eq(kh_check(k, "example.org", 22, ED_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

/* libssh2 leaks at each lookup past a hashed name whose hash is not 20
 * bytes; the fuzzer found it, and the ASan build of this test would too. */
Test(known_hosts, hashed_names_whose_hash_is_not_20_bytes_are_skipped)
{
	struct ssh_known *k;
	int line, skipped;

	kh_write("|1|| ssh-ed25519 " ED_B64 "\n"
	    "|1|v1WFp3hWKsd2lMxcJcOX8BOUENc=|BVlD ssh-ed25519 " ED_B64 "\n"
	    "|1|v1WFp3hWKsd2lMxcJcOX8BOUENc= ssh-ed25519 " ED_B64 "\n"
	    "@revoked |1|x|BVlDdBDwizrQAkBspR1EGHJMvg8=x ssh-ed25519 "
	    ED_B64 "\n"
	    ED_HASHED " ssh-ed25519 " ED_B64 "\n");
	k = kh_load(&skipped);
	cr_assert_eq(skipped, 4);
	cr_assert_eq(kh_check(k, "example.org", 2222, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 5);
	cr_assert_eq(kh_check(k, "files.example.org", 22, ED_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, lists_of_names_and_comments_are_read)
{
	struct ssh_known *k;
	int line;

	kh_write("a.example,[127.0.0.1]:2222,b.example ssh-ed25519 " ED_B64
	    " some comment\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 1);
	cr_assert_eq(kh_check(k, "b.example", 22, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	ssh_known_free(k);
}

Test(known_hosts, lines_it_cannot_read_are_skipped_not_fatal)
{
	struct ssh_known *k;
	int line, skipped = 0;

	kh_write("@cert-authority *.example ssh-ed25519 " ED_B64 "\n"
	    "garbage\n"
	    "x.example sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(&skipped);
	cr_assert_geq(skipped, 1);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(line, 4);
	ssh_known_free(k);
}

Test(known_hosts, a_revoked_key_is_refused)
{
	struct ssh_known *k;
	int line;

	kh_write("@revoked [127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_REVOKED);
	ssh_known_free(k);
}

Test(known_hosts, types_known_for_a_host_come_in_file_order)
{
	struct ssh_known *k;
	int m[8];
	size_t n;

	kh_write("[127.0.0.1]:2222 ecdsa-sha2-nistp256 " EC_B64 "\n"
	    "[127.0.0.1]:2223 ssh-ed25519 " ED_B64 "\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	ssh_known_types(k, "127.0.0.1", 2222, m, 8, &n);
	cr_assert_eq(n, 2);
	cr_assert_eq(m[0], LIBSSH2_KNOWNHOST_KEY_ECDSA_256);
	cr_assert_eq(m[1], LIBSSH2_KNOWNHOST_KEY_ED25519);
	ssh_known_types(k, "127.0.0.1", 2223, m, 8, &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(m[0], LIBSSH2_KNOWNHOST_KEY_ED25519);
	ssh_known_types(k, "127.0.0.1", 2224, m, 8, &n);
	cr_assert_eq(n, 0);
	ssh_known_free(k);
}

Test(known_hosts, a_missing_file_is_empty)
{
	struct ssh_known *k = NULL;
	char *cause = NULL;
	int line;

	unlink(khpath);
	cr_assert_eq(ssh_known_load(session, khpath, &k, NULL, &cause), 0);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &line),
	    SSH_KNOWN_NEW);
	ssh_known_free(k);
}

Test(known_hosts, appending_keeps_lines_whole_and_the_result_reads_back)
{
	struct ssh_known *k;
	unsigned char *b;
	size_t len;
	char *line, *cause = NULL, text[1024];
	FILE *f;
	int n;

	kh_write("old.example ssh-ed25519 " ED_B64);	/* no newline */
	b = blob(ED_B64, &len);
	line = ssh_known_line("127.0.0.1", 2222, b, len);
	cr_assert_eq(ssh_known_append(khpath, line, &cause), 0);
	free(line);
	free(b);
	f = fopen(khpath, "r");
	n = (int)fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	cr_assert_str_eq(text, "old.example ssh-ed25519 " ED_B64 "\n"
	    "[127.0.0.1]:2222 ssh-ed25519 " ED_B64 "\n");
	k = kh_load(NULL);
	cr_assert_eq(kh_check(k, "127.0.0.1", 2222, ED_B64, &n),
	    SSH_KNOWN_MATCH);
	cr_assert_eq(n, 2);
	ssh_known_free(k);
}

/* ---------------------------------------------------------------- keys */

#define OSSH_BEGIN	"-----BEGIN OPENSSH PRIVATE KEY-----\n"
#define OSSH_END	"-----END OPENSSH PRIVATE KEY-----\n"

Test(ssh_keys, an_openssh_key_with_a_passphrase_says_so)
{
	const char *enc = OSSH_BEGIN
	    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAA"
	    "GAAAABDtsu0s/7\n"
	    "dGwVw6MRPuI6V+AAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIOrM"
	    "5hGv+CTWoDCk\n"
	    OSSH_END;
	const char *plain = OSSH_BEGIN
	    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA"
	    "MwAAAAtzc2gtZW\n"
	    "QyNTUxOQAAACCFvQZUlkvIMNvmAqc5Jxk+5GSGYzUC9309fRpNTWQ6EAAA"
	    "AIgSidFgEonR\n"
	    OSSH_END;

	cr_assert_eq(ssh_keyfile_encrypted(enc, strlen(enc)), 1);
	cr_assert_eq(ssh_keyfile_encrypted(plain, strlen(plain)), 0);
}

Test(ssh_keys, pem_keys_say_whether_they_are_encrypted)
{
	const char *enc = "-----BEGIN RSA PRIVATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIC\n"
	    "-----END RSA PRIVATE KEY-----\n";
	const char *pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIC\n"
	    "-----END ENCRYPTED PRIVATE KEY-----\n";
	const char *plain = "-----BEGIN RSA PRIVATE KEY-----\nMIIC\n"
	    "-----END RSA PRIVATE KEY-----\n";

	cr_assert_eq(ssh_keyfile_encrypted(enc, strlen(enc)), 1);
	cr_assert_eq(ssh_keyfile_encrypted(pkcs8, strlen(pkcs8)), 1);
	cr_assert_eq(ssh_keyfile_encrypted(plain, strlen(plain)), 0);
}

Test(ssh_keys, anything_else_is_no_key)
{
	const char *pub = "ssh-ed25519 " ED_B64 " x\n";
	const char *junk = OSSH_BEGIN "bm90IGEga2V5\n" OSSH_END;

	cr_assert_eq(ssh_keyfile_encrypted(pub, strlen(pub)), -1);
	cr_assert_eq(ssh_keyfile_encrypted(junk, strlen(junk)), -1);
	cr_assert_eq(ssh_keyfile_encrypted("", 0), -1);
}
