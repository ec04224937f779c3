# tests/lib/tui.sh: drive the real ferry binary in a private tmux server,
# for the file manager's end-to-end tests.  Source it after tap.sh and
# tap_sandbox; it needs tmux and perl (the scripts SKIP without them).
#
# The server is "tmux -L ferry-e2e-PID" with no configuration; tui_cleanup
# (set as the EXIT trap here; call it from your own trap if you replace it)
# kills only that server.  Every wait polls capture-pane with a deadline of
# TUI_WAIT seconds.

# tui_require: the whole script is one SKIP without tmux or perl.
tui_require() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "1..0 # SKIP tmux is not installed"
		exit 0
	fi
	if ! command -v perl >/dev/null 2>&1; then
		echo "1..0 # SKIP perl is not installed (reads the cursor's" \
		    "position)"
		exit 0
	fi
}

# tui_home: tui_require and tap_sandbox, then ferry's own user under
# TAP_TMP: HOME (made), its XDG directories, an empty NETRC, and the
# C.UTF-8 locale untranslated.
tui_home() {
	tui_require
	tap_sandbox
	export LC_ALL=C.UTF-8 LANGUAGE=
	export HOME=$TAP_TMP/home XDG_CONFIG_HOME=$TAP_TMP/config
	export XDG_STATE_HOME=$TAP_TMP/state NETRC=$TAP_TMP/no-netrc
	mkdir -p "$HOME"
}

TUI_SOCKET=ferry-e2e-$$
TUI_WAIT=${TUI_WAIT:-10}

tui_cleanup() {
	tap_tmux_end "$TUI_SOCKET"
	tap_cleanup
}
trap tui_cleanup EXIT
unset TMUX TMUX_PANE

# ---------------------------------------------------------------- helpers

tui() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

# tui_keys KEY...: type keys (tmux key names: Down, Tab, F5, C-r, ...).
tui_keys() {
	tui send-keys -t ferry "$@"
}

tui_screen() {
	tui capture-pane -p -t ferry 2>/dev/null
}

# tui_shows TEXT: the screen holds TEXT (a fixed string).
tui_shows() {
	tui_screen | grep -qF -- "$1"
}

tui_hides() {
	! tui_shows "$1"
}

# tui_shows_all TEXT...: the screen holds every TEXT.
tui_shows_all() {
	local t screen
	screen=$(tui_screen)
	for t in "$@"; do
		printf '%s\n' "$screen" | grep -qF -- "$t" || return 1
	done
}

# tui_left_shows TEXT: the left pane (left of the divider) holds TEXT.
tui_left_shows() {
	tui_screen | sed -n 's/│.*//p' | grep -qF -- "$1"
}

# tui_right_shows TEXT: the right pane (right of the divider) holds TEXT.
tui_right_shows() {
	tui_screen | sed -n 's/^[^│]*│//p' | grep -qF -- "$1"
}

# tui_cursor: "COLUMN TEXT" of the highlighted (reverse video) cursor line.
tui_cursor() {
	tui capture-pane -p -e -t ferry 2>/dev/null | perl -CS -ne '
		next unless /^(.*?)\e\[7m(.*?)(?:\e\[|$)/;
		my ($pre, $text) = ($1, $2);
		$pre =~ s/\e\[[0-9;]*m//g;
		$text =~ s/\s+$//;
		print length($pre), " $text\n";
		exit;'
}

# tui_cursor_in left|right TEXT: the cursor line is in that pane (the
# left one starts in column 0, the right one right of the middle) and holds
# TEXT.
tui_cursor_in() {
	local got col text
	got=$(tui_cursor)
	[ -n "$got" ] || return 1
	col=${got%% *}
	text=${got#* }
	case $1 in
	left) [ "$col" -eq 0 ] || return 1 ;;
	right) [ "$col" -gt 55 ] || return 1 ;;
	*) return 1 ;;
	esac
	[ "${text#*"$2"}" != "$text" ]
}

tui_gone() {
	! tui has-session -t ferry 2>/dev/null
}

# tui_check DESC CMD...: wait for CMD to pass; report; on failure show the
# screen.
tui_check() {
	local desc=$1
	shift
	if tap_wait_for "$TUI_WAIT" "$@"; then
		tap_result 0 "$desc"
		return 0
	fi
	tap_result 1 "$desc"
	tap_diag "waited ${TUI_WAIT} s for: $*"
	tap_diag "cursor: $(tui_cursor)"
	tui_screen | sed 's/^/#   |/'
	return 1
}

