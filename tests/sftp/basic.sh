#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/sftp/basic.sh: ferry against a real OpenSSH sshd on 127.0.0.1 with
# key authentication: ls (types, sizes, symlinks resolved), get, put,
# UTF-8 and spaced names, recursive copies both ways, paths relative to
# the login directory and absolute ones, a missing source, -i and
# ~/.ssh/config (Host alias with HostName, Port, User, IdentityFile).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/lib/tap.sh"
. "$srcdir/tests/lib/sshd.sh"

tap_sandbox
sshd_setup "sftp_basic"
R=$SSHD_HOME			# what the server shows as the login dir
KiB=1024
MiB=$((1024 * KiB))

# ---------------------------------------------------------------- ls

tap_random "$R/data.bin" $((3 * MiB + 7))
mkdir -p "$R/dir one/sub"
printf 'hello\n' >"$R/dir one/é x.txt"
ln -s data.bin "$R/link-to-data"
ln -s "dir one" "$R/link-to-dir"
ln -s nowhere "$R/dangling"

tap_exit_is "ls_of_the_login_directory_exits_0" 0 \
    "$FERRY" ls "$(sshd_url "")"
ls_out=$(cat "$TAP_OUT")
tap_like "ls_shows_a_file_with_its_size" "$ls_out" \
    "^f $((3 * MiB + 7)) .* data\.bin$"
tap_like "ls_shows_a_directory_with_a_space_in_its_name" "$ls_out" \
    "^d .* dir one$"
tap_like "ls_resolves_a_symlink_to_a_file_with_the_target_size" \
    "$ls_out" "^[fl] $((3 * MiB + 7)) .* link-to-data$"
tap_like "ls_resolves_a_symlink_to_a_directory_as_one" "$ls_out" \
    "^[dl].* link-to-dir$"
tap_like "ls_shows_a_dangling_symlink" "$ls_out" " dangling$"
tap_not "ls_shows_no_dot_entries" grep -Eq ' \.\.?$' "$TAP_OUT"
tap_exit_is "ls_of_a_utf8_spaced_directory_exits_0" 0 \
    "$FERRY" ls "$(sshd_url "dir%20one")"
tap_like "ls_shows_a_utf8_name" "$(cat "$TAP_OUT")" "^f 6 .* é x\.txt$"
tap_exit_is "ls_of_a_missing_directory_fails" "4 1" \
    "$FERRY" ls "$(sshd_url "no-such-dir")"

# ---------------------------------------------------------------- get/put

tap_exit_is "get_exits_0" 0 "$FERRY" -q get "$(sshd_url data.bin)" got.bin
tap_same_file "get_copies_the_bytes" "$R/data.bin" got.bin

tap_exit_is "get_of_a_utf8_spaced_name_exits_0" 0 \
    "$FERRY" -q get "$(sshd_url "dir%20one/%C3%A9%20x.txt")" "l é x.txt"
tap_same_file "get_of_a_utf8_spaced_name_copies_it" \
    "$R/dir one/é x.txt" "l é x.txt"

tap_exit_is "get_through_a_symlink_exits_0" 0 \
    "$FERRY" -q get "$(sshd_url link-to-data)" via-link.bin
tap_same_file "get_through_a_symlink_copies_the_target" \
    "$R/data.bin" via-link.bin

tap_exit_is "get_by_absolute_path_exits_0" 0 \
    "$FERRY" -q get "$(sshd_url "/$R/data.bin")" abs.bin
tap_same_file "get_by_absolute_path_copies_it" "$R/data.bin" abs.bin

tap_random up.bin $((2 * MiB + 3))
tap_exit_is "put_exits_0" 0 "$FERRY" -q put up.bin "$(sshd_url up.bin)"
tap_same_file "put_copies_the_bytes" up.bin "$R/up.bin"

printf 'spaced\n' >"spaced ü name.txt"
tap_exit_is "put_to_a_utf8_spaced_name_exits_0" 0 "$FERRY" -q put \
    "spaced ü name.txt" "$(sshd_url "dir%20one/spaced%20%C3%BC%20name.txt")"
tap_same_file "put_to_a_utf8_spaced_name_copies_it" \
    "spaced ü name.txt" "$R/dir one/spaced ü name.txt"

: >empty.bin
tap_exit_is "put_of_an_empty_file_exits_0" 0 \
    "$FERRY" -q put empty.bin "$(sshd_url empty.bin)"
tap_ok "put_of_an_empty_file_makes_an_empty_file" \
    test -f "$R/empty.bin" -a ! -s "$R/empty.bin"

tap_exit_is "get_of_a_missing_file_fails_with_4" 4 \
    "$FERRY" -q get "$(sshd_url missing.bin)" missing.bin
tap_not "get_of_a_missing_file_makes_no_local_file" test -e missing.bin
tap_like "get_of_a_missing_file_names_it" "$(cat "$TAP_ERR")" "missing\.bin"

sum=$(tap_sha got.bin)
tap_exit_is "get_onto_an_existing_file_without_a_policy_exits_3" 3 \
    "$FERRY" -q get "$(sshd_url up.bin)" got.bin
tap_is "get_without_a_policy_leaves_the_target" "$(tap_sha got.bin)" "$sum"
tap_exit_is "get_with_overwrite_exits_0" 0 \
    "$FERRY" -q -o get "$(sshd_url up.bin)" got.bin
