#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/recursive.sh: -r copies a tree (nested directories, names with
# spaces and UTF-8, an empty directory, an empty file) both ways; a
# directory without -r is refused; an existing tree is refused without a
# policy, left alone with --skip, and completed with --resume.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))
T=tree-src
mkdir -p "$T/empty" "$T/dir with space" "$T/日本" "$T/deep/a/b/c"
tap_random "$T/a.txt" 10000
: >"$T/zero"
tap_random "$T/dir with space/café é.bin" $((MiB + 7))
tap_random "$T/日本/データ 1.bin" $((200 * 1024))
tap_random "$T/deep/a/b/c/leaf.bin" 12345

# manifest DIR: every directory and every file's checksum under DIR.
manifest() {
	(cd "$1" && find . -type d | sort && find . -type f -exec sha256sum {} + |
	    sort)
}

# same_tree A B: diff -r finds no difference (nor an entry on one side).
same_tree() {
	diff -r -- "$1" "$2"
}

# empty_dir DIR: DIR exists and holds nothing.
empty_dir() {
	[ -d "$1" ] && [ -z "$(ls -A -- "$1")" ]
}

# ---------------------------------------------------------------- copies

mkdir dl up
tap_exit_is "get_r_of_a_tree_exits_0" 0 "$FERRY" -q -r get "$T" dl
tap_ok "get_r_copies_the_whole_tree" same_tree "$T" "dl/$T"
tap_ok "get_r_copies_an_empty_directory" empty_dir "dl/$T/empty"
tap_ok "get_r_copies_an_empty_file" eval \
    '[ -f "dl/$T/zero" ] && [ ! -s "dl/$T/zero" ]'
tap_exit_is "put_r_of_a_tree_exits_0" 0 "$FERRY" -q put --recursive "$T" up
tap_ok "put_r_copies_the_whole_tree" same_tree "$T" "up/$T"

# ---------------------------------------------------------------- refused

mkdir dl2
tap_exit_is "get_of_a_directory_without_r_fails" "1 4" \
    "$FERRY" -q get "$T" dl2
tap_err_names "get_of_a_directory_without_r_says_so_naming_it" "$T"
tap_ok "get_of_a_directory_without_r_copies_nothing" empty_dir dl2
tap_exit_is "put_of_a_directory_without_r_fails" "1 4" \
    "$FERRY" -q put "$T" dl2
tap_ok "put_of_a_directory_without_r_copies_nothing" empty_dir dl2

before=$(manifest dl)
tap_exit_is "get_r_onto_an_existing_tree_without_policy_exits_3" 3 \
    "$FERRY" -q -r get "$T" dl
tap_is "get_r_onto_an_existing_tree_without_policy_leaves_it" \
    "$(manifest dl)" "$before"
tap_exit_is "get_r_skip_onto_an_existing_tree_exits_0" 0 \
    "$FERRY" -q -r --skip get "$T" dl
tap_is "get_r_skip_leaves_the_existing_tree" "$(manifest dl)" "$before"

# ---------------------------------------------------------------- resume

# Partials of several sizes, a missing file, a missing directory.
truncate -s 300000 "dl/$T/dir with space/café é.bin"
truncate -s 1 "dl/$T/deep/a/b/c/leaf.bin"
rm "dl/$T/a.txt"
rm -r "dl/$T/empty"
head -c 4096 "$T/日本/データ 1.bin" >"up/$T/日本/データ 1.bin"
rm "up/$T/zero"

tap_exit_is "get_r_resume_of_a_partial_tree_exits_0" 0 \
    "$FERRY" -q -r --resume get "$T" dl
tap_ok "get_r_resume_completes_the_tree" same_tree "$T" "dl/$T"
tap_exit_is "put_r_resume_of_a_partial_tree_exits_0" 0 \
    "$FERRY" -q -r --resume put "$T" up
tap_ok "put_r_resume_completes_the_tree" same_tree "$T" "up/$T"

tap_random "dl/$T/日本/データ 1.bin" 77
tap_exit_is "get_r_overwrite_exits_0" 0 "$FERRY" -q -r -o get "$T" dl
tap_ok "get_r_overwrite_replaces_a_changed_file" same_tree "$T" "dl/$T"

tap_done
