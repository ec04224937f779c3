# tests/lib/times.sh: helpers for the tests of kept modification times
# (source after tap.sh).
#
#   times_tree DIR        a tree: DIR/a.bin, DIR/sub/b.bin, DIR/sub/deeper/
#                         c.bin, each file and directory with its own time
#                         (seconds that are not :00), the directories last
#   times_same DESC A B   pass if A and B have the same mtime (stat -c %Y)
#   times_tree_same DESC A B
#                         pass if every file and directory under A has the
#                         mtime of its namesake under B
#   times_recent DESC F   pass if F's mtime is now, give or take a minute
#                         (the copy's own time, not the source's)

# 2020-01-02 03:04:05 UTC and times a few minutes apart from it.
TIMES_T=1577934245

# times_set FILE SECONDS
times_set() {
	touch -m -d "@$2" -- "$1"
}

times_tree() {
	mkdir -p "$1/sub/deeper" || return 1
	tap_random "$1/a.bin" 3000
	tap_random "$1/sub/b.bin" 70000
	tap_random "$1/sub/deeper/c.bin" 10
	times_set "$1/a.bin" $((TIMES_T + 1))
	times_set "$1/sub/b.bin" $((TIMES_T + 62))
	times_set "$1/sub/deeper/c.bin" $((TIMES_T + 123))
	times_set "$1/sub/deeper" $((TIMES_T + 184))
	times_set "$1/sub" $((TIMES_T + 245))
	times_set "$1" $((TIMES_T + 306))
}

times_same() {
	local a b
	a=$(stat -c %Y -- "$2" 2>/dev/null) b=$(stat -c %Y -- "$3" 2>/dev/null)
	tap_is "$1" "${b:-missing}" "${a:-missing}"
}

# times_list DIR: "mtime path" for everything under DIR, sorted by path.
times_list() {
	(cd "$1" && find . -mindepth 1 -printf '%T@ %p\n' |
	    sed 's/\.[0-9]* / /' | sort -k2)
}

times_tree_same() {
	local a b
	a=$(times_list "$2") b=$(times_list "$3")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "source: $a"
	tap_diag "copy:   $b"
	return 1
}

times_recent() {
	local t now
	t=$(stat -c %Y -- "$2" 2>/dev/null) || t=0
	now=$(date +%s)
	if [ "$t" -ge $((now - 60)) ] && [ "$t" -le $((now + 1)) ]; then
		tap_result 0 "$1"
		return 0
	fi
	tap_result 1 "$1"
	tap_diag "$2: mtime $t, now $now"
	return 1
}
