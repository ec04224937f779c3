#!/bin/bash
# tests/cli/multi.sh: get and put of several sources, and of patterns
# (*, ?, [...] in the last name, as sftp's get and lftp's mget take
# them), on this machine, over FTP (proftpd) and over SFTP (sshd):
# every match arrives byte for byte in the target directory and nothing
# else does (a leading dot only by a dot); a name that is the pattern
# itself is taken as it is; a pattern that matches nothing is exit 4; a
# source that fails does not stop the others, and its status is the
# exit status; several sources into a directory that is not there say it
# once, then count.  ls of a pattern lists the entries that match.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/ftpd.sh"
. "$top_srcdir/tests/lib/sshd.sh"

tap_sandbox
export LC_ALL=C

# fill DIR: the files the patterns pick from.
fill() {
	mkdir -p "$1"
	tap_random "$1/one.iso" 300001
	tap_random "$1/two.iso" 200003
	echo "not an image" >"$1/notes.txt"
	echo "hidden" >"$1/.hidden.iso"
	echo "a star in its name" >"$1/star*.txt"
	echo "would match star*" >"$1/star-2.txt"
	mkdir -p "$1/sub.iso.d"
}

# multi NAME URL DIR OPTS...: URL (ending in /) is DIR on the disk.
multi() {
	local n=$1 url=$2 dir=$3 got=$TAP_TMP/got-$1
	shift 3
	rm -rf "$dir/m" "$got"
	fill "$dir/m"
	mkdir -p "$got"
	tap_exit_is "${n}_get_a_pattern" 0 \
	    "$FERRY" -q "$@" get "${url}m/*.iso" "$got"
	tap_same_file "${n}_the_first_match" "$dir/m/one.iso" "$got/one.iso"
	tap_same_file "${n}_the_second" "$dir/m/two.iso" "$got/two.iso"
	tap_not "${n}_not_the_hidden_one" test -e "$got/.hidden.iso"
	tap_not "${n}_nor_what_does_not_match" test -e "$got/notes.txt"
	tap_exit_is "${n}_a_name_that_is_the_pattern" 0 \
	    "$FERRY" -q "$@" get "${url}m/star*.txt" "$got"
	tap_same_file "${n}_is_taken_as_it_is" "$dir/m/star*.txt" \
	    "$got/star*.txt"
	tap_not "${n}_and_alone" test -e "$got/star-2.txt"
	tap_exit_is "${n}_brackets_and_question_marks" 0 \
	    "$FERRY" -q "$@" get "${url}m/[n]ote?.txt" "$got"
	tap_same_file "${n}_match_too" "$dir/m/notes.txt" "$got/notes.txt"
	tap_exit_is "${n}_a_pattern_that_matches_nothing" 4 \
	    "$FERRY" -q "$@" get "${url}m/*.zip" "$got"
	tap_like "${n}_says_so" "$(cat "$TAP_ERR")" "m/\*\.zip: nothing matches"
	tap_exit_is "${n}_ls_a_pattern" 0 "$FERRY" "$@" ls "${url}m/*.iso"
	tap_is "${n}_lists_the_matches_only" \
	    "$(awk '{ print $1, $2, $4 }' "$TAP_OUT")" \
	    "$(printf 'f 300001 one.iso\nf 200003 two.iso')"
	tap_exit_is "${n}_ls_of_nothing_that_matches" 4 \
	    "$FERRY" "$@" ls "${url}m/*.zip"
	tap_is "${n}_prints_nothing" "$(cat "$TAP_OUT")" ""
	mkdir -p "$dir/m/in"
	tap_exit_is "${n}_put_several" 0 \
	    "$FERRY" -q "$@" put "$got/one.iso" "$got/notes.txt" "${url}m/in"
	tap_same_file "${n}_they_arrive" "$got/one.iso" "$dir/m/in/one.iso"
	tap_same_file "${n}_both" "$got/notes.txt" "$dir/m/in/notes.txt"
	tap_exit_is "${n}_a_missing_source_among_them" 4 \
	    "$FERRY" -q "$@" put "$got/none" "$got/two.iso" "${url}m/in"
	tap_same_file "${n}_does_not_stop_the_others" "$got/two.iso" \
	    "$dir/m/in/two.iso"
	tap_exit_is "${n}_into_a_directory_that_is_not_there" 4 \
	    "$FERRY" -q "$@" put "$got/one.iso" "$got/two.iso" \
	    "$got/notes.txt" "${url}m/nowhere"
	tap_is "${n}_said_once" "$(grep -c "no such directory" "$TAP_ERR")" 1
	tap_like "${n}_then_counted" "$(cat "$TAP_ERR")" "the same 2 more times"
	tap_not "${n}_and_nothing_made" test -e "$dir/m/nowhere"
}

mkdir -p disk
multi local "$TAP_TMP/disk/" "$TAP_TMP/disk"
# local sources given one by one, as a shell expands them
mkdir -p here
tap_exit_is "get_several_local_sources" 0 \
    "$FERRY" -q get disk/m/one.iso disk/m/two.iso here
tap_same_file "both_arrive" disk/m/two.iso here/two.iso
tap_exit_is "a_remote_target_for_get_is_a_usage_error" 1 \
    "$FERRY" get disk/m/one.iso disk/m/two.iso "sftp://nobody@127.0.0.1:1/x"
tap_exit_is "a_remote_source_for_put_too" 1 \
    "$FERRY" put disk/m/one.iso "sftp://nobody@127.0.0.1:1/x" here

if ftpd_proftpd_or_skip "proftpd_multi"; then
	multi proftpd "$FTPD_URL/" "$FTPD_ROOT" --password-file "$FTPD_PWFILE"
fi

sshd_setup "sftp_multi"
multi sshd "$(sshd_url "")" "$SSHD_HOME"

tap_done
