# tests/lib/ftp-cases.sh: test cases every FTP server runs (source after
# tap.sh and ftpd.sh, then set:
#   U     the server's URL up to the port (from ftpd_vsftpd or ftpd_proftpd)
#   PUB   its writable pub/ directory on disk
#   SRV   its PID (for cutting connections)
#   OPTS  an array of options for every ferry call (--cacert ...)
#   NAME  a prefix for the test names (vsftpd_plain ...)
# Test names say what is checked.

MiB=$((1024 * 1024))

# fy ARGS...: ferry with the server's options, quiet.
fy() {
	"$FERRY" -q "${OPTS[@]}" "$@"
}

case_ls_get_put() {
	rm -f got.bin active.bin missing.bin
	tap_random "$PUB/a file.bin" 100000
	tap_exit_is "${NAME}_ls_exits_0" 0 fy ls "$U/pub/"
	tap_like "${NAME}_ls_shows_the_file_with_its_size" \
	    "$(cat "$TAP_OUT")" '^f 100000 [0-9TZ:-]+ a file\.bin$'
	tap_exit_is "${NAME}_get_exits_0" 0 fy get "$U/pub/a%20file.bin" got.bin
	tap_same_file "${NAME}_get_copies_the_bytes" "$PUB/a file.bin" got.bin
	tap_exit_is "${NAME}_put_exits_0" 0 fy put got.bin "$U/pub/put.bin"
	tap_same_file "${NAME}_put_copies_the_bytes" got.bin "$PUB/put.bin"
	tap_exit_is "${NAME}_active_get_exits_0" 0 \
	    fy --active get "$U/pub/put.bin" active.bin
	tap_same_file "${NAME}_active_get_copies_the_bytes" got.bin active.bin
	tap_exit_is "${NAME}_get_of_a_missing_file_exits_4" 4 \
	    fy get "$U/pub/missing" missing.bin
	tap_not "${NAME}_get_of_a_missing_file_makes_no_file" \
	    test -e missing.bin
}

case_tree() {
	rm -rf tree back
	ftpd_tree tree
	tap_exit_is "${NAME}_recursive_put_exits_0" 0 \
	    fy -r put tree "$U/pub/tree"
	tap_ok "${NAME}_recursive_put_copies_names_with_spaces_and_utf8" \
	    diff -r tree "$PUB/tree"
	tap_exit_is "${NAME}_recursive_get_exits_0" 0 \
	    fy -r get "$U/pub/tree" back
	tap_ok "${NAME}_recursive_get_copies_the_tree_back" diff -r tree back
}

# case_killed DIR: ferry killed with -9 part-way through a get or put
# leaves a prefix that --resume completes.
case_killed() {
	local dir=$1 src dst pid
	tap_random big.bin $((8 * MiB))
	if [ "$dir" = get ]; then
		cp big.bin "$PUB/big-k.bin"
		src=$U/pub/big-k.bin dst=killed.bin
		part=killed.bin
	else
		src=big.bin dst=$U/pub/up-k.bin part=$PUB/up-k.bin
	fi
	rm -f "$part"
	tap_bg "$FERRY" -q "${OPTS[@]}" --limit-rate 2M "$dir" "$src" "$dst"
	pid=$TAP_BG
	tap_ok "${NAME}_${dir}_writes_1_MiB_within_20_s" \
	    tap_wait_for 20 ftpd_larger "$part" "$MiB"
	tap_kill "$pid"
	tap_prefix "${NAME}_killed_${dir}_leaves_a_prefix" "$part" big.bin
	tap_exit_is "${NAME}_resume_of_the_killed_${dir}_exits_0" 0 \
	    fy -c "$dir" "$src" "$dst"
	tap_same_file "${NAME}_resume_of_the_killed_${dir}_completes_it" \
	    big.bin "$part"
}

