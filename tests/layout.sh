#!/bin/sh
# layout.sh - the layout ARCHITECTURE.md describes, kept true (make
# check-layout).  A re-layout that nothing checks decays one include at a
# time; this makes every new arrow, circle or oversized file fail CI.
#
#   sh tests/layout.sh [ROOT [OBJDIR]]  the tree at ROOT (.), its objects
#                                       in OBJDIR (ROOT/build: make first)
#   sh tests/layout.sh --self-test      each check fails on a small tree
#                                       made to break it, a clean one passes
#
# The checks (TAP; exit 1 when one fails):
#  1. no source file (*.c, *.h) in app/ or platform/ is over LAYOUT_MAX
#     lines: past it, a file is split by responsibility;
#  2. every #include "folder/x.h" that leaves its folder follows an arrow
#     of ARROWS below, and every include names its folder;
#  3. no circle between object files: each object's undefined symbols
#     (nm -u) lead to the object that defines them (nm --defined-only);
#     a strongly connected component (Tarjan) of two or more is a circle;
#  4. no circle between folders, from the includes (the same algorithm);
#  5. ARCHITECTURE.md's list of arrows is ARROWS, word for word.
# POSIX sh and awk only: it runs wherever make check does.
#
# shellcheck disable=SC2016,SC2034 # awk programs and self_ok's conditions
# are single-quoted on purpose: awk, or eval in self_ok, expands them.
set -eu

LAYOUT_MAX=800	# lines; ARCHITECTURE.md and issue 13: "about 800"

# What each folder may include besides itself: the floors of
# ARCHITECTURE.md written out.  platform/** is platform/ with net/ and
# fw/.  A folder not named here may include nothing and be included by
# nothing, so a new folder comes with its line here and in ARCHITECTURE.md.
ARROWS='cli: daemon fleet status mqtt siem report audit ids check proto core platform/**
daemon: status mqtt siem report audit ids check proto core platform/**
fleet: status mqtt check proto core platform/**
status: report audit ids check proto core platform/**
mqtt: report audit ids check proto core platform/**
siem: ids check proto core platform/**
report: audit check proto core platform/**
ids: check proto core platform/**
audit: check core
check: proto core platform/**
platform/fw: platform platform/net proto core
platform: platform/net proto core
platform/net: proto core
proto: core
core:'

NM=${NM:-nm}
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

# Tarjan's strongly connected components.  In: "from to" lines.  Out: one
# line per component of two or more nodes, its members sorted.
scc() {
	awk '
	{
		if (!($1 in seen)) { seen[$1] = 1; node[++n] = $1 }
		if (!($2 in seen)) { seen[$2] = 1; node[++n] = $2 }
		if (!(($1, $2) in edge)) {
			edge[$1, $2] = 1
			adj[$1, ++deg[$1]] = $2
		}
	}
	function strong(v,   i, w, comp, cnt) {
		idx[v] = low[v] = ++counter
		stack[++sp] = v
		on[v] = 1
		for (i = 1; i <= deg[v]; i++) {
			w = adj[v, i]
			if (!(w in idx)) {
				strong(w)
				if (low[w] < low[v])
					low[v] = low[w]
			} else if (on[w] && idx[w] < low[v])
				low[v] = idx[w]
		}
		if (low[v] != idx[v])
			return
		comp = ""
		cnt = 0
		do {
			w = stack[sp--]
			on[w] = 0
			comp = comp " " w
			cnt++
		} while (w != v)
		if (cnt > 1)
			print substr(comp, 2)
	}
	END {
		for (i = 1; i <= n; i++)
			if (!(node[i] in idx))
				strong(node[i])
	}' | while read -r comp; do
		# shellcheck disable=SC2086 # one word per member
		printf '%s\n' $comp | sort | tr '\n' ' ' | sed 's/ $//'
		echo
	done
}

# "folder: allowed..." with platform/** written out, one line a folder.
arrows_expanded() {
	printf '%s\n' "$ARROWS" |
	    sed 's|platform/\*\*|platform platform/net platform/fw|g'
}

# The source files of app/ and platform/, relative to ROOT.
sources() {
	for f in "$ROOT"/app/*/*.[ch] "$ROOT"/platform/*.[ch] \
	    "$ROOT"/platform/*/*.[ch]; do
		[ -f "$f" ] && echo "${f#"$ROOT"/}"
	done
	return 0
}

failed=0
# result N FILE WHAT...: "ok N - WHAT" when FILE is empty, else "not ok"
# and FILE's lines as comments.
result() {
	n=$1
	f=$2
	shift 2
	if [ -s "$f" ]; then
		echo "not ok $n - $*"
		sed 's/^/# /' "$f"
		failed=1
	else
		echo "ok $n - $*"
	fi
}

