#!/bin/bash
# shellcheck disable=SC2317,SC2016 # helpers run via tap_ok; code quoted
# tests/cli/basic.sh: the one-shot command line: help, version, usage
# errors, plain copies both ways (byte for byte), where the copy lands
# (into a directory; a missing one named with a final / is an error),
# options on either side of the subcommand, file:// URLs, and ls.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

tap_sandbox

# has_all FILE WORD...: FILE contains every WORD (fixed strings).
has_all() {
	local file=$1 w
	shift
	for w in "$@"; do
		grep -qF -- "$w" "$file" || { echo "no '$w' in $file"; return 1; }
	done
}

# ---------------------------------------------------------------- help

tap_exit_is "help_exits_0" 0 "$FERRY" --help
tap_ok "help_prints_usage_on_stdout_naming_the_subcommands_and_policies" \
    has_all "$TAP_OUT" get put ls --resume --overwrite --skip --rename
cp "$TAP_OUT" help.out
tap_exit_is "short_h_exits_0" 0 "$FERRY" -h
tap_same_file "short_h_prints_the_same_usage" "$TAP_OUT" help.out

tap_exit_is "version_exits_0" 0 "$FERRY" --version
tap_like "version_names_the_program_and_a_number" \
    "$(head -n 1 "$TAP_OUT")" 'ferry.*[0-9]'

# ---------------------------------------------------------------- usage

tap_random src.bin 4096

tap_exit_is "unknown_option_exits_1" 1 "$FERRY" --no-such-option
tap_ok "unknown_option_message_names_the_option" \
    grep -qF no-such-option "$TAP_ERR"
tap_exit_is "unknown_option_after_subcommand_exits_1" 1 \
    "$FERRY" get --no-such-option src.bin out.bin
tap_not "unknown_option_copies_nothing" test -e out.bin
tap_exit_is "get_without_source_exits_1" 1 "$FERRY" get
tap_exit_is "get_of_two_sources_into_no_directory_exits_4" 4 \
    "$FERRY" get src.bin out.bin extra.bin
tap_like "and_says_the_directory_is_not_there" "$(cat "$TAP_ERR")" \
    "extra.bin/: no such directory"
tap_not "and_makes_no_file_of_it" test -e extra.bin
tap_exit_is "put_without_target_exits_1" 1 "$FERRY" put src.bin
tap_exit_is "put_without_operands_exits_1" 1 "$FERRY" put
tap_exit_is "ls_without_location_exits_1" 1 "$FERRY" ls
tap_exit_is "retries_not_a_number_exits_1" 1 \
    "$FERRY" --retries many get src.bin out.bin
tap_exit_is "limit_rate_not_a_rate_exits_1" 1 \
    "$FERRY" --limit-rate fast get src.bin out.bin
tap_exit_is "url_with_unknown_scheme_exits_1" 1 \
    "$FERRY" get gopher://127.0.0.1/src.bin out.bin
tap_not "usage_errors_copy_nothing" test -e out.bin

# ---------------------------------------------------------------- errors

tap_exit_is "get_of_missing_source_exits_4" 4 \
    "$FERRY" -q get no-such-file.bin out.bin
tap_err_names "get_of_missing_source_says_so_in_one_line_naming_it" \
    no-such-file.bin
tap_not "get_of_missing_source_creates_no_target" test -e out.bin
tap_exit_is "put_of_missing_source_exits_4" 4 \
    "$FERRY" -q put no-such-file.bin out.bin
tap_err_names "put_of_missing_source_says_so_in_one_line_naming_it" \
    no-such-file.bin
tap_exit_is "get_from_closed_sftp_port_exits_2" 2 \
    "$FERRY" -q get sftp://127.0.0.1:1/src.bin out.bin
tap_exit_is "get_from_closed_ftp_port_exits_2" 2 \
    "$FERRY" -q get ftp://127.0.0.1:1/src.bin out.bin
tap_not "failed_connections_create_no_target" test -e out.bin

# ---------------------------------------------------------------- copies

# copy_sizes_are_exact DIR SIZE: a SIZE-byte file copied with DIR (get or
# put) arrives byte for byte.
copy_sizes_are_exact() {
	local dir=$1 size=$2
	tap_random "s.$dir.$size" "$size"
	tap_exit_is "${dir}_of_${size}_bytes_exits_0" 0 \
	    "$FERRY" -q "$dir" "s.$dir.$size" "t.$dir.$size"
	tap_same_file "${dir}_of_${size}_bytes_is_byte_identical" \
	    "s.$dir.$size" "t.$dir.$size"
}
for size in 0 1 1024 $((1024 * 1024 + 3)); do
	copy_sizes_are_exact get "$size"
	copy_sizes_are_exact put "$size"
done

tap_exit_is "quiet_get_exits_0" 0 "$FERRY" -q get src.bin quiet.bin
tap_is "quiet_get_prints_nothing" "$(cat "$TAP_OUT" "$TAP_ERR")" ""

mkdir into
tap_exit_is "get_into_a_directory_exits_0" 0 "$FERRY" -q get src.bin into
tap_same_file "get_into_a_directory_uses_the_source_base_name" \
    src.bin into/src.bin
mkdir into2
tap_exit_is "get_into_a_directory_with_slash_exits_0" 0 \
    "$FERRY" -q get "$TAP_TMP/src.bin" into2/
tap_same_file "get_into_a_directory_with_slash_uses_the_base_name" \
    src.bin into2/src.bin
tap_exit_is "get_into_a_missing_directory_with_slash_exits_4" 4 \
    "$FERRY" -q get src.bin missing/
