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
# 200,000 lines of 13-20 bytes: about 3.5 MiB, some 60 pieces.
seq -f "log line %06g" 1 200000 >"$A/app.log"
LOG_SIZE=$(tap_size "$A/app.log")
tap_random "$A/data.bin" $((1024 * 1024 + 5))

# Rows of the viewer: each line's text, no border.
view_has_line() {
	tui_screen | grep -q "│ *$1 *│"
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

# The last piece begins inside a line: PgUp at its top reads the piece
# before, and the line across the seam shows whole.  The piece holds
# about 3,600 lines; PgUp moves 18 rows: 250 presses go past two seams.
seam_lines_whole() {
	# Every "log line" row on the screen is whole (six digits).
	! tui_screen | grep 'log line' | grep -vq 'log line [0-9]\{6\} *│'
}
for _ in $(seq 250); do tui_keys PPage; done
before_last_pieces() {
	local n
	n=$(tui_screen | sed -n 's/.*log line \([0-9]\{6\}\).*/\1/p' | head -1)
	[ -n "$n" ] && [ "$((10#$n))" -lt 196000 ]
}
tui_check "pgup_reads_the_pieces_before" before_last_pieces
tap_ok "the_lines_across_the_seams_are_whole" seam_lines_whole
# following SED BASE STEP: the numbers SED picks out of the screen's rows
# (in BASE) each STEP more than the one above; the last one in LAST.
following() {
	local prev="" n
	for n in $(tui_screen | sed -n "$1"); do
		n=$(($2#$n))
		[ -z "$prev" ] || [ "$n" -eq $((prev + $3)) ] || return 1
		prev=$n
	done
	LAST=$prev
	[ -n "$prev" ]
}
consecutive() {
	following 's/.*log line \([0-9]\{6\}\).*/\1/p' 10 1
}
tap_ok "no_line_lost_or_doubled_on_screen" consecutive

# Up, line by line, across the next seam up: each row the one before.
for _ in $(seq 40); do tui_keys Up; done
tui_check "up_goes_on_line_by_line" consecutive

# A search from here finds a line below; one that is only above says
# where it looked.
tui_keys /
tui_keys -l "line 199990"
tui_keys Enter
found() { [ "$(tui_cursor)" = "2 log line 199990" ]; }
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
hex_before() {
	following 's/^│ *\([0-9a-f]\{8\}\) [0-9a-f][0-9a-f] .*/\1/p' 16 16 &&
	    [ "$LAST" -lt $((16#f0000)) ]
}
tui_check "pgup_after_end_reads_the_hex_before" hex_before
tui_keys q
tui_keys F10
tui_check "f10_quits" tui_gone
tap_done
