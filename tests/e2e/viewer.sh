#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/viewer.sh: F3 on a file larger than what the viewer reads at
# once (64 KiB pieces), driven through tmux:
# - End reads the file's last piece, not every piece before it: the last
#   line shows, the first pieces' lines were never read, the bottom line
#   says from which byte;
# - Up and PgUp at the top read the piece before, the line cut at the
#   piece's start shown whole, and scroll on;
# - a search after End looks from there to the end and says so;
# - Home goes back to the first line;
# - a binary file in hex: End shows the last offset.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home

A=$TAP_TMP/A
mkdir -p "$A"
# 200,000 lines of 16 to 26 bytes ("log line NNNNNN" and the first
# NNNNNN % 11 letters of the alphabet): about 4 MiB.  The lengths vary,
# so the pieces' seams fall inside lines.
awk 'BEGIN { for (i = 1; i <= 200000; i++)
	printf "log line %06d %s\n", i, substr("abcdefghij", 1, i % 11) }' \
    >"$A/app.log"
LOG_SIZE=$(tap_size "$A/app.log")
tap_random "$A/data.bin" $((1024 * 1024 + 5))
# The seams End makes: the last piece begins at BASE1 (a multiple of 16),
# the one before at BASE2.  SEAMn is the line that holds byte BASEn: it
# begins before the piece (or at its first byte) and is held back until
# the piece before it comes.
BASE1=$(((LOG_SIZE - 65536) / 16 * 16))
BASE2=$((BASE1 - 65536))
seam_line() {
	awk -v b="$1" '{ if (off + length($0) + 1 > b) { print NR; exit }
	    off += length($0) + 1 }' "$A/app.log"
}
SEAM1=$(seam_line "$BASE1")
SEAM2=$(seam_line "$BASE2")

# view_has_line TEXT: a row of the viewer begins with TEXT.
view_has_line() {
	tui_screen | grep -q "^│ $1 "
}

tui new-session -d -s ferry -x 80 -y 24 -c "$A" "$FERRY" "$A" ||
    tap_bail "cannot start tmux"
tui_check "ferry_starts" tui_left_shows "app.log"

# Down past /.. to app.log, F3.
tui_keys Down
tui_check "the_cursor_is_on_the_log" tui_cursor_in left "app.log"
tui_keys F3
tui_check "f3_shows_the_first_line" view_has_line "log line 000001"

tui_keys End
tui_check "end_shows_the_last_line_of_the_file" view_has_line "log line 200000"
from_byte() {
	local b
	b=$(tui_screen | sed -n 's/.*from byte \([0-9]*\) of \([0-9]*\).*/\1 \2/p')
	[ -n "$b" ] && [ "${b#* }" = "$LOG_SIZE" ] &&
	    [ "${b% *}" -gt $((LOG_SIZE - 70000)) ]
}
tui_check "the_bottom_line_says_from_which_byte" from_byte

# The viewer's text rows (between the borders, not the key line nor a
# blank one) are whole lines of the file, each the one after the row
# above, and there are at least MIN of them.
whole_rows() {
	tui_screen | awk -v min="${1:-1}" '
	    /^│/ && !/Up, Down/ {
		t = $0; sub(/^│ /, "", t); sub(/ *│$/, "", t)
		if (t == "") next
		if (t !~ /^log line [0-9][0-9][0-9][0-9][0-9][0-9]/) bad = 1
		n = substr(t, 10, 6) + 0
		want = sprintf("log line %06d %s", n,
		    substr("abcdefghij", 1, n % 11))
		sub(/ *$/, "", want)
		if (t != want || (rows > 0 && n != prev + 1)) bad = 1
		prev = n; rows++
	    }
	    END { exit !(rows >= min && !bad) }'
}
# first_row N: the first text row is line N.
first_row() {
	tui_screen | sed -n 2p | grep -q "^│ log line $(printf %06d "$1") "
}

