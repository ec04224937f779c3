#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/policy.sh: what happens to an existing target: refused without
# a policy when there is no terminal to ask on (exit 3, untouched),
# --overwrite, --skip, --rename; and new files are made under the umask.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

tap_random src.bin $((1024 * 1024 + 11))

# mode_within FILE ALLOWED: FILE's permission bits are all within ALLOWED
# (octal), e.g. mode_within f 600.
mode_within() {
	local mode
	mode=$(stat -c %a -- "$1") || return 1
	if [ $((8#$mode & ~8#$2 & 8#7777)) -ne 0 ]; then
		echo "$1 has mode $mode, more than $2"
		return 1
	fi
}

# ---------------------------------------------------------------- refused

# existing_target_is_refused DIR: with DIR (get or put) onto an existing
# target and no policy, stdin not a terminal: exit 3, target untouched,
# one line naming the target and the options that would say what to do.
existing_target_is_refused() {
	local dir=$1 sum
	tap_random "$dir.target.bin" 4096
	sum=$(tap_sha "$dir.target.bin")
	tap_exit_is "${dir}_onto_existing_target_without_policy_exits_3" 3 \
	    "$FERRY" -q "$dir" src.bin "$dir.target.bin"
	tap_is "${dir}_onto_existing_target_without_policy_leaves_it" \
	    "$(tap_sha "$dir.target.bin")" "$sum"
	tap_err_names "${dir}_refusal_is_one_line_naming_the_target" \
	    "$dir.target.bin"
	tap_ok "${dir}_refusal_names_all_three_options" eval \
	    'grep -qF -- --resume "$TAP_ERR" &&
	    grep -qF -- --overwrite "$TAP_ERR" &&
	    grep -qF -- --skip "$TAP_ERR"'
}
existing_target_is_refused get
existing_target_is_refused put

mkdir into
tap_random into/src.bin 10
sum=$(tap_sha into/src.bin)
tap_exit_is "get_into_a_directory_holding_the_name_exits_3" 3 \
    "$FERRY" -q get src.bin into
tap_is "get_into_a_directory_holding_the_name_leaves_it" \
    "$(tap_sha into/src.bin)" "$sum"

# An empty target holds nothing to lose: it is written from byte 0
# (xfer/decide.h, XA_FRESH).
: >empty.bin
tap_exit_is "get_onto_an_empty_target_without_policy_exits_0" 0 \
    "$FERRY" -q get src.bin empty.bin
tap_same_file "get_onto_an_empty_target_without_policy_copies" \
    src.bin empty.bin

# ---------------------------------------------------------------- overwrite

tap_random small.bin 100
tap_exit_is "overwrite_of_a_smaller_target_exits_0" 0 \
    "$FERRY" -q -o get src.bin small.bin
tap_same_file "overwrite_of_a_smaller_target_replaces_it" src.bin small.bin

tap_random large.bin $((3 * 1024 * 1024))
tap_exit_is "overwrite_of_a_larger_target_exits_0" 0 \
    "$FERRY" -q --overwrite get src.bin large.bin
tap_same_file "overwrite_of_a_larger_target_truncates_it_to_the_source" \
    src.bin large.bin

tap_random put-large.bin $((2 * 1024 * 1024))
tap_exit_is "put_overwrite_of_a_larger_target_exits_0" 0 \
    "$FERRY" -q --overwrite put src.bin put-large.bin
tap_same_file "put_overwrite_of_a_larger_target_replaces_it" \
    src.bin put-large.bin

# ---------------------------------------------------------------- skip

tap_random keep.bin 5000
sum=$(tap_sha keep.bin)
tap_exit_is "skip_of_an_existing_target_exits_0" 0 \
    "$FERRY" -q -s get src.bin keep.bin
tap_is "skip_leaves_the_target_as_it_is" "$(tap_sha keep.bin)" "$sum"
tap_exit_is "put_skip_of_an_existing_target_exits_0" 0 \
    "$FERRY" -q --skip put src.bin keep.bin
tap_is "put_skip_leaves_the_target_as_it_is" "$(tap_sha keep.bin)" "$sum"
tap_exit_is "skip_without_a_target_exits_0" 0 \
    "$FERRY" -q --skip get src.bin fresh.bin
tap_same_file "skip_without_a_target_copies" src.bin fresh.bin

# ---------------------------------------------------------------- rename

tap_random file.bin 3000
sum=$(tap_sha file.bin)
tap_exit_is "rename_exits_0" 0 "$FERRY" -q -n get src.bin file.bin
tap_same_file "rename_writes_name_dot_1" src.bin file.bin.1
tap_is "rename_leaves_the_original" "$(tap_sha file.bin)" "$sum"
tap_exit_is "second_rename_exits_0" 0 "$FERRY" -q --rename get src.bin file.bin
tap_same_file "second_rename_writes_name_dot_2" src.bin file.bin.2
tap_same_file "second_rename_leaves_name_dot_1" src.bin file.bin.1
tap_is "second_rename_leaves_the_original" "$(tap_sha file.bin)" "$sum"
tap_not "second_rename_writes_no_name_dot_3" test -e file.bin.3
tap_exit_is "put_rename_exits_0" 0 "$FERRY" -q --rename put src.bin file.bin
tap_same_file "put_rename_writes_name_dot_3" src.bin file.bin.3

# ---------------------------------------------------------------- umask

# The source is 0666 so that a copy of its mode without the umask shows.
chmod 666 src.bin
tap_exit_is "get_under_umask_077_exits_0" 0 \
    bash -c 'umask 077; exec "$FERRY" -q get src.bin masked.bin'
tap_ok "get_under_umask_077_makes_mode_0600_or_stricter" \
    mode_within masked.bin 600
tap_exit_is "put_under_umask_077_exits_0" 0 \
    bash -c 'umask 077; exec "$FERRY" -q put src.bin put-masked.bin'
tap_ok "put_under_umask_077_makes_mode_0600_or_stricter" \
    mode_within put-masked.bin 600
tap_exit_is "rename_under_umask_077_exits_0" 0 \
    bash -c 'umask 077; exec "$FERRY" -q --rename get src.bin masked.bin'
tap_ok "rename_under_umask_077_makes_mode_0600_or_stricter" \
    mode_within masked.bin.1 600
tap_exit_is "get_under_umask_027_exits_0" 0 \
    bash -c 'umask 027; exec "$FERRY" -q get src.bin masked027.bin'
tap_ok "get_under_umask_027_makes_mode_0750_or_stricter" \
    mode_within masked027.bin 750

tap_done