# case_cut DIR: the server's session processes killed part-way; ferry
# reconnects by itself and completes the copy.  The file is larger than
# what the socket buffers hold, so the server is still sending.
case_cut() {
	local dir=$1 src dst pid part
	tap_random cut.bin $((48 * MiB))
	if [ "$dir" = get ]; then
		cp cut.bin "$PUB/cut.bin"
		src=$U/pub/cut.bin dst=cut-got.bin part=cut-got.bin
	else
		src=cut.bin dst=$U/pub/cut-up.bin part=$PUB/cut-up.bin
	fi
	rm -f "$part"
	tap_bg "$FERRY" -q "${OPTS[@]}" --retries 3 --limit-rate 16M \
	    "$dir" "$src" "$dst"
	pid=$TAP_BG
	tap_ok "${NAME}_cut_${dir}_writes_2_MiB_within_20_s" \
	    tap_wait_for 20 ftpd_larger "$part" $((2 * MiB))
	ftpd_cut "$SRV"
	tap_reap "$pid" 60
	tap_is "${NAME}_cut_${dir}_reconnects_and_exits_0" "$TAP_BG_STATUS" 0 ||
	    tap_diag_file "$TAP_BG_ERR"
	tap_ok "${NAME}_cut_${dir}_says_it_retries" \
	    grep -q "retrying" "$TAP_BG_ERR"
	tap_same_file "${NAME}_cut_${dir}_ends_with_the_same_bytes" \
	    cut.bin "$part"
	rm -f "$PUB/cut.bin" "$PUB/cut-up.bin" cut-got.bin
}

# case_mismatch DIR: a partial target whose first bytes differ is not
# resumed (exit 5) and not touched.
case_mismatch() {
	local dir=$1 src dst part sum
	tap_random mm.bin $((2 * MiB))
	if [ "$dir" = get ]; then
		cp mm.bin "$PUB/mm.bin"
		src=$U/pub/mm.bin dst=mm-part.bin part=mm-part.bin
	else
		src=mm.bin dst=$U/pub/mm-part.bin part=$PUB/mm-part.bin
	fi
	head -c $((MiB + 5)) mm.bin >"$part"
	tap_flip_byte "$part" 1000
	sum=$(tap_sha "$part")
	tap_exit_is "${NAME}_${dir}_onto_a_differing_partial_exits_5" 5 \
	    fy -c "$dir" "$src" "$dst"
	tap_is "${NAME}_${dir}_leaves_the_differing_partial_untouched" \
	    "$(tap_sha "$part")" "$sum"
}

# case_killed_overwrite: put -o over an existing remote file, killed with
# -9 part-way: the old file on the server is unchanged and the new copy's
# prefix is beside it (NAME.ferry-part); --resume completes that partial
# and renames it over the old file (RNFR/RNTO).
case_killed_overwrite() {
	local pid sum old=$PUB/up-o.bin
	tap_random big.bin $((8 * MiB))
	tap_random "$old" $((3 * MiB))
	sum=$(tap_sha "$old")
	tap_bg "$FERRY" -q "${OPTS[@]}" --limit-rate 2M -o put big.bin \
	    "$U/pub/up-o.bin"
	pid=$TAP_BG
	tap_ok "${NAME}_overwrite_writes_1_MiB_beside_the_file_within_20_s" \
	    tap_wait_for 20 ftpd_larger "$old.ferry-part" "$MiB"
	tap_kill "$pid"
	tap_is "${NAME}_killed_overwrite_leaves_the_old_file_unchanged" \
	    "$(tap_sha "$old")" "$sum"
	tap_exit_is "${NAME}_resume_of_the_killed_overwrite_exits_0" 0 \
	    fy -c put big.bin "$U/pub/up-o.bin"
	tap_same_file "${NAME}_resumed_overwrite_puts_the_new_file_in_place" \
	    big.bin "$old"
	tap_not "${NAME}_resumed_overwrite_leaves_no_partial" \
	    test -e "$old.ferry-part"
}
