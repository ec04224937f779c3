#!/bin/bash
# tests/cli/fileops.sh: the command line's mkdir, rm, mv and chmod, on this
# machine, over FTP (proftpd) and over SFTP (sshd), each checked on the
# disk: mkdir makes a directory and refuses one that exists (exit 3); mv
# renames, and moves into a directory as mv does, never replacing a file
# (exit 3); rm deletes a file, refuses a directory without -r (exit 4,
# nothing deleted) and deletes it with all it holds with -r; a missing
# name is exit 4 with a message; mv across servers copies, then deletes
# the source once all of it arrived (a file and a tree, both ways), and
# keeps it when the copy could not be made; chmod sets an octal mode and
# refuses anything else (exit 1).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

tap_sandbox
export LC_ALL=C

# ops NAME URL DIR OPTS...: URL (ending in /) is DIR on the disk.
ops() {
	local n=$1 url=$2 dir=$3
	shift 3
	rm -rf "$dir/fo"
	mkdir -p "$dir/fo"
	echo "one" >"$dir/fo/one.txt"
	echo "other" >"$dir/fo/other.txt"
	tap_exit_is "${n}_mkdir" 0 "$FERRY" "$@" mkdir "${url}fo/made"
	tap_ok "${n}_the_directory_is_there" test -d "$dir/fo/made"
	tap_exit_is "${n}_mkdir_of_one_that_exists" 3 \
	    "$FERRY" "$@" mkdir "${url}fo/made"
	tap_like "${n}_says_so" "$(cat "$TAP_ERR")" "made"
	tap_exit_is "${n}_mv_renames" 0 \
	    "$FERRY" "$@" mv "${url}fo/one.txt" "${url}fo/two.txt"
	tap_ok "${n}_renamed" test -f "$dir/fo/two.txt" -a ! -e "$dir/fo/one.txt"
	tap_exit_is "${n}_mv_into_a_directory" 0 \
	    "$FERRY" "$@" mv "${url}fo/two.txt" "${url}fo/made"
	tap_is "${n}_it_is_inside_with_its_bytes" \
	    "$(cat "$dir/fo/made/two.txt" 2>/dev/null)" "one"
	cp "$dir/fo/other.txt" "$dir/fo/made/three.txt"
	tap_exit_is "${n}_mv_onto_a_file_is_refused" 3 \
	    "$FERRY" "$@" mv "${url}fo/other.txt" "${url}fo/made/two.txt"
	tap_is "${n}_which_stays" "$(cat "$dir/fo/made/two.txt")" "one"
	tap_ok "${n}_and_so_does_the_source" test -f "$dir/fo/other.txt"
	tap_exit_is "${n}_chmod" 0 "$FERRY" "$@" chmod 640 "${url}fo/other.txt"
	tap_is "${n}_sets_the_mode" "$(stat -c %a "$dir/fo/other.txt")" 640
	tap_exit_is "${n}_chmod_of_a_mode_that_is_not_octal" 1 \
	    "$FERRY" "$@" chmod 9 "${url}fo/other.txt"
	tap_is "${n}_changes_nothing" "$(stat -c %a "$dir/fo/other.txt")" 640
	tap_exit_is "${n}_rm_a_file" 0 "$FERRY" "$@" rm "${url}fo/other.txt"
	tap_not "${n}_it_is_gone" test -e "$dir/fo/other.txt"
	tap_exit_is "${n}_rm_a_directory_without_r" 4 \
	    "$FERRY" "$@" rm "${url}fo/made"
	tap_like "${n}_is_refused" "$(cat "$TAP_ERR")" \
	    "is a directory: not deleted without -r"
	tap_ok "${n}_and_nothing_went" test -f "$dir/fo/made/three.txt"
	tap_exit_is "${n}_rm_r" 0 "$FERRY" "$@" rm -r "${url}fo/made"
	tap_not "${n}_the_tree_is_gone" test -e "$dir/fo/made"
	tap_ok "${n}_its_parent_stays" test -d "$dir/fo"
	tap_exit_is "${n}_rm_of_nothing" 4 "$FERRY" "$@" rm "${url}fo/none"
	tap_like "${n}_says_what" "$(cat "$TAP_ERR")" "none"
}

mkdir -p disk
ops local "$TAP_TMP/disk/" "$TAP_TMP/disk"
echo "stays" >disk/stays.txt
tap_exit_is "mv_to_a_server_that_cannot_be_reached" 2 \
    "$FERRY" mv disk/stays.txt "sftp://nobody@127.0.0.1:1/x"
tap_ok "keeps_the_source" test -f disk/stays.txt
tap_exit_is "mkdir_needs_a_location" 1 "$FERRY" mkdir
tap_exit_is "mv_needs_two" 1 "$FERRY" mv disk/fo

if ftpd_proftpd_or_skip "proftpd_fileops"; then
	ops proftpd "$FTPD_URL/" "$FTPD_ROOT" --password-file "$FTPD_PWFILE"
fi

sshd_setup "sftp_fileops"
ops sshd "$(sshd_url "")" "$SSHD_HOME"

# mv across servers: copied, then the source deleted once all of it is
# there, both ways, a file and a tree
tap_random disk/big.bin 3000011
cp disk/big.bin big.copy
mkdir -p "$SSHD_HOME/into" disk/tree/deep
echo "t1" >disk/tree/t1.txt
echo "t2" >disk/tree/deep/t2.txt
tap_exit_is "mv_to_another_server" 0 \
    "$FERRY" -q mv disk/big.bin "$(sshd_url into)"
tap_same_file "arrives_whole" big.copy "$SSHD_HOME/into/big.bin"
tap_not "and_leaves_here" test -e disk/big.bin
tap_exit_is "mv_back" 0 "$FERRY" -q mv "$(sshd_url into/big.bin)" disk/
tap_same_file "arrives_whole_here" big.copy disk/big.bin
tap_not "and_leaves_there" test -e "$SSHD_HOME/into/big.bin"
tap_exit_is "mv_of_a_tree_to_another_server" 0 \
    "$FERRY" -q mv disk/tree "$(sshd_url into)"
tap_is "the_tree_is_there" "$(cat "$SSHD_HOME/into/tree/deep/t2.txt")" "t2"
tap_not "and_gone_here" test -e disk/tree
echo "in the way" >"$SSHD_HOME/into/stays.txt"
tap_exit_is "mv_onto_a_file_there_without_a_terminal" 3 \
    "$FERRY" -q mv disk/stays.txt "$(sshd_url into)"
tap_is "leaves_it_there" "$(cat "$SSHD_HOME/into/stays.txt")" "in the way"
tap_ok "and_keeps_the_source" test -f disk/stays.txt

tap_done