tap_like "which_is_named_as_missing" "$(cat "$TAP_ERR")" \
    "^ferry: missing/: no such directory \(to copy the file there under that name, leave out the final /\)$"
tap_not "and_nothing_is_made" test -e missing
mkdir -p tree/sub
tap_exit_is "a_tree_into_a_missing_directory_with_slash_is_made" 0 \
    "$FERRY" -q get -r tree tree2/
tap_ok "there" test -d tree2/sub
mkdir into3
tap_exit_is "put_into_a_directory_exits_0" 0 "$FERRY" -q put src.bin into3
tap_same_file "put_into_a_directory_uses_the_source_base_name" \
    src.bin into3/src.bin

tap_exit_is "get_to_an_explicit_path_exits_0" 0 \
    "$FERRY" -q get src.bin into/other-name.bin
tap_same_file "get_to_an_explicit_path_writes_that_path" \
    src.bin into/other-name.bin

mkdir here
cd here || tap_bail "cannot enter here"
tap_exit_is "get_without_target_exits_0" 0 "$FERRY" -q get ../src.bin
cd "$TAP_TMP" || tap_bail "cannot enter $TAP_TMP"
tap_same_file "get_without_target_writes_into_the_current_directory" \
    src.bin here/src.bin

# ---------------------------------------------------------------- options

tap_random old.bin 100
tap_exit_is "options_after_the_subcommand_are_options" 0 \
    "$FERRY" get -q --overwrite src.bin old.bin
tap_same_file "options_after_the_subcommand_take_effect" src.bin old.bin
tap_random old2.bin 100
tap_exit_is "options_before_the_subcommand_are_options" 0 \
    "$FERRY" -q --overwrite get src.bin old2.bin
tap_same_file "options_before_the_subcommand_take_effect" src.bin old2.bin

# ---------------------------------------------------------------- file://

tap_exit_is "get_of_a_file_url_exits_0" 0 \
    "$FERRY" -q get "file://$TAP_TMP/src.bin" from-url.bin
tap_same_file "get_of_a_file_url_is_byte_identical" src.bin from-url.bin
tap_exit_is "put_to_a_file_url_exits_0" 0 \
    "$FERRY" -q put src.bin "file://$TAP_TMP/to-url.bin"
tap_same_file "put_to_a_file_url_is_byte_identical" src.bin to-url.bin

# ---------------------------------------------------------------- ls

esc=$(printf '\033')
nl='
'
mkdir L L/sub empty
tap_random L/plain 1234
touch -d '2020-01-02 03:04:05 UTC' L/plain
: >"L/with space"
ln -s plain L/lnk
ln -s no-such-target L/dangling
mkfifo L/pipe
tap_random "L/esc${esc}name" 7
tap_random "L/nl${nl}name" 5
tap_random "L/日本.txt" 3

ts='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
# The time zone must not matter: mtimes are UTC.  (A POSIX TZ string
# needs no zone database.)
tap_exit_is "ls_of_a_directory_exits_0" 0 env TZ=JST-9 "$FERRY" ls L
cp "$TAP_OUT" ls.out
tap_is "ls_prints_one_line_per_entry" "$(wc -l <ls.out)" 9
tap_is "ls_lines_are_type_size_mtime_name" \
    "$(grep -Ev "^[fdlo] [0-9]+ $ts .+$" ls.out)" ""
tap_ok "ls_gives_a_file_its_exact_size_and_utc_mtime" \
    grep -qx 'f 1234 2020-01-02T03:04:05Z plain' ls.out
tap_ok "ls_keeps_spaces_in_names" grep -Eqx "f 0 $ts with space" ls.out
tap_ok "ls_marks_a_directory_d" grep -Eqx "d [0-9]+ $ts sub" ls.out
tap_ok "ls_marks_a_symbolic_link_l" grep -Eqx "l [0-9]+ $ts lnk" ls.out
tap_ok "ls_marks_a_dangling_symbolic_link_l_with_a_size" \
    grep -Eqx "l [0-9]+ $ts dangling" ls.out
tap_ok "ls_marks_a_fifo_o" grep -Eqx "o [0-9]+ $ts pipe" ls.out
tap_not "ls_never_prints_a_raw_escape" grep -qF "$esc" ls.out
tap_ok "ls_prints_an_escape_as_backslash_x1b" \
    grep -Eiqx "f 7 $ts esc\\\\x1bname" ls.out
tap_not "ls_never_prints_a_raw_newline_in_a_name" grep -qx name ls.out
tap_ok "ls_prints_a_newline_as_backslash_x0a" \
    grep -Eiqx "f 5 $ts nl\\\\x0aname" ls.out
tap_ok "ls_prints_utf8_names_as_they_are" grep -Eqx "f 3 $ts 日本.txt" ls.out
tap_exit_is "ls_of_a_file_url_exits_0" 0 "$FERRY" ls "file://$TAP_TMP/L"
tap_is "ls_of_a_file_url_lists_the_same" \
    "$(sort "$TAP_OUT")" "$(sort ls.out)"
tap_exit_is "ls_of_an_empty_directory_exits_0" 0 "$FERRY" ls empty
tap_is "ls_of_an_empty_directory_prints_nothing" "$(cat "$TAP_OUT")" ""
tap_exit_is "ls_of_a_missing_location_exits_4" 4 "$FERRY" ls no-such-dir
tap_ok "ls_of_a_missing_location_names_it" grep -qF no-such-dir "$TAP_ERR"

tap_done
