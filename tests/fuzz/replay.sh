#!/bin/bash
# tests/fuzz/replay.sh: every fuzz target of tests/fuzz/ replays its seed
# corpus (tests/fuzz/corpus/NAME/), built with tests/fuzz/replay.c as main:
# no crash, no failed check, no sanitizer report (in the ASan + UBSan
# build), and no input slower than 10 s.  Each corpus holds a few dozen
# files.  The long runs under libFuzzer are tests/fuzz/run.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
export TAP_TIMEOUT=${TAP_TIMEOUT:-300}
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

builddir=${FERRY%/*}
corpora=$top_srcdir/tests/fuzz/corpus

# replayed_at_least N: the replay said it ran N or more inputs.
replayed_at_least() {
	local n
	n=$(sed -n 's/^\([0-9]*\) inputs$/\1/p' "$TAP_OUT")
	if [ -z "$n" ] || [ "$n" -lt "$1" ]; then
		echo "replayed ${n:-no} inputs, expected $1 or more"
		return 1
	fi
}

for name in ftp_reply ftp_parsers ftp_list ftp_mlsd url record \
    known_hosts ssh_config sites qfile fmt; do
	prog=$builddir/tests/fuzz/fuzz_$name
	tap_exit_is "fuzz_${name}_replays_its_corpus_cleanly" 0 \
	    "$prog" -t 10 "$corpora/$name"
	tap_ok "fuzz_${name}_corpus_has_a_few_dozen_inputs" \
	    replayed_at_least 20
done

# The driver itself: a missing input is an error, not "0 inputs".
tap_exit_is "the_replay_fails_on_a_missing_corpus" 1 \
    "$builddir/tests/fuzz/fuzz_fmt" "$TAP_TMP/none"
# An input slower than -t ends the run, naming it: here a FIFO that no
# one writes to, whose opening never returns.
mkfifo "$TAP_TMP/slow"
tap_exit_is "the_replay_stops_at_an_input_slower_than_its_timeout" 1 \
    "$builddir/tests/fuzz/fuzz_fmt" -t 1 "$TAP_TMP/slow"
tap_like "the_timeout_names_the_slow_input" "$(cat "$TAP_ERR")" \
    "too slow \\(timeout\\): .*/slow$"
tap_done
