#!/bin/bash
# shellcheck disable=SC2317 # helpers run through tui_check
# tests/e2e/digest.sh: the file manager's resume dialog for an upload to a
# server that gives a digest of the partial (tests/hostile/ftpd.py offering
# HASH): the dialog says resume checks all of it (server SHA-256); answered
# Resume, the server's digest of a partial with a byte changed where no
# window looks brings the dialog back without Resume, saying which digest
# differs; Skip leaves the partial.  An intact partial, answered Resume,
# is completed byte for byte.
#
# A private tmux server (-L ferry-e2e-PID, no configuration) runs ferry in a
# 120x35 window; every wait polls capture-pane with a deadline; the EXIT trap
# kills only that server and the scripted FTP server (by PID).
[ -n "$BASH_VERSION" ] || exec bash "$0" "$@"
: "${FERRY:=/work/main/ferry}"
export FERRY
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib/tap.sh"

. "$top_srcdir/tests/lib/tui.sh"
tui_require

tap_sandbox
export LC_ALL=C.UTF-8 LANGUAGE=
. "$top_srcdir/tests/hostile/lib.sh"
trap 'hostile_stop; tui_cleanup' EXIT

KiB=1024
L=$TAP_TMP/local
mkdir -p "$L"
tap_random "$L/bad.bin" $((1024 * KiB))
tap_random "$L/good.bin" $((1024 * KiB))
hostile_ftpd <<<'hash SHA-256*;MD5
rang'
head -c $((600 * KiB)) "$L/bad.bin" >"$HF_ROOT/bad.bin"
tap_flip_byte "$HF_ROOT/bad.bin" $((300 * KiB))
head -c $((600 * KiB)) "$L/good.bin" >"$HF_ROOT/good.bin"
BAD_SUM=$(tap_sha "$HF_ROOT/bad.bin")

# the_dialog_lacks_resume: a dialog is open and offers no Resume.
the_dialog_lacks_resume() {
	tui_shows "[O]verwrite" && tui_hides "[R]esume"
}

cat >"$TAP_TMP/run.sh" <<'EOF'
#!/bin/sh
"$FERRY" "$1"
echo $? >"$2"
EOF
tui new-session -d -s ferry -x 120 -y 35 -c "$L" \
    sh "$TAP_TMP/run.sh" "$HF_URL/" "$TAP_TMP/status" ||
    tap_bail "cannot start tmux"
tui_check "both_panes_are_listed" tui_right_shows "good.bin"

# Left pane: /.., bad.bin, good.bin.
tui_keys Down F5
tui_check "a_remote_partial_opens_the_dialog" \
    tui_shows_all "[R]esume" "bad.bin already exists"
tui_check "the_dialog_says_resume_checks_all_of_it_by_the_servers_digest" \
    tui_shows "resume checks all of the 600.0 KiB already there against the source (server SHA-256)"
tui_keys r
tui_check "resume_finds_the_difference_and_asks_again_without_resume" \
    the_dialog_lacks_resume
tui_check "the_dialog_says_which_digest_differs" \
    tui_shows "cannot resume: the server's SHA-256 of all 600.0 KiB already there is not the source's"
tap_is "nothing_was_written_yet" "$(tap_sha "$HF_ROOT/bad.bin")" "$BAD_SUM"
tui_keys s
tui_check "skip_closes_the_dialog" tui_hides "already there"
tap_is "skip_leaves_the_partial" "$(tap_sha "$HF_ROOT/bad.bin")" "$BAD_SUM"

tui_keys Down F5
tui_check "the_intact_partial_opens_the_dialog" \
    tui_shows_all "[R]esume" "good.bin already exists"
tui_keys r
tui_check "resume_completes_the_intact_partial" \
    cmp -s "$L/good.bin" "$HF_ROOT/good.bin"
tap_ok "the_server_was_asked_for_its_digest" grep -qE '^HASH /?good\.bin$' \
    "$HF_LOG"

tui_keys q
tui_check "q_quits" tui_gone
tap_is "ferry_exits_with_status_0" "$(cat "$TAP_TMP/status" 2>/dev/null)" 0
hostile_stop
tap_done
