#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/nospace.sh: a copy that runs into a file size limit (the same
# error a full disk or a quota gives: the write fails part-way) exits 4 with
# one line naming the target, keeps what it wrote as a prefix of the
# source, and --resume completes it once there is room.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

MiB=$((1024 * 1024))
tap_random src.bin $((5 * MiB))

# at_most FILE N: FILE has at most N bytes.
at_most() {
	[ "$(tap_size "$1")" -le "$2" ]
}

# bash -c "$LIMITED" limited KIB CMD...: CMD under a file size limit of KIB
# KiB (bash's ulimit -f counts 1024-byte blocks).  SIGXFSZ keeps its
# default action: ferry must cope with it itself.  (A program, not a shell
# function, so that tap_run can bound it.)
LIMITED='ulimit -f "$1" && shift && exec "$@"'

# size_limit_is_resumable DIR: DIR (get or put) of 5 MiB under a 2 MiB
# limit fails (4) leaving a prefix; under 3 MiB it resumes and fails again
# further on; without a limit it completes.
size_limit_is_resumable() {
	local dir=$1 part=$1.target.bin first
	tap_exit_is "${dir}_past_the_file_size_limit_exits_4" 4 \
	    bash -c "$LIMITED" limited 2048 "$FERRY" -q "$dir" src.bin "$part"
	tap_err_names "${dir}_past_the_file_size_limit_names_the_target" "$part"
	tap_prefix "${dir}_past_the_file_size_limit_keeps_a_prefix" \
	    "$part" src.bin
	tap_ok "${dir}_past_the_file_size_limit_writes_at_most_the_limit" \
	    at_most "$part" $((2 * MiB))
	first=$(tap_size "$part")
	tap_ok "${dir}_past_the_file_size_limit_says_how_many_bytes_are_kept" \
	    grep -qw "$first" "$TAP_ERR"

	tap_exit_is "${dir}_resume_past_a_higher_limit_exits_4" 4 \
	    bash -c "$LIMITED" limited 3072 \
	    "$FERRY" -q --resume "$dir" src.bin "$part"
	tap_prefix "${dir}_resume_past_a_higher_limit_keeps_a_prefix" \
	    "$part" src.bin
	tap_ok "${dir}_resume_past_a_higher_limit_gets_further" \
	    larger_than "$part" "$first"

	tap_exit_is "${dir}_resume_without_a_limit_exits_0" 0 \
	    "$FERRY" -q --resume "$dir" src.bin "$part"
	tap_same_file "${dir}_resume_without_a_limit_completes_it" \
	    src.bin "$part"
}

# larger_than FILE N: FILE has more than N bytes.
larger_than() {
	[ "$(tap_size "$1")" -gt "$2" ]
}

size_limit_is_resumable get
size_limit_is_resumable put

tap_done