# The seam at BASE1 on screen: the search puts the first line after it
# at the top; Up reads the piece before, which completes the line cut
# at BASE1, and shows it above.
tui_keys /
tui_keys -l "line $(printf %06d $((SEAM1 + 1)))"
tui_keys Enter
tui_check "a_search_puts_the_first_line_after_the_seam_on_top" \
    first_row $((SEAM1 + 1))
tui_keys Up
tui_check "up_at_the_top_reads_the_piece_before" first_row "$SEAM1"
tui_check "the_line_across_the_seam_is_whole_and_in_order" whole_rows 18
before_base1() {
	tui_shows "from byte $BASE2 of $LOG_SIZE"
}
tui_check "the_bottom_line_says_the_piece_before_was_read" before_base1

# The seam at BASE2, between two pieces read backwards, the same way (the
# search wraps to the first line read).
tui_keys /
tui_keys -l "line $(printf %06d $((SEAM2 + 1)))"
tui_keys Enter
tui_check "the_search_finds_the_first_line_after_the_next_seam" \
    first_row $((SEAM2 + 1))
tui_keys PPage
after_pgup() {
	tui_screen | grep -q "^│ log line $(printf %06d "$SEAM2") " &&
	    whole_rows 18
}
tui_check "pgup_at_the_top_shows_that_seam_whole_and_in_order" after_pgup

# Up, line by line: each row the one before, the rows whole.
for _ in $(seq 40); do tui_keys Up; done
up_40() { first_row $((SEAM2 - 18 - 40)) && whole_rows 18; }
tui_check "up_goes_on_line_by_line" up_40

# A search from here finds a line below; one that is only above says
# where it looked.
tui_keys /
tui_keys -l "line 199990"
tui_keys Enter
found() { tui_cursor | grep -q '^2 log line 199990 '; }
tui_check "a_search_after_end_finds_a_line_below" found
tui_keys /
tui_keys -l "line 000005"
tui_keys Enter
tui_check "a_search_after_end_says_where_it_looked" \
    tui_shows "not found from byte"

tui_keys Home
tui_check "home_goes_back_to_the_first_line" view_has_line "log line 000001"
gone_footer() { tui_hides "from byte"; }
tui_check "the_first_line_has_no_from_byte" gone_footer
tui_keys q
tui_check "q_closes_the_viewer" tui_hides "log line"

# A binary file: hex, End shows the last offset (0x100000 + 5 bytes).
tui_keys Down
tui_check "the_cursor_is_on_the_binary_file" tui_cursor_in left "data.bin"
tui_keys F3
# One hex line a row at 80 columns: offset, 16 bytes, the same as text.
hex_row() { tui_screen | grep -q '^│ 00000000\( [0-9a-f][0-9a-f]\)\{16\}  |.\{16\}| *│$'; }
tui_check "f3_shows_hex_a_line_a_row" hex_row
tui_keys End
tui_check "end_shows_the_last_hex_line" tui_shows "00100000 "
tui_check "from_byte_983040_the_last_piece_on_a_hex_line" \
    tui_shows "from byte 983040 of 1048581"
# PgUp past the top of that piece (4,097 rows, 18 a page): the piece
# before it, its offsets following on.
for _ in $(seq 240); do tui_keys PPage; done
# The hex rows' offsets each 16 more than the row above, the last one
# before the piece End read (0xf0000).
hex_before() {
	local prev="" o
	for o in $(tui_screen |
	    sed -n 's/^│ *\([0-9a-f]\{8\}\) [0-9a-f][0-9a-f] .*/\1/p'); do
		o=$((16#$o))
		[ -z "$prev" ] || [ "$o" -eq $((prev + 16)) ] || return 1
		prev=$o
	done
	[ -n "$prev" ] && [ "$prev" -lt $((16#f0000)) ]
}
tui_check "pgup_after_end_reads_the_hex_before" hex_before
tui_keys q
tui_keys F10
tui_check "f10_quits" tui_gone
tap_done
