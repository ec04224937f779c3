#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/sites.sh: the site list (Ctrl-\ or F9) with more sites than
# rows, through tmux: End, Home, PgDn and Down keep the selected site in
# sight (the list scrolls; it used to show the first rows only while the
# cursor went on below them); d asks before it deletes a site and its
# password (any key but y keeps it; it used to delete at once); Enter
# connects the pane to the site; a name in UTF-8 keeps the URL column.
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
. "$top_srcdir/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_home

mkdir -p "$TAP_TMP/A" "$XDG_CONFIG_HOME/ferry"
for i in $(seq -w 1 40); do
	mkdir -p "$TAP_TMP/place$i"
	printf '[site%s]\nurl = %s\n\n' "$i" "$TAP_TMP/place$i"
	# a name of letters of two and three bytes, on the first page
	[ "$i" != 05 ] || printf '[grüße ✓]\nurl = %s\n\n' "$TAP_TMP/place$i"
done >"$XDG_CONFIG_HOME/ferry/sites"
chmod 600 "$XDG_CONFIG_HOME/ferry/sites"
echo here >"$TAP_TMP/place40/the-fortieth.txt"

tui new-session -d -s ferry -x 100 -y 24 -c "$TAP_TMP/A" \
    "$FERRY" "$TAP_TMP/A" || tap_bail "cannot start tmux"
tap_wait_for 30 tui_shows "Tab Switch" || echo "# no key bar after 30 s"

# selected NAME: a highlighted (reverse video) stretch of the screen
# holds NAME (the pane's cursor is one too, but names no site).
selected() {
	tui capture-pane -p -e -t ferry 2>/dev/null | perl -ne '
		while (/\e\[7m(.*?)(?:\e\[(?:0|27)?m|$)/g) {
			my $t = $1; $t =~ s/\e\[[0-9;]*m//g;
			$hit = 1 if index($t, $ENV{WANT}) >= 0;
		}
		END { exit($hit ? 0 : 1) }'
}

tui_keys C-\\
tui_check "the_site_list_opens" tui_shows "site01"
# the URL column is the same for it: cells, not bytes, are counted
url_column() {
	tui_screen | perl -CSA -ne 'BEGIN { $w = shift @ARGV }
		if (index($_, $w) >= 0) { print index($_, "/tmp/"), "\n"; exit }' "$1"
}
aligned() {
	[ -n "$(url_column 'grüße')" ] &&
	    [ "$(url_column 'grüße')" = "$(url_column site06)" ]
}
tui_check "a_utf8_name_keeps_the_url_column" aligned
export WANT
WANT=site01 tui_check "on_the_first_site" selected
tui_keys End
WANT=site40 tui_check "end_goes_to_the_last_site" selected
tui_check "and_shows_it" tui_shows "site40"
tap_not "the_first_rows_scrolled_away" tui_shows "site01 "
tui_keys Home
WANT=site01 tui_check "home_goes_back" selected
tui_keys NPage
WANT=site15 tui_check "pgdn_goes_a_page_down" selected
tui_keys Home Down Down
WANT=site03 tui_check "down_moves_one" selected
tui_keys d
tui_check "d_asks_first" tui_shows "Delete the site site03 (and its password)?"
tui_keys n
tui_check "n_keeps_it" tui_shows "the site is kept"
tap_ok "it_is_still_in_the_file" grep -q '^\[site03\]' \
    "$XDG_CONFIG_HOME/ferry/sites"
tui_check "the_list_is_still_open" tui_shows "site03"
tui_keys d
tui_check "asked_again" tui_shows "Delete the site site03"
tui_keys y
gone() { ! grep -q '^\[site03\]' "$XDG_CONFIG_HOME/ferry/sites"; }
tui_check "y_deletes_it" gone
tap_ok "and_nothing_else" grep -q '^\[site04\]' "$XDG_CONFIG_HOME/ferry/sites"
tui_keys End Enter
tui_check "enter_connects_the_pane_to_the_last_site" \
    tui_shows "the-fortieth.txt"
tui_keys q
tui_check "quits" tui_gone

tap_done