check_sizes() {
	(cd "$ROOT" && sources | while read -r f; do
		n=$(wc -l <"$f")
		[ "$n" -le "$LAYOUT_MAX" ] ||
			echo "$f: $n lines (over $LAYOUT_MAX: split it by" \
			    "responsibility, as ARCHITECTURE.md's folders are)"
	done) >"$W/sizes"
	result 1 "$W/sizes" "no source file in app/ or platform/ is over" \
	    "$LAYOUT_MAX lines"
}

# Every quoted include: "file:line<TAB>from<TAB>to<TAB>include", to empty
# when the include names no folder ($1 to $4 in awk -F'\t').
includes() {
	(cd "$ROOT" && sources | xargs awk '
	function dir(p) { sub(/\/[^\/]*$/, "", p); return p }
	/^[ \t]*#[ \t]*include[ \t]*"/ {
		inc = $0
		sub(/^[^"]*"/, "", inc)
		sub(/".*/, "", inc)
		from = FILENAME
		sub(/^app\//, "", from)
		to = ""
		if (inc ~ /\//)
			to = dir(inc)
		printf "%s:%d\t%s\t%s\t%s\n", FILENAME, FNR, dir(from), to,
		    inc
	}')
}

check_arrows() {
	arrows_expanded >"$W/arrows"
	awk -F'\t' '
	NR == FNR {
		split($0, w, /:[ ]*/)
		may[w[1]] = w[2] == "" ? "nothing" : w[2]
		n = split(w[2], t, / +/)
		for (i = 1; i <= n; i++)
			ok[w[1], t[i]] = 1
		next
	}
	$3 == "" {
		printf "%s: #include \"%s\" does not name its folder " \
		    "(#include \"folder/x.h\")\n", $1, $4
		next
	}
	$2 == $3 || ($2, $3) in ok { next }
	{
		printf "%s: #include \"%s\": %s may not include %s/ " \
		    "(%s may include: %s)\n", $1, $4, $2, $3, $2,
		    $2 in may ? may[$2] : "nothing: not a folder of the arrows"
	}' "$W/arrows" "$W/includes" >"$W/arrows.bad"
	result 2 "$W/arrows.bad" "every #include \"folder/x.h\" follows an" \
	    "arrow of ARCHITECTURE.md"
}

# The objects of the normal build whose source is still there (a renamed
# file leaves its old object behind in OBJDIR).
objects() {
	(cd "$OBJDIR" 2>/dev/null || exit 0
	find app platform -name '*.o' 2>/dev/null | while read -r o; do
		[ -f "$ROOT/${o%.o}.c" ] && echo "$o"
	done
	for o in gen/*.o; do
		[ -f "$o" ] && [ -f "${o%.o}.c" ] && echo "$o"
	done) | sort
}

check_objects() {
	objects >"$W/objs"
	: >"$W/defs"
	: >"$W/undefs"
	while read -r o; do
		"$NM" -P -g --defined-only "$OBJDIR/$o" 2>/dev/null |
		    awk -v o="$o" '{ print $1, o }' >>"$W/defs"
		"$NM" -P -u "$OBJDIR/$o" 2>/dev/null |
		    awk -v o="$o" '{ print o, $1 }' >>"$W/undefs"
	done <"$W/objs"
	# "user definer symbol", one symbol an edge
	awk 'NR == FNR { if (!($1 in def)) def[$1] = $2; next }
	    ($2 in def) && def[$2] != $1 && !(($1, def[$2]) in e) {
		e[$1, def[$2]] = 1; print $1, def[$2], $2 }' \
	    "$W/defs" "$W/undefs" >"$W/calls"
	if [ ! -s "$W/objs" ]; then
		echo "no objects in $OBJDIR: build first (make)" >"$W/circles"
	else
		cut -d' ' -f1,2 "$W/calls" | scc | while read -r comp; do
			echo "circle: $comp"
			awk -v c=" $comp " 'index(c, " " $1 " ") &&
			    index(c, " " $2 " ") {
				print "  " $1 " -> " $2 " (" $3 ")" }' \
			    "$W/calls"
		done >"$W/circles"
	fi
	result 3 "$W/circles" "no circle between the $(wc -l <"$W/objs")" \
	    "object files (nm of $OBJDIR)"
}

check_folders() {
	awk -F'\t' '$3 != "" && $2 != $3 { print $2, $3 }' "$W/includes" |
	    sort -u >"$W/fedges"
	scc <"$W/fedges" | while read -r comp; do
		echo "circle: $comp"
		awk -F'\t' -v c=" $comp " '$3 != "" && $2 != $3 &&
		    index(c, " " $2 " ") && index(c, " " $3 " ") &&
		    !(($2, $3) in seen) { seen[$2, $3] = 1
			print "  " $2 " -> " $3 " (" $1 ": " $4 ")" }' \
		    "$W/includes"
	done >"$W/fcircles"
	result 4 "$W/fcircles" "no circle between folders (includes)"
}

# The block after the marker line in ARCHITECTURE.md, spaces squeezed.
doc_arrows() {
	awk '/^<!-- arrows: tests\/layout.sh -->$/ { f = 1; next }
	    f && /^```/ { if (++fence == 2) exit; next }
	    f && fence == 1' "$1" | tr -s ' \t' '  ' | sed 's/ *$//'
}

check_doc() {
	if [ ! -f "$ROOT/ARCHITECTURE.md" ]; then
		echo "ok 5 - # SKIP no ARCHITECTURE.md in $ROOT"
		return
	fi
	printf '%s\n' "$ARROWS" | tr -s ' \t' '  ' | sed 's/ *$//' \
	    >"$W/arrows.want"
	doc_arrows "$ROOT/ARCHITECTURE.md" >"$W/arrows.doc"
	if ! diff "$W/arrows.want" "$W/arrows.doc" >"$W/arrows.diff"; then
		{ echo "ARCHITECTURE.md's arrows (after the line" \
		    "'<!-- arrows: tests/layout.sh -->') differ from" \
		    "tests/layout.sh's ARROWS ('<' the script, '>' the" \
		    "document): change both"
		cat "$W/arrows.diff"; } >"$W/doc.bad"
	else
		: >"$W/doc.bad"
	fi
	result 5 "$W/doc.bad" "ARCHITECTURE.md lists the arrows this script" \
	    "checks"
}

check_tree() {
	ROOT=$(cd "$1" && pwd)
	OBJDIR=$2
	[ ! -d "$OBJDIR" ] || OBJDIR=$(cd "$OBJDIR" && pwd)
	W=$(mktemp -d "${TMPDIR:-/tmp}/layout.XXXXXX")
	# shellcheck disable=SC2064 # W is fixed now
	trap "rm -rf '$W'" EXIT INT TERM
	echo "1..5"
	includes >"$W/includes"
	check_sizes
	check_arrows
	check_objects
	check_folders
	check_doc
	return $failed
}

# ---- self-test: each check fails on a tree made to break it -----------

mk() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# The C sources of tree $1, compiled into $1/build.
compile() {
	(cd "$1" && for c in app/*/*.c platform/*.c; do
		[ -f "$c" ] || continue
		mkdir -p "build/$(dirname "$c")"
		${CC:-cc} -iquote app -iquote . -c -o "build/${c%.c}.o" "$c"
	done)
}

# N lines of C whose last defines int FN(void): lines N FN.
lines() {
	i=1
	while [ "$i" -lt "$1" ]; do
		echo "/* line $i */"
		i=$((i + 1))
	done
	echo "int $2(void) { return 1; }"
}

doc() {
	printf '# arrows\n\n<!-- arrows: tests/layout.sh -->\n```text\n'
	printf '%s\n' "$ARROWS"
	printf '```\n'
}

n_self=0
# has PATTERN: the output of the last run has a line that matches.
has() {
	grep -q "$1" "$T/out"
}

# self_ok CONDITION WHAT...: CONDITION is evaluated on $T/out.
self_ok() {
	n_self=$((n_self + 1))
	cond=$1
	shift
	if eval "$cond"; then
		echo "ok $n_self - $*"
	else
		echo "not ok $n_self - $*"
		sed 's/^/# /' "$T/out"
		failed=1
	fi
}

self_test() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/layout-self.XXXXXX")
	# shellcheck disable=SC2064 # T is fixed now
	trap "rm -rf '$T'" EXIT INT TERM
	echo "1..8"

	# A clean tree: core below ids and platform, a file of exactly
	# LAYOUT_MAX lines, the arrows as the script has them.
	G=$T/good
	mk "$G/app/core/a.h" <<-'EOF'
	int a_fn(void);
	EOF
	{ echo '#include "core/a.h"'; lines $((LAYOUT_MAX - 1)) a_fn; } |
	    mk "$G/app/core/a.c"
	mk "$G/app/ids/i.c" <<-'EOF'
	#include "core/a.h"
	int i_fn(void);
	int i_fn(void) { return a_fn(); }
	EOF
	mk "$G/platform/p.c" <<-'EOF'
	#include "core/a.h"
	int p_fn(void);
	int p_fn(void) { return a_fn(); }
	EOF
	doc | mk "$G/ARCHITECTURE.md"
	compile "$G"
	rc=0
	sh "$SELF" "$G" "$G/build" >"$T/out" 2>&1 || rc=$?
	self_ok '[ $rc -eq 0 ] && [ "$(grep -c "^ok [1-5] " "$T/out")" -eq 5 ]' \
	    "a clean tree passes the five checks (a file of $LAYOUT_MAX" \
	    "lines, includes along the arrows, objects and folders in one" \
	    "direction, the arrows as ARCHITECTURE.md lists them)"

	# The same tree, broken once for each check.
	B=$T/bad
	cp -R "$G" "$B"
	rm -rf "$B/build"
	lines $((LAYOUT_MAX + 1)) big_fn | mk "$B/app/core/big.c"
	# core/up.c and ids/i.c include and call each other
	mk "$B/app/ids/i.h" <<-'EOF'
	int i_fn(void);
	EOF
	mk "$B/app/core/up.c" <<-'EOF'
	#include "ids/i.h"
	int up_fn(void);
	int up_fn(void) { return i_fn(); }
	EOF
	mk "$B/app/ids/i.c" <<-'EOF'
	#include "core/a.h"
	#include "ids/i.h"
	int up_fn(void);
	int i_fn(void) { return up_fn() + a_fn(); }
	EOF
	# calls into the circle, but nothing calls back
	mk "$B/app/ids/c.c" <<-'EOF'
	#include "ids/i.h"
	int c_fn(void);
	int c_fn(void) { return i_fn(); }
	EOF
	mk "$B/app/core/bare.c" <<-'EOF'
	#include "a.h"
	int bare_fn(void);
	int bare_fn(void) { return a_fn(); }
	EOF
	mk "$B/platform/q.c" <<-'EOF'
	#include "ids/i.h"
	int q_fn(void);
	int q_fn(void) { return i_fn(); }
	EOF
	sed 's/^core:$/core: ids/' "$G/ARCHITECTURE.md" | mk "$B/ARCHITECTURE.md"
	compile "$B"
	# A renamed file's object stays in the build folder: read, it would
	# define i_fn first (sorted before ids/i.o) and hide the circle.
	cp "$B/build/app/ids/i.o" "$B/build/app/core/aa_gone.o"
	rc=0
	sh "$SELF" "$B" "$B/build" >"$T/out" 2>&1 || rc=$?

	self_ok 'has "^not ok 1 " &&
	    has "^# app/core/big.c: $((LAYOUT_MAX + 1)) lines" &&
	    ! has "^# app/core/a.c: "' \
	    "check 1 fails on a file of $((LAYOUT_MAX + 1)) lines and names" \
	    "it, not the one of $LAYOUT_MAX"
	self_ok 'has "^not ok 2 " &&
	    has "^# app/core/up.c:1: #include \"ids/i.h\": core may not" &&
	    has "^# platform/q.c:1: #include \"ids/i.h\": platform may not" &&
	    has "^# app/core/bare.c:1: #include \"a.h\" does not name its" &&
	    ! has "^# app/ids/i.c:1: "' \
	    "check 2 fails on includes against the arrows (core -> ids," \
	    "platform -> ids) and on one without its folder, and lets" \
	    "ids -> core pass"
	self_ok 'has "^not ok 3 " &&
	    has "^# circle: app/core/up.o app/ids/i.o$" &&
	    has "^#   app/core/up.o -> app/ids/i.o (i_fn)" &&
	    has "^#   app/ids/i.o -> app/core/up.o (up_fn)" &&
	    ! has "ids/c\\.o\|gone\\.o"' \
	    "check 3 fails on two objects that call each other and names" \
	    "both and the symbols, not one that only calls into them nor" \
	    "an object without a source"
	self_ok 'has "^not ok 4 " && has "^# circle: core ids$"' \
	    "check 4 fails on two folders that include each other"
	self_ok 'has "^not ok 5 " && has "^# > core: ids"' \
	    "check 5 fails when ARCHITECTURE.md lists another arrow"
	self_ok '[ $rc -eq 1 ]' "the broken tree exits 1"

	# No objects at all: the object check cannot pass by finding none.
	rc=0
	sh "$SELF" "$G" "$T/empty" >"$T/out" 2>&1 || rc=$?
	self_ok '[ $rc -eq 1 ] && has "^# no objects in"' \
	    "check 3 fails when there is no object to read"
	return $failed
}

case "${1:-}" in
--self-test)
	self_test
	;;
*)
	check_tree "${1:-.}" "${2:-${1:-.}/build}"
	;;
esac
