#!/bin/bash
# shellcheck disable=SC2317 # helpers run via tap_ok
# tests/cli/durable.sh: a resume record only vouches for bytes that are on
# the disk.  Seen through strace: the target is flushed (fdatasync) before
# each record that claims bytes, a record is flushed (fsync) before it is
# renamed into place and its directory after, and an overwrite's partial
# is flushed before it replaces the target.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

command -v strace >/dev/null || { echo "1..0 # SKIP no strace"; exit 0; }
strace -o /dev/null true 2>/dev/null ||
    { echo "1..0 # SKIP strace cannot trace here"; exit 0; }
tap_sandbox

MiB=$((1024 * 1024))
tap_random big.bin $((6 * MiB))
CALLS=fdatasync,fsync,rename,renameat,renameat2

# traced TRACE ARGS...: ferry ARGS under strace, the calls in TRACE
# (LeakSanitizer cannot run under ptrace: off for a sanitizer build).
traced() {
	local out=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -qq -o "$out" -e trace=$CALLS "$FERRY" -q "$@"
}

# order TRACE: one letter per call, in order: D fdatasync, S fsync,
# R rename of a record, P rename of a partial over its target.
order() {
	awk '/fdatasync\(/ { printf "D"; next }
	    /fsync\(/ { printf "S"; next }
	    /rename.*\.rec"/ { printf "R"; next }
	    /rename.*\.ferry-part"/ { printf "P"; next }' "$1"
}

tap_exit_is "a_traced_rate_limited_get_exits_0" 0 \
    traced get.trace --limit-rate 3M get big.bin got.bin
tap_same_file "the_traced_get_copies_the_bytes" big.bin got.bin
o=$(order get.trace)
tap_like "every_record_is_flushed_before_and_its_directory_after_rename" \
    "$o" '^([^R]*[S]R[S])+[^R]*$'
tap_like "the_target_is_flushed_before_a_record_claims_more_bytes" \
    "$o" '^S?RS(D[^R]*SRS)+'

tap_random old.bin $((2 * MiB))
tap_exit_is "a_traced_overwrite_exits_0" 0 \
    traced put.trace -o get big.bin old.bin
tap_same_file "the_traced_overwrite_replaces_the_target" big.bin old.bin
tap_like "the_partial_is_flushed_before_it_replaces_the_target" \
    "$(order put.trace)" 'DP'
tap_done
