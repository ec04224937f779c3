#!/bin/bash
# shellcheck disable=SC2317 # setup runs through tap_ok
# tests/cli/newer.sh: -u (--newer) and --size-differs, a tree brought up to
# date as lftp's mirror or rsync -u would: a target older than its source
# is replaced, one as new is left, a missing one is copied, and an
# unfinished copy of the source (its resume record says so) is finished,
# every byte checked, whatever time the interruption left it with;
# --size-differs replaces only where the sizes differ.  Neither combines
# with another policy.  Then -u on an upload to the real sshd: replaced
# when older there, left when newer.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/sshd.sh"

tap_sandbox
export LC_ALL=C

has_record() { compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null; }

# setup: src (the source tree) and M/src (its copy of some time ago, and
# a copy of big.bin that was cut off).
setup() {
	rm -rf src M "$XDG_STATE_HOME/ferry"
	mkdir -p src/sub M/src
	echo "new text" >src/a.txt
	echo "old" >src/b.txt
	touch -d 2000-01-01 src/b.txt
	echo "c" >src/sub/c.txt
	echo "same size A" >src/same.txt
	cp "$TAP_TMP/big" src/big.bin
	echo "aa" >M/src/a.txt
	touch -d 2001-01-01 M/src/a.txt
	echo "bb, kept" >M/src/b.txt
	echo "same size B" >M/src/same.txt
	touch -d 2001-01-01 M/src/same.txt
	(cd M/src && exec timeout -s TERM 1.5 "$FERRY" get -q \
	    --limit-rate 1M ../../src/big.bin .) </dev/null 2>/dev/null
	[ "$(tap_size M/src/big.bin)" -gt 0 ] &&
	    [ "$(tap_size M/src/big.bin)" -lt 6000011 ] && has_record
}
tap_random "$TAP_TMP/big" 6000011

tap_ok "a_cut_copy_and_an_older_tree" setup
(cd M && exec "$FERRY" -v -u get -r ../src .) >"$TAP_OUT" 2>"$TAP_ERR"
tap_is "newer_exits_0" "$?" 0
tap_same_file "an_older_target_is_replaced" src/a.txt M/src/a.txt
tap_is "a_newer_one_is_left" "$(cat M/src/b.txt)" "bb, kept"
tap_like "and_said" "$(cat "$TAP_ERR")" \
    "b.txt exists and is not older than the source: skipped"
tap_same_file "a_missing_one_is_copied" src/sub/c.txt M/src/sub/c.txt
tap_same_file "an_older_one_of_the_same_size_too" src/same.txt M/src/same.txt
tap_same_file "the_cut_copy_is_finished" src/big.bin M/src/big.bin
tap_like "by_a_resume_every_byte_checked" "$(cat "$TAP_ERR")" \
    "big.bin: resuming at byte [0-9]+ \(checked: every byte of the partial against its resume record"
tap_not "its_record_is_gone" has_record
(cd M && exec "$FERRY" -u get -r ../src .) >"$TAP_OUT" 2>"$TAP_ERR"
tap_is "again_nothing_to_do" "$?" 0
tap_is "b_is_still_kept" "$(cat M/src/b.txt)" "bb, kept"

tap_ok "the_same_again" setup
(cd M && exec "$FERRY" -v --size-differs get -r ../src .) >"$TAP_OUT" \
    2>"$TAP_ERR"
tap_is "size_differs_exits_0" "$?" 0
tap_same_file "another_size_is_replaced" src/a.txt M/src/a.txt
tap_same_file "older_or_not" src/b.txt M/src/b.txt
tap_is "the_same_size_is_left" "$(cat M/src/same.txt)" "same size B"
tap_like "and_said_so" "$(cat "$TAP_ERR")" \
    "same.txt exists with the source's size: skipped"
tap_same_file "the_cut_copy_is_finished_too" src/big.bin M/src/big.bin
tap_like "by_a_resume" "$(cat "$TAP_ERR")" "big.bin: resuming at byte"

tap_exit_is "newer_with_overwrite_is_a_usage_error" 1 \
    "$FERRY" -u -o get src/a.txt M/
tap_like "which_says_so" "$(cat "$TAP_ERR")" \
    "--overwrite cannot be combined with --newer"
tap_exit_is "size_differs_with_skip_too" 1 \
    "$FERRY" --skip --size-differs get src/a.txt M/
tap_like "which_says_so_too" "$(cat "$TAP_ERR")" \
    "--size-differs cannot be combined with --skip"

# An upload with -u: SFTP times are to the second.
sshd_setup "sftp_newer"
echo "up, new" >up.txt
echo "there, older" >"$SSHD_HOME/up.txt"
touch -d 2001-01-01 "$SSHD_HOME/up.txt"
tap_exit_is "put_newer_replaces_an_older_file_there" 0 \
    "$FERRY" -u put up.txt "$(sshd_url up.txt)"
tap_same_file "with_the_source" up.txt "$SSHD_HOME/up.txt"
echo "there, newer" >"$SSHD_HOME/up.txt"
touch -d "+1 hour" "$SSHD_HOME/up.txt"
tap_exit_is "and_leaves_a_newer_one" 0 \
    "$FERRY" -u put up.txt "$(sshd_url up.txt)"
tap_is "as_it_was" "$(cat "$SSHD_HOME/up.txt")" "there, newer"

tap_done