tap_same_file "get_with_overwrite_replaces_the_target" up.bin got.bin
tap_not "get_with_overwrite_leaves_no_partial_beside_it" \
    test -e got.bin.ferry-part

# SFTP can replace a file in one step only with posix-rename@openssh.com,
# which libssh2 sends from 1.11 on; before, an overwrite goes in place.
tap_random up2.bin $((MiB + 5))
tap_exit_is "put_with_overwrite_exits_0" 0 \
    "$FERRY" -o put up2.bin "$(sshd_url up.bin)"
tap_same_file "put_with_overwrite_replaces_the_remote_file" up2.bin "$R/up.bin"
tap_not "put_with_overwrite_leaves_no_partial_beside_it" \
    test -e "$R/up.bin.ferry-part"
if pkg-config --atleast-version=1.11 libssh2 2>/dev/null; then
	tap_not "put_with_overwrite_renames_in_one_step" \
	    grep -q "in one step" "$TAP_ERR"
else
	tap_ok "put_with_overwrite_says_it_overwrites_in_place" \
	    grep -q "cannot replace a file in one step: overwriting in place" \
	    "$TAP_ERR"
fi

# ---------------------------------------------------------------- trees

mkdir -p tree/a/b "tree/c d"
tap_random tree/a/one.bin 70000
tap_random tree/a/b/two.bin 1
: >tree/a/b/empty
printf 'ü\n' >"tree/c d/ä ö.txt"
tap_exit_is "recursive_put_exits_0" 0 \
    "$FERRY" -q -r put tree "$(sshd_url tree)"
tap_ok "recursive_put_copies_the_whole_tree" diff -r tree "$R/tree"

tap_exit_is "recursive_get_exits_0" 0 \
    "$FERRY" -q -r get "$(sshd_url tree)" tree-back
tap_ok "recursive_get_copies_the_whole_tree" diff -r "$R/tree" tree-back

# ---------------------------------------------------------------- keys

mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub" "$TAP_TMP/"
tap_exit_is "without_a_key_or_password_and_no_terminal_exits_2" 2 \
    "$FERRY" ls "$(sshd_url "")"
tap_exit_is "an_identity_given_with_-i_is_used" 0 \
    "$FERRY" -i "$TAP_TMP/id_ed25519" ls "$(sshd_url "")"

cat >"$HOME/.ssh/config" <<EOF
Host nothere
  User nobody
Host ferry-test-alias
  HostName 127.0.0.1
  Port $SSHD_PORT
  User $SSHD_USER
  IdentityFile $TAP_TMP/id_ed25519
EOF
tap_exit_is "ssh_config_hostname_port_user_and_identityfile_are_used" 0 \
    "$FERRY" -q get "sftp://ferry-test-alias/data.bin" alias.bin
tap_same_file "a_get_through_an_ssh_config_alias_copies_the_bytes" \
    "$R/data.bin" alias.bin
rm -f "$HOME/.ssh/config"
mv "$TAP_TMP/id_ed25519" "$TAP_TMP/id_ed25519.pub" "$HOME/.ssh/"

tap_ok "sshd_logged_a_publickey_login" \
    grep -q "Accepted publickey for $SSHD_USER" "$SSHD_LOG"

# A key with a passphrase and nobody to ask: skipped, the next one works.
ssh-keygen -q -t ed25519 -N 'a passphrase' -C locked -f locked_ed25519
tap_exit_is "a_key_with_a_passphrase_and_no_terminal_is_skipped" 0 \
    "$FERRY" -v -i locked_ed25519 ls "$(sshd_url "")"
tap_like "skipping_a_locked_key_is_logged" "$(cat "$TAP_ERR")" \
    "locked_ed25519 needs a passphrase; skipped"

# ssh-agent comes first; with no key files at all it is the only way in.
if command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null; then
	mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub" "$TAP_TMP/"
	tap_bg ssh-agent -D -a "$TAP_TMP/agent.sock"
	tap_wait_for 10 test -S "$TAP_TMP/agent.sock"
	SSH_AUTH_SOCK=$TAP_TMP/agent.sock ssh-add -q "$TAP_TMP/id_ed25519" \
	    2>/dev/null
	tap_exit_is "a_key_from_ssh_agent_is_used" 0 env \
	    SSH_AUTH_SOCK="$TAP_TMP/agent.sock" "$FERRY" -v ls "$(sshd_url "")"
	tap_like "the_agent_key_is_logged" "$(cat "$TAP_ERR")" \
	    "trying the agent's key"
	kill "$TAP_BG" && tap_reap "$TAP_BG" 5
	mv "$TAP_TMP/id_ed25519" "$TAP_TMP/id_ed25519.pub" "$HOME/.ssh/"
else
	tap_skip "a_key_from_ssh_agent_is_used" "no ssh-agent here"
fi

# ---------------------------------------------------------------- log

tap_exit_is "verbose_ls_exits_0" 0 "$FERRY" -v ls "$(sshd_url "")"
tap_like "the_protocol_log_names_the_negotiated_cipher" \
    "$(cat "$TAP_ERR")" "SSH: kex .*cipher aes"
tap_like "the_protocol_log_says_the_host_key_matched" \
    "$(cat "$TAP_ERR")" "host key ssh-ed25519 SHA256:.* matches"

tap_done
