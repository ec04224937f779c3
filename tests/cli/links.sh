#!/bin/bash
# tests/cli/links.sh: ferry never writes through a link planted at the
# target.  A symlink or a hard link where -o, --resume or -r would write
# (and a symlinked directory inside a tree that -r copies into) is refused
# with exit 4 and a message that says why; the file it points to keeps
# its bytes, and the link stays as it was.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

tap_random src.bin $((300 * 1024))
mkdir outside dl
tap_random outside/victim $((100 * 1024))
vsum=$(tap_sha outside/victim)

# victim_unchanged NAME: the file the links point to kept its bytes.
victim_unchanged() {
	tap_is "$1" "$(tap_sha outside/victim)" "$vsum"
}

ln -s ../outside/victim dl/sym.bin
tap_exit_is "overwrite_onto_a_symlink_exits_4" 4 \
    "$FERRY" -q -o get src.bin dl/sym.bin
tap_ok "overwrite_onto_a_symlink_says_it_is_a_symbolic_link" \
    grep -q "symbolic link" "$TAP_ERR"
victim_unchanged "overwrite_onto_a_symlink_leaves_its_file_unchanged"
tap_ok "overwrite_onto_a_symlink_leaves_the_link" test -L dl/sym.bin

# a victim that starts like the source: the resume would pass the check
head -c $((100 * 1024)) src.bin >outside/victim
vsum=$(tap_sha outside/victim)
tap_exit_is "resume_onto_a_symlink_exits_4" 4 \
    "$FERRY" -q -c get src.bin dl/sym.bin
tap_ok "resume_onto_a_symlink_says_it_is_a_symbolic_link" \
    grep -q "symbolic link" "$TAP_ERR"
victim_unchanged "resume_onto_a_symlink_leaves_its_file_unchanged"

ln outside/victim dl/hard.bin
tap_exit_is "overwrite_onto_a_hard_link_exits_4" 4 \
    "$FERRY" -q -o get src.bin dl/hard.bin
tap_ok "overwrite_onto_a_hard_link_says_so" grep -q "hard links" "$TAP_ERR"
victim_unchanged "overwrite_onto_a_hard_link_leaves_its_file_unchanged"
tap_exit_is "resume_onto_a_hard_link_exits_4" 4 \
    "$FERRY" -q -c get src.bin dl/hard.bin
victim_unchanged "resume_onto_a_hard_link_leaves_its_file_unchanged"

# -r into a tree where a file and a directory are symlinks
mkdir -p tree/sub tree/deep
cp src.bin tree/sub/file.bin
cp src.bin tree/deep/x.bin
cp src.bin tree/top.bin
mkdir -p dl/tree outside/elsewhere
ln -s ../../outside/victim dl/tree/top.bin
ln -s ../../outside/elsewhere dl/tree/sub
tap_exit_is "recursive_copy_with_planted_links_exits_4" 4 \
    "$FERRY" -q -r -o get tree dl
tap_ok "recursive_copy_names_the_symlinked_directory" \
    grep -q "tree/sub is a symbolic link" "$TAP_ERR"
tap_ok "recursive_copy_names_the_symlinked_file" \
    grep -q "tree/top.bin is a symbolic link" "$TAP_ERR"
victim_unchanged "recursive_copy_leaves_the_linked_file_unchanged"
tap_ok "recursive_copy_writes_nothing_into_the_linked_directory" \
    test -z "$(ls -A outside/elsewhere)"
tap_same_file "recursive_copy_still_copies_the_rest" src.bin dl/tree/deep/x.bin
tap_done
