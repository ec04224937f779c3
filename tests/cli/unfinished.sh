#!/bin/bash
# tests/cli/unfinished.sh: a source that a resume record names as the
# target of a copy that was cut off (an unfinished copy, ◐ in the file
# manager) is copied as it is, as asked, but said: alone, in a tree, and in
# a tree copied in parallel.  A whole file, and a partial whose record is
# gone, say nothing.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox
export LC_ALL=C

has_record() { compgen -G "$XDG_STATE_HOME/ferry/*.rec" >/dev/null; }

mkdir -p src A/sub
tap_random src/big.iso 6000011
# Interrupted: SIGTERM after 1.5 s at 1 MiB/s.
(cd A/sub && exec timeout -s TERM 1.5 "$FERRY" get -q --limit-rate 1M \
    ../../src/big.iso .) </dev/null 2>/dev/null
tap_ok "an_interrupted_copy_left_a_partial" \
    test "$(tap_size A/sub/big.iso)" -gt 0 -a \
    "$(tap_size A/sub/big.iso)" -lt 6000011
tap_ok "and_its_record" has_record
echo "a whole file" >A/sub/notes.txt

mkdir C D
tap_exit_is "copying_the_partial_succeeds" 0 "$FERRY" get A/sub/big.iso C/
tap_like "and_says_it_is_an_unfinished_copy" "$(cat "$TAP_ERR")" \
    "A/sub/big.iso is an unfinished copy \(a resume record names it as the target of a copy that was cut off\): copied as it is"
tap_same_file "copied_as_it_is" A/sub/big.iso C/big.iso

tap_exit_is "a_whole_file_is_copied" 0 "$FERRY" get A/sub/notes.txt C/
tap_is "and_nothing_is_said" "$(cat "$TAP_ERR")" ""

tap_exit_is "a_tree_with_the_partial_is_copied" 0 "$FERRY" get -r A T1
tap_like "and_the_partial_is_named" "$(cat "$TAP_ERR")" \
    "big.iso is an unfinished copy"
tap_is "once" "$(grep -c "unfinished copy" "$TAP_ERR")" 1
tap_same_file "the_tree_holds_it_as_it_is" A/sub/big.iso T1/sub/big.iso

tap_exit_is "in_parallel_too" 0 "$FERRY" get -r --parallel 2 A T2
tap_like "the_partial_is_named_there_too" "$(cat "$TAP_ERR")" \
    "big.iso is an unfinished copy"
tap_same_file "and_copied_as_it_is" A/sub/big.iso T2/sub/big.iso

# The copy is finished: the record goes, and so does the word.
tap_exit_is "the_cut_copy_finished" 0 "$FERRY" get --resume src/big.iso \
    A/sub/big.iso
tap_not "its_record_is_gone" has_record
tap_exit_is "then_copying_it" 0 "$FERRY" get A/sub/big.iso D/
tap_is "says_nothing" "$(cat "$TAP_ERR")" ""

tap_done
