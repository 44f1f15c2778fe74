#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh: feedd's benchmark, in one command. See bench/README.md.
#
#   bench/run.sh            N = 1,000, 10,000 and 100,000 -> bench/RESULTS.md
#   bench/run.sh --quick    N = 1,000 and 10,000 -> bench/RESULTS-quick.md
#   bench/run.sh --million  also N = 1,000,000 (about 7 GB more of corpus)
#
# Every figure is a median with its min-max over repeated runs, and is
# compared with a baseline measured in the same run.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$BENCH")

usage() {
	cat <<EOF
usage: bench/run.sh [options]
  --quick          N = 1000 and 10000 only, 30 s idle test (for development)
  --sizes "N..."   the corpus sizes (default: 1000 10000 100000; up to
                   10000000)
  --million        add N = 1000000 to the sizes (its bar, 3c, compares it
                   with N = 100000)
  --seed N         corpus seed (default 1); same seed, same corpus bytes
  --no-hugo        skip the side-by-side with Hugo
  --hugo-sizes "N..."  the sizes Hugo runs at (default: 1000 10000)
  --idle SECONDS   length of the idle test (default 60; 30 with --quick)
  --work DIR       scratch folder (default bench/work; needs ~1 GB at 100,000,
                   ~7 GB more with 1,000,000)
  --results FILE   where the report goes (default bench/RESULTS.md, or
                   bench/RESULTS-quick.md with --quick)
  --keep           keep the corpora and logs in the work folder
Environment: FEEDD=/path/to/feedd uses that binary instead of building
src/feedd with 'make -C $TOP src/feedd' (which needs a configured tree).
EOF
}

SIZES="1000 10000 100000"
HUGO_SIZES="1000 10000"
SEED=1
HUGO=1
IDLE_SECONDS=
WORK=$BENCH/work
RESULTS=
KEEP=0
QUICK=0
MILLION=0
ARGS="$*"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1; SIZES="1000 10000" ;;
	--sizes) SIZES=$2; shift ;;
	--million) MILLION=1 ;;
	--seed) SEED=$2; shift ;;
	--no-hugo) HUGO=0 ;;
	--hugo-sizes) HUGO_SIZES=$2; shift ;;
	--idle) IDLE_SECONDS=$2; shift ;;
	--work) WORK=$2; shift ;;
	--results) RESULTS=$2; shift ;;
	--keep) KEEP=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 64 ;;
	esac
	shift
done
if [ $MILLION = 1 ] && [[ " $SIZES " != *" 1000000 "* ]]; then
	SIZES="$SIZES 1000000"
fi
for n in $SIZES; do
	[[ $n =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 10000000 ] ||
	    { echo "bench/run.sh: bad size '$n' (1 to 10000000)" >&2; exit 64; }
done
[ -n "$IDLE_SECONDS" ] || IDLE_SECONDS=$([ $QUICK = 1 ] && echo 30 || echo 60)
[ -n "$RESULTS" ] || RESULTS=$BENCH/$([ $QUICK = 1 ] && echo RESULTS-quick.md || echo RESULTS.md)

LAT_REPS=20		# edits per N (feedd and hugo server)
BURST=1000		# articles per burst
BIG=100000		# from this N on, 3 repetitions instead of 5
MILLION_N=1000000	# the size bar 3c compares with BAR_N (below)
HUGO_PORT=18313

BIN=$WORK/bin
DATA=$WORK/data
T_START=$(date +%s)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- processes we start, and only those, are stopped on the way out ----

PIDS=()
stop_pid() {	# PID: SIGTERM, then wait until it is gone (or a zombie)
	local pid=$1 i state
	[ -r "/proc/$pid/stat" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 400); do
		state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1) || return 0
		[ -z "$state" ] || [ "$state" = Z ] && return 0
		sleep 0.05
	done
	log "process $pid did not stop; sending SIGKILL"
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
	local pid comm
	for pid in "${PIDS[@]}"; do
		comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
		case $comm in feedd|hugo) stop_pid "$pid" ;; esac
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- numbers ----

# FILE of numbers, one a line -> "MEDIAN MIN MAX"
stats() {
	sort -g "$1" | awk '{a[NR]=$1} END {
		if (NR == 0) { print "nan nan nan"; exit }
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		print m, a[1], a[NR] }'
}
med() { stats "$1" | cut -d' ' -f1; }
# calc 'EXPRESSION' [FORMAT]: awk arithmetic
calc() { awk "BEGIN { printf \"${2:-%.6g}\", $1 }"; }
# column N of FILE into FILE.cN
column_of() { awk -v c="$2" '{ print $c }' "$1" > "$1.c$2"; echo "$1.c$2"; }
# true when $1 <= $2
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if le "$1" "$2"; then echo PASS; else echo MISS; fi; }
declare -A R	# every figure of the report, by name

# ---- tools ----

mkdir -p "$BIN" "$DATA"
log "building the benchmark tools in $BIN"
for tool in gencorpus readall runstat latency; do
	cc -O2 -std=c11 -Wall -Wextra -pthread -o "$BIN/$tool" "$BENCH/$tool.c"
done

if [ -n "${FEEDD:-}" ]; then
	cp "$FEEDD" "$BIN/feedd"
else
	[ -f "$TOP/Makefile" ] || die "no Makefile in $TOP: configure the tree first
  (autoreconf -fi && ./configure), or set FEEDD=/path/to/feedd"
	log "building feedd: make -C $TOP src/feedd"
	make -s -C "$TOP" src/feedd >&2
	cp "$TOP/src/feedd" "$BIN/feedd"
fi
# A private copy: rebuilding src/feedd during the run changes nothing here.
FEEDD_VERSION=$("$BIN/feedd" --version | head -1)

if [ "$HUGO" = 1 ] && ! command -v hugo >/dev/null; then
	log "hugo is missing: apt-get install -y hugo"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get install -y hugo >&2 || { $SUDO apt-get update >&2 &&
	    $SUDO apt-get install -y hugo >&2; } ||
	    { log "cannot install hugo: the Hugo part is skipped"; HUGO=0; }
fi
HUGO_VERSION=$([ "$HUGO" = 1 ] && hugo version | head -1 || echo "not run")

pkgver() { dpkg-query -W -f='${Package} ${Version}' "$1" 2>/dev/null || echo "$1: unknown"; }
R[machine]=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
R[cores]=$(nproc)
R[kernel]=$(uname -sr)
R[memory]=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
R[os]=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || echo unknown)
R[libxml2]=$(pkgver libxml2)
R[libev]=$(pkgver libev4)
R[fs]=$(df -T "$WORK" | awk 'NR == 2 { print $2 }')
R[load_start]=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- helpers for feedd ----

clean_output() { rm -rf "$1/feeds" "$1/state"; }

# runstat a command, append "wall maxrss" to FILE; the command must succeed
timed() {
	local file=$1 logf=$2 out
	shift 2
	out=$("$BIN/runstat" -o "$logf" -- "$@")
	[ "${out##* }" = 0 ] || die "$* failed (status ${out##* }); see $logf"
	echo "${out% *}" >> "$file"
}

# start_daemon DIR CONF LOG: DOUT="SECONDS PID" (not in a subshell, so
# that the PID is remembered for the clean-up)
start_daemon() {
	DOUT=$("$BIN/latency" start -s "$1/notify.sock" -l "$3" -t 900000 -- \
	    "$BIN/feedd" -c "$2")
	PIDS+=("${DOUT#* }")
}

vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }	# kB

# edit_feeds DIR FILE SECTION PID REPS MINUTE: REPS edits of DIR/articles/FILE
# (dated from 2025-12-01 08:00 plus MINUTE), each timed to the last file it
# renamed into the output folder (at least its section's and all's three
# formats and pages; index.html too when it changed), and each paired with
# the disk's share: exactly those files replaced by feedd's system calls
# alone, on the same file system, once all is quiet again (-P 1).
# "RAW NET FLOOR FILES" (ms, ms, ms, files the edit rewrote) a line.
edit_feeds() {
	"$BIN/latency" edit -o "$1/feeds" -f "$1/articles/$2" -F feedd \
	    -e "$3.atom,$3.rss,$3.json,$3.html,all.atom,all.rss,all.json,all.html" \
	    -r "$5" -m "$6" -d 1 -p "$4" -q 100 -t 30000 -P 1
}

# ---- one corpus size ----

bench_n() {
	local n=$1 d=$WORK/n$1 dd=$DATA/n$1 reps=5 r out pid line file sec
	[ "$n" -ge $BIG ] && reps=3
	R[reps_$n]=$reps
	rm -rf "$d" "$dd"
	mkdir -p "$dd"

	local hugo_here=0
	if [ "$HUGO" = 1 ] && [[ " $HUGO_SIZES " == *" $n "* ]]; then
		hugo_here=1
	fi
	log "N=$n: generating the corpus (seed $SEED)"
	local t0 t1
	t0=$(date +%s.%N)
	if [ $hugo_here = 1 ]; then
		"$BIN/gencorpus" -n "$n" -s "$SEED" -o "$d" --hugo "$d/hugo" >/dev/null
	else
		"$BIN/gencorpus" -n "$n" -s "$SEED" -o "$d" >/dev/null
	fi
	for r in $(seq 0 $((reps - 1))); do
		"$BIN/gencorpus" --burst $BURST --rep "$r" -s "$SEED" \
		    -o "$d/burst$r" >/dev/null
	done
	sync
	t1=$(date +%s.%N)
	R[gen_$n]=$(calc "$t1 - $t0" %.1f)
	out=$("$BIN/readall" "$d/articles")
	set -- $out
	[ "$1" = "$n" ] || die "readall found $1 files, not $n"
	R[files_$n]=$1
	R[mb_$n]=$(calc "$2 / 1e6" %.1f)
	R[disk_$n]=$(du -sm "$d/articles" | cut -f1)

	# 1. full build vs reading every file, interleaved
	log "N=$n: full build x$reps (after a warm-up)"
	"$BIN/readall" "$d/articles" >/dev/null
	clean_output "$d"
	timed /dev/null "$dd/once.log" "$BIN/feedd" -c "$d/feedd.conf" --once
	for r in $(seq $reps); do
		timed "$dd/readall" /dev/null "$BIN/readall" "$d/articles"
		clean_output "$d"
		timed "$dd/once" "$dd/once.log" "$BIN/feedd" -c "$d/feedd.conf" --once
	done
	[ "$(find "$d/feeds" -maxdepth 1 \( -name '*.atom' -o -name '*.rss' -o -name '*.json' \) | wc -l)" = 27 ] ||
	    die "feedd --once did not write the 27 feed files (9 feeds, 3 formats); see $dd/once.log"
	[ "$(find "$d/feeds" -maxdepth 1 \( -name '*.html' -o -name feeds.opml \) | wc -l)" = 11 ] ||
	    die "feedd --once did not write the 9 pages, index.html and feeds.opml; see $dd/once.log"
	grep -q "$n articles, 0 skipped" "$dd/once.log" ||
	    log "warning: feedd did not report '$n articles, 0 skipped'; see $dd/once.log"
	if grep -v -E "items \(|articles?, " "$dd/once.log" | grep -q .; then
		log "feedd said more than expected on the corpus (first lines):"
		grep -v -E "items \(|articles?, " "$dd/once.log" | head -5 >&2
	fi
	R[once_$n]=$(stats "$(column_of "$dd/once" 1)")
	R[oncerss_$n]=$(stats "$(column_of "$dd/once" 2)")
	R[readall_$n]=$(stats "$(column_of "$dd/readall" 1)")
	paste -d' ' "$dd/once.c1" "$dd/readall.c1" |
	    awk '{ print $1 / $2 }' > "$dd/ratio"
	R[ratio_$n]=$(stats "$dd/ratio")

	# The article every edit rewrites (3a, 3c), and its feeds.
	line=$(sed -n "$((n / 2))p" "$d/manifest.tsv")
	file=$(echo "$line" | cut -f1)
	sec=$(echo "$line" | cut -f2 | tr '[:upper:]' '[:lower:]')
	R[edit_file_$n]=$file

	# 6. start-up with the state file and feeds the last build left, and
	# 3c. the first edit after each of those restarts, timed as 3a's
	# are (edit minutes 0 .. reps-1; 3a's come after, from minute reps)
	log "N=$n: daemon start-up x$reps (warm state file), one edit after each"
	: > "$dd/daemon.log"
	for r in $(seq $reps); do
		start_daemon "$d" "$d/feedd.conf" "$dd/daemon.log"
		out=$DOUT
		echo "${out% *}" >> "$dd/start"
		pid=${out#* }
		# 4. memory once loaded, before any edit
		[ "$r" != "$reps" ] || R[rss_load_$n]=$(vm "$pid" VmRSS)
		edit_feeds "$d" "$file" "$sec" "$pid" 1 $((r - 1)) \
		    >> "$dd/firstedit" ||
		    die "the first edit after a restart failed; see $dd/daemon.log"
		[ "$r" = "$reps" ] || stop_pid "$pid"
	done
	R[start_$n]=$(stats "$dd/start")
	R[firstedit_$n]=$(stats "$(column_of "$dd/firstedit" 2)")
	R[firstfloor_$n]=$(stats "$(column_of "$dd/firstedit" 3)")

	# 3. incremental: edit one article, time until its feeds are renamed
	log "N=$n: $LAT_REPS edits of articles/$file"
	edit_feeds "$d" "$file" "$sec" "$pid" $LAT_REPS $reps > "$dd/edit" ||
	    die "the edit test failed; see $dd/daemon.log"
	R[edit_$n]=$(stats "$(column_of "$dd/edit" 2)")
	R[editraw_$n]=$(stats "$(column_of "$dd/edit" 1)")
	R[floor_$n]=$(stats "$(column_of "$dd/edit" 3)")
	R[editfiles_$n]=$(sort -u "$(column_of "$dd/edit" 4)" | tr '\n' ' ' | sed 's/ $//')
	awk '{ print $2 - $3 }' "$dd/edit" > "$dd/beyond"
	R[beyond_$n]=$(stats "$dd/beyond")
	R[rss_edit_$n]=$(vm "$pid" VmRSS)
	R[hwm_$n]=$(vm "$pid" VmHWM)

	# 5. idle cost, at the size of the bars only
	if [ "$n" = "$BAR_N" ]; then
		log "N=$n: idle daemon for $IDLE_SECONDS s"
		"$BIN/latency" settle -o "$d/feeds" -p "$pid" -q 500 -t 30000 || true
		R[idle_$n]=$("$BIN/latency" idle -p "$pid" -w "$IDLE_SECONDS")
	fi
	stop_pid "$pid"

	# 3b. a burst of new articles into a running daemon ...
	log "N=$n: burst of $BURST new articles x$reps"
	: > "$dd/daemon-burst.log"
	start_daemon "$d" "$d/feedd-burst.conf" "$dd/daemon-burst.log"
	out=$DOUT
	R[coldstart_$n]=${out% *}
	pid=${out#* }
	for r in $(seq 0 $((reps - 1))); do
		# the same writes into a folder nothing watches, just before
		mkdir -p "$d/copy$r"
		"$BIN/latency" copy -S "$d/burst$r/articles" -a "$d/copy$r" \
		    -k $BURST >> "$dd/copy"
		"$BIN/latency" burst -o "$d/feeds-burst" -S "$d/burst$r/articles" \
		    -a "$d/articles" -c "tag:news.example.org,2016:zz_b${r}_" \
		    -k $BURST -t 120000 >> "$dd/burst" ||
		    die "the burst test failed; see $dd/daemon-burst.log"
		# Each burst stays: deleting files just before creating others
		# makes the creations crawl on ext4 without a journal (it steps
		# over recently freed inodes one by one).
		"$BIN/latency" settle -o "$d/feeds-burst" -p "$pid" -q 300 \
		    -t 60000 || true
	done
	stop_pid "$pid"
	rm -rf "$d"/copy* "$d/articles"/zz_b*_*.txt
	R[copy_$n]=$(stats "$dd/copy")
	R[burst_$n]=$(stats "$(column_of "$dd/burst" 1)")
	R[burstclosed_$n]=$(stats "$(column_of "$dd/burst" 2)")
	R[burstwrite_$n]=$(stats "$(column_of "$dd/burst" 3)")
	# ... vs building just those articles once
	clean_output "$d/burst0"
	timed /dev/null "$dd/burstonce.log" "$BIN/feedd" -c "$d/burst0/feedd.conf" --once
	for r in $(seq $reps); do
		clean_output "$d/burst0"
		timed "$dd/burstonce" "$dd/burstonce.log" \
		    "$BIN/feedd" -c "$d/burst0/feedd.conf" --once
	done
	R[burstonce_$n]=$(stats "$(column_of "$dd/burstonce" 1)")

	# 7. Hugo on the same articles
	if [ $hugo_here = 1 ]; then
		bench_hugo "$n" "$d" "$dd" "$reps" "$file" "$sec"
	fi
	# The corpora are deleted at the very end, not here: see the bursts.
}

bench_hugo() {
	local n=$1 d=$2 dd=$3 reps=$4 file=$5 sec=$6 r hpid i name
	local site=$d/hugo pub=$d/hugo-public
	log "N=$n: hugo full build x$reps (after a warm-up)"
	rm -rf "$pub"
	timed /dev/null "$dd/hugo.log" hugo -s "$site" -d "$pub" --quiet
	[ -f "$pub/$sec/index.xml" ] || die "hugo wrote no $sec/index.xml"
	for r in $(seq $reps); do
		rm -rf "$pub"
		timed "$dd/hugo" "$dd/hugo.log" hugo -s "$site" -d "$pub" --quiet
	done
	R[hugo_$n]=$(stats "$(column_of "$dd/hugo" 1)")

	log "N=$n: hugo server, $LAT_REPS edits"
	rm -rf "$pub"
	hugo server -s "$site" -d "$pub" --renderToDisk --disableFastRender \
	    --disableLiveReload --bind 127.0.0.1 --port $HUGO_PORT \
	    --appendPort=false -b https://news.example.org/ \
	    > "$dd/hugo-server.log" 2>&1 < /dev/null &
	hpid=$!
	PIDS+=("$hpid")
	for i in $(seq 1200); do
		grep -q "Press Ctrl+C to stop" "$dd/hugo-server.log" && break
		kill -0 "$hpid" 2>/dev/null || die "hugo server died; see $dd/hugo-server.log"
		sleep 0.25
	done
	name=$(basename "$file" .txt)
	"$BIN/latency" edit -o "$pub" -f "$site/content/$sec/$name.md" -F hugo \
	    -e "$sec/index.xml,index.xml" -r $LAT_REPS -d 0 -p "$hpid" \
	    -q 300 -t 60000 > "$dd/hugoedit" ||
	    die "the hugo server edit test failed; see $dd/hugo-server.log"
	stop_pid "$hpid"
	R[hugoedit_$n]=$(stats "$(column_of "$dd/hugoedit" 1)")
	awk '/Press Ctrl\+C to stop/ { s = 1 } s && /^Total in/ { print $3 }' \
	    "$dd/hugo-server.log" > "$dd/hugototal"
	R[hugototal_$n]=$(stats "$dd/hugototal")
}

N_MAX=0
for n in $SIZES; do [ "$n" -gt "$N_MAX" ] && N_MAX=$n; done
N_MIN=$N_MAX
for n in $SIZES; do [ "$n" -lt "$N_MIN" ] && N_MIN=$n; done
HUGO_BAR_N=10000
# The bars are for N=100,000; N=1,000,000 has its own (3c).
BAR_N=$N_MAX
[[ " $SIZES " != *" 100000 "* ]] || BAR_N=100000

for n in $SIZES; do
	bench_n "$n"
done

# The generator's promise: same options, same seed => the same bytes.
# (Checked last: deleting files right before the measurements would slow
# the bursts' file creations down; see there.)
rm -rf "$WORK/det1" "$WORK/det2"
"$BIN/gencorpus" -n 300 -s "$SEED" -o "$WORK/det1" --hugo "$WORK/det1/hugo" >/dev/null
"$BIN/gencorpus" -n 300 -s "$SEED" -o "$WORK/det2" --hugo "$WORK/det2/hugo" >/dev/null
if diff -r "$WORK/det1" "$WORK/det2" >/dev/null; then
	R[deterministic]="yes (two runs of \`gencorpus -n 300 -s $SEED\` are byte-identical)"
else
	R[deterministic]="NO: two runs of \`gencorpus -n 300 -s $SEED\` differ"
fi
rm -rf "$WORK/det1" "$WORK/det2"

# ---- the report ----

log "writing $RESULTS"
f1() { set -- ${R[$1]}; calc "$1 * ${2:-1}" "${3:-%.3f}"; }
# "median (min-max)" of R[key], times SCALE, in FORMAT
mm() {
	local key=$1 scale=${2:-1} fmt=${3:-%.3f}
	set -- ${R[$key]}
	printf '%s (%s-%s)' "$(calc "$1 * $scale" "$fmt")" \
	    "$(calc "$2 * $scale" "$fmt")" "$(calc "$3 * $scale" "$fmt")"
}
nf() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
first() { set -- ${R[$1]}; echo "$1"; }

{
	T_END=$(date +%s)
	echo "# feedd benchmark results"
	echo
	echo "Written by \`bench/run.sh${ARGS:+ $ARGS}\` on $(date -u '+%Y-%m-%d %H:%M UTC'),"
	echo "in $(( (T_END - T_START) / 60 )) min $(( (T_END - T_START) % 60 )) s."
	echo "Every time is a median over repeated runs with the min-max after it;"
	echo "every bar is a ratio against a baseline measured in the same run. How"
	echo "each figure is taken: \`bench/README.md\`."
	echo
	echo "## Machine"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| CPU | ${R[machine]} |"
	echo "| cores | ${R[cores]} |"
	echo "| memory | ${R[memory]} |"
	echo "| kernel | ${R[kernel]} |"
	echo "| system | ${R[os]} |"
	echo "| file system of the corpus | ${R[fs]} |"
	echo "| load average (1, 5, 15 min) at the start / the end | ${R[load_start]} / $(cut -d' ' -f1-3 /proc/loadavg) |"
	echo "| feedd | $FEEDD_VERSION (built from $(cd "$TOP" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$TOP" && [ -n "$(git status --porcelain -- src 2>/dev/null)" ] && echo ', with uncommitted changes in src/')) |"
	echo "| libxml2 | ${R[libxml2]} |"
	echo "| libev | ${R[libev]} |"
	echo "| hugo | $HUGO_VERSION |"
	echo
	echo "## Corpus"
	echo
	echo "\`bench/gencorpus -n N -s $SEED\`: articles in the layout of"
	echo "\`example/articles/\`, 8 sections, 2016-2025, 40% at the top, 30% in a"
	echo "section folder, 30% in \`archive/YEAR/\`; feeds: one per section and \`all\`,"
	echo "50 items each, each written as RSS, Atom and JSON Feed (\`formats = rss"
	echo "atom json\`) with its HTML page, and the site's index.html and feeds.opml."
	echo
	echo "Deterministic: ${R[deterministic]}."
	echo
	echo "| N | files | MB of articles | MB on disk | repetitions | generated in (s) |"
	echo "|---:|---:|---:|---:|---:|---:|"
	for n in $SIZES; do
		echo "| $(nf $n) | $(nf ${R[files_$n]}) | ${R[mb_$n]} | ${R[disk_$n]} | ${R[reps_$n]} | ${R[gen_$n]} |"
	done
	echo

	# verdicts
	declare -A V
	nb=$BAR_N
	V[1]=$(verdict "$(first ratio_$nb)" 2.0)
	g1=$(calc "$(first once_$N_MIN) / $N_MIN")
	gmax=0
	for n in $SIZES; do
		g=$(calc "$(first once_$n) / $n / $g1")
		le "$g" "$gmax" || gmax=$g
	done
	V[2]=$(verdict "$gmax" 1.5)
	e_big=$(first edit_$nb)
	e_small=$(first edit_$N_MIN)
	e_ratio=$(calc "$e_big / $e_small")
	if le "$e_big" 5 && le "$e_ratio" 2; then V[3a]=PASS; else V[3a]=MISS; fi
	b_ratio=$(calc "$(first burst_$nb) / 1000 / $(first burstonce_$nb)")
	V[3b]=$(verdict "$b_ratio" 2)
	rss_big=$(calc "${R[rss_edit_$nb]} / 1024")
	V[4]=$(verdict "$rss_big" 100)
	set -- ${R[idle_$nb]}
	idle_wakeups=$(( $1 + $2 ))
	idle_cpu=$3
	if [ "$idle_wakeups" = 0 ] && le "$idle_cpu" 0; then V[5]=PASS; else V[5]=MISS; fi
	s_ratio=$(calc "$(first start_$nb) / $(first once_$nb)")
	V[6]=$(verdict "$s_ratio" 1.2)
	# 3c: both edit figures at N=1,000,000 within 2x of N=100,000's
	mb=
	if [[ " $SIZES " == *" $MILLION_N "* ]]; then
		mb=$MILLION_N
		if [ "$nb" = 100000 ]; then
			m_first=$(calc "$(first firstedit_$mb) / $(first firstedit_$nb)")
			m_steady=$(calc "$(first edit_$mb) / $(first edit_$nb)")
			if le "$m_first" 2 && le "$m_steady" 2; then
				V[3c]=PASS
			else
				V[3c]=MISS
			fi
		fi
	fi
	hb=
	if [ "$HUGO" = 1 ] && [ -n "${R[hugo_$HUGO_BAR_N]:-}" ]; then
		hb=$HUGO_BAR_N
	elif [ "$HUGO" = 1 ]; then
		for n in $HUGO_SIZES; do [ -n "${R[hugo_$n]:-}" ] && hb=$n; done
	fi
	if [ -n "$hb" ]; then
		h_build=$(calc "$(first hugo_$hb) / $(first once_$hb)")
		h_edit=$(calc "$(first hugoedit_$hb) / $(first edit_$hb)")
		if le 10 "$h_build"; then V[7a]=PASS; else V[7a]=MISS; fi
		if le 10 "$h_edit"; then V[7b]=PASS; else V[7b]=MISS; fi
	fi
	nbf=$(nf $nb)
	note=
	[ "$nb" = 100000 ] || note=" (the bars are for N=100,000: provisional at N=$nbf)"

	echo "## Bars$note"
	echo
	echo "| # | measurement | bar | measured | verdict |"
	echo "|---|---|---|---|---|"
	echo "| 1 | full build vs reading every file, N=$nbf | <= 2.0x | $(calc "$(first ratio_$nb)" %.2f)x | **${V[1]}** |"
	echo "| 2 | full-build time per article, worst N vs N=$(nf $N_MIN) | <= 1.5x (roughly constant) | $(calc "$gmax" %.2f)x | **${V[2]}** |"
	echo "| 3a | one edit to renamed feeds, N=$nbf | median <= 5 ms and <= 2x N=$(nf $N_MIN) | $(calc "$e_big" %.2f) ms, $(calc "$e_ratio" %.2f)x (disk floor $(calc "$(first floor_$nb)" %.2f) ms) | **${V[3a]}** |"
	echo "| 3b | burst of $BURST new articles vs \`--once\` on them, N=$nbf | <= 2.0x | $(calc "$b_ratio" %.2f)x ($(calc "$(first burstclosed_$nb) / 1000 / $(first burstonce_$nb)" %.2f)x from the last write) | **${V[3b]}** |"
	if [ -n "$mb" ] && [ -n "${V[3c]:-}" ]; then
		echo "| 3c | one edit at N=$(nf $mb), the first after a restart and steady, vs N=$nbf | <= 2x its N=$nbf figure | first $(calc "$(first firstedit_$mb)" %.2f) ms, $(calc "$m_first" %.2f)x; steady $(calc "$(first edit_$mb)" %.2f) ms, $(calc "$m_steady" %.2f)x | **${V[3c]}** |"
	elif [ -n "$mb" ]; then
		echo "| 3c | one edit at N=$(nf $mb), the first after a restart and steady | <= 2x its N=100,000 figure | N=100,000 not run | - |"
	fi
	echo "| 4 | daemon VmRSS holding N=$nbf | <= 100 MB | $(calc "$rss_big" %.1f) MiB | **${V[4]}** |"
	echo "| 5 | idle daemon over $IDLE_SECONDS s, N=$nbf | 0 wake-ups | $idle_wakeups context switch(es), $idle_cpu ms CPU | **${V[5]}** |"
	echo "| 6 | start-up (warm state) vs full build, N=$nbf | <= 1.2x | $(calc "$s_ratio" %.2f)x | **${V[6]}** |"
	if [ -n "$hb" ]; then
		echo "| 7a | Hugo full build / feedd \`--once\`, N=$(nf $hb) | >= 10x | $(calc "$h_build" %.1f)x | **${V[7a]}** |"
		echo "| 7b | \`hugo server\` edit latency / feedd's, N=$(nf $hb) | >= 10x | $(calc "$h_edit" %.1f)x | **${V[7b]}** |"
	else
		echo "| 7 | Hugo side by side | >= 10x | not run | - |"
	fi
	echo

	echo "## 1. Full build"
	echo
	echo "\`feedd --once\` (output folder and state file deleted before each run, so"
	echo "every run reads, parses and writes everything) against \`bench/readall\`,"
	echo "which only opens and reads every article file in full. Warm page cache:"
	echo "one warm-up run of each first, then the two alternate. Peak RSS is the"
	echo "child's \`ru_maxrss\` (\`bench/runstat\`)."
	echo
	echo "| N | feedd --once (s) | readall (s) | ratio (of medians) | ratio range (per pair) | peak RSS (MiB) | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		set -- ${R[ratio_$n]}
		r=$(calc "$(first once_$n) / $(first readall_$n)" %.2f)
		if [ "$n" = "$nb" ]; then b="<= 2.0x"; v="**${V[1]}**"; else b="-"; v="-"; fi
		echo "| $(nf $n) | $(mm once_$n) | $(mm readall_$n) | ${r}x | $(calc "$2" %.2f)-$(calc "$3" %.2f)x | $(mm oncerss_$n 0.0009765625 %.1f) | $b | $v |"
	done
	echo

	echo "## 2. Growth"
	echo
	echo "Full-build time divided by N, against the same for N=$(nf $N_MIN);"
	echo "\`readall\`'s for comparison."
	echo
	echo "| N | feedd µs per article | readall µs per article | feedd vs N=$(nf $N_MIN) | bar | verdict |"
	echo "|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		echo "| $(nf $n) | $(mm once_$n "1e6 / $n" %.1f) | $(mm readall_$n "1e6 / $n" %.1f) | $(calc "$(first once_$n) / $n / $g1" %.2f)x | <= 1.5x | $(verdict "$(calc "$(first once_$n) / $n / $g1")" 1.5) |"
	done
	echo

	echo "## 3. Incremental updates in the daemon"
	echo
	echo "### 3a. One edit"
	echo
	echo "The daemon (\`debounce = 1ms\`) holds N articles; \`bench/latency\` rewrites"
	echo "one (a new \`Last update\`, newer than every other article, and one changed"
	echo "word), closes it, and times from the close to the last \`IN_MOVED_TO\`"
	echo "of the files it rewrote in the output folder (each feed writes .rss,"
	echo ".atom, .json and its .html page: its section's and all's, and"
	echo "index.html when it changed; ${R[editfiles_$N_MAX]} files an edit at N=$(nf $N_MAX)),"
	echo "minus the 1 ms debounce; $LAT_REPS edits, each once the daemon is idle again."
	echo
	echo "\"Disk floor\" is the disk's share, measured after each edit once all"
	echo "is quiet again (\`latency edit -P 1\`): the bytes of exactly the files"
	echo "that edit renamed into the output folder,"
	echo "written with feedd's own system calls and nothing else, in a folder"
	echo "beside the output folder: a new file for each, written, its writeback"
	echo "started, all synced at once (fsync), each renamed over a file of the"
	echo "same size. No feed generator that syncs before it renames can go"
	echo "below it on this disk. \"Beyond\" is feedd's edit minus the floor"
	echo "measured with it, pair by pair: its median, min and max."
	echo
	echo "| N | edit to feeds (ms, minus debounce) | raw (ms) | disk floor (ms) | beyond the floor, per pair (ms) | vs N=$(nf $N_MIN) | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		x=$(calc "$(first edit_$n) / $e_small" %.2f)
		if [ "$n" = "$nb" ]; then b="<= 5 ms and <= 2x"; v="**${V[3a]}**"; else b="-"; v="-"; fi
		echo "| $(nf $n) | $(mm edit_$n 1 %.2f) | $(mm editraw_$n 1 %.2f) | $(mm floor_$n 1 %.2f) | $(mm beyond_$n 1 %.2f) | ${x}x | $b | $v |"
	done
	echo
	echo "### 3b. A burst of $BURST new articles"
	echo
	echo "A second daemon on the same corpus, whose \`all\` feed holds 1,000 items"
	echo "(\`feedd-burst.conf\`), gets $BURST new articles (newer than all others)"
	echo "written into its articles folder as fast as \`bench/latency\` can; the time"
	echo "runs from the first write until all.atom, all.rss and all.json all hold all $BURST."
	echo "Baseline: \`feedd --once\` on a folder of just those $BURST articles (same"
	echo "feeds, output and state deleted before each run). Each repetition adds"
	echo "$BURST more, newer than the last, and they stay until the end (deleting"
	echo "files just before creating others would slow the creations down on"
	echo "ext4 without a journal, which steps over recently freed inodes)."
	echo
	echo "| N | burst to feed (s) | of which writing (s) | the writes alone (s) | last write to feed (s) | --once on the $BURST (s) | ratio | ratio vs writes alone + --once | ratio from the last write | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		x=$(calc "$(first burst_$n) / 1000 / $(first burstonce_$n)" %.2f)
		z=$(calc "$(first burst_$n) / ($(first copy_$n) + 1000 * $(first burstonce_$n))" %.2f)
		y=$(calc "$(first burstclosed_$n) / 1000 / $(first burstonce_$n)" %.2f)
		if [ "$n" = "$nb" ]; then v="**${V[3b]}**"; else v=$(verdict "$x" 2); fi
		echo "| $(nf $n) | $(mm burst_$n 0.001) | $(mm burstwrite_$n 0.001) | $(mm copy_$n 0.001) | $(mm burstclosed_$n 0.001) | $(mm burstonce_$n) | ${x}x | ${z}x | ${y}x | <= 2.0x | $v |"
	done
	echo
	echo "The verdict uses the time from the first write against \`--once\` alone,"
	echo "the strictest of the three ratios; the other two are for reading it. The"
	echo "daemon starts rebuilding while the burst is still being written, so"
	echo "the time from the last write alone could flatter it. \"The writes"
	echo "alone\" are the same 1,000 files written, just before each burst, into"
	echo "a folder of the same file system that nothing watches: what \"of which"
	echo "writing\" takes beyond them is what the running daemon cost the writer."
	echo

	echo "### 3c. The first edit after a restart"
	echo
	echo "Each start-up of section 6 (a restart: the state file and feeds of the"
	echo "last run in place) is followed, once READY=1 has come and the daemon is"
	echo "idle, by one edit timed as in 3a (minus the debounce, with its disk"
	echo "floor): the first edit a restarted daemon handles, which pays for"
	echo "whatever start-up left undone: one per start-up, beside 3a's median,"
	echo "which the last start-up's daemon measures afterwards."
	echo
	echo "| N | first edit after a restart (ms, minus debounce) | its disk floor (ms) | steady edit, 3a (ms) | first / steady | first, steady vs N=$nbf | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		x=$(calc "$(first firstedit_$n) / $(first edit_$n)" %.2f)
		y="$(calc "$(first firstedit_$n) / $(first firstedit_$nb)" %.2f)x, $(calc "$(first edit_$n) / $(first edit_$nb)" %.2f)x"
		if [ "$n" = "$mb" ] && [ -n "${V[3c]:-}" ]; then
			b="<= 2x both"; v="**${V[3c]}**"
		else
			b="-"; v="-"
		fi
		echo "| $(nf $n) | $(mm firstedit_$n 1 %.2f) | $(mm firstfloor_$n 1 %.2f) | $(calc "$(first edit_$n)" %.2f) | ${x}x | $y | $b | $v |"
	done
	echo
	echo "## 4. Memory"
	echo
	echo "The daemon's VmRSS (\`/proc/PID/status\`) once ready, and after the $LAT_REPS"
	echo "edits; VmHWM is its peak. Bytes per article: VmRSS after the edits / N,"
	echo "and the marginal cost between the smallest and each N."
	echo
	echo "| N | VmRSS ready (MiB) | VmRSS after edits (MiB) | VmHWM (MiB) | bytes per article | marginal bytes per article | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		marg=-
		[ "$n" = "$N_MIN" ] || marg=$(calc "(${R[rss_edit_$n]} - ${R[rss_edit_$N_MIN]}) * 1024 / ($n - $N_MIN)" %.0f)
		if [ "$n" = "$nb" ]; then b="<= 100 MB"; v="**${V[4]}**"; else b="-"; v="-"; fi
		echo "| $(nf $n) | $(calc "${R[rss_load_$n]} / 1024" %.1f) | $(calc "${R[rss_edit_$n]} / 1024" %.1f) | $(calc "${R[hwm_$n]} / 1024" %.1f) | $(calc "${R[rss_edit_$n]} * 1024 / $n" %.0f) | $marg | $b | $v |"
	done
	echo

	echo "## 5. Idle cost"
	echo
	echo "The daemon holding N=$nbf articles, untouched for $IDLE_SECONDS s after the"
	echo "edits settled: context switches summed over its threads"
	echo "(\`/proc/PID/task/*/status\`) and utime+stime (\`/proc/PID/stat\`)."
	echo
	set -- ${R[idle_$nb]}
	echo "| N | seconds | voluntary | involuntary | CPU (ms) | bar | verdict |"
	echo "|---:|---:|---:|---:|---:|---|---|"
	echo "| $nbf | $IDLE_SECONDS | $1 | $2 | $3 | 0 wake-ups | **${V[5]}** |"
	echo

	echo "## 6. Start-up"
	echo
	echo "From fork to READY=1 on a \`NOTIFY_SOCKET\` that \`bench/latency\` listens on,"
	echo "with the state file and feeds the last full build left (a restart);"
	echo "against the full build of section 1. For information, the start of the"
	echo "burst test's daemon, with no state file and no feeds, is shown too."
	echo
	echo "| N | start-up (s) | full build (s) | ratio | bar | verdict | start-up without state (s) |"
	echo "|---:|---:|---:|---:|---|---|---:|"
	for n in $SIZES; do
		x=$(calc "$(first start_$n) / $(first once_$n)" %.2f)
		if [ "$n" = "$nb" ]; then b="<= 1.2x"; v="**${V[6]}**"; else b="-"; v="-"; fi
		echo "| $(nf $n) | $(mm start_$n) | $(calc "$(first once_$n)" %.3f) | ${x}x | $b | $v | $(calc "${R[coldstart_$n]}" %.3f) |"
	done
	echo

	echo "## 7. Side by side with Hugo"
	echo
	if [ "$HUGO" != 1 ]; then
		echo "Not run (\`--no-hugo\`, or hugo could not be installed)."
	else
		echo "The same articles (title, date, section, paragraphs; not the \"More"
		echo "from\" navigation) as Hugo content, one folder per section; Hugo's"
		echo "built-in RSS template for the home page (all articles) and each"
		echo "section, \`services.rss.limit = 50\`, article pages not rendered"
		echo "(\`_build.render = \"link\"\`), no HTML output: the nearest Hugo comes to"
		echo "feedd's job. Hugo's feeds carry a summary; feedd's carry the full text"
		echo "and an Atom feed too."
		echo
		echo "Full build: \`hugo --quiet\` into an emptied folder vs \`feedd --once\`."
		echo "Watch mode: \`hugo server --renderToDisk --disableFastRender\` (fast render"
		echo "only re-renders pages a browser visited), the same edit as in 3a to the"
		echo "same article, timed to the \`IN_CLOSE_WRITE\` of the section's and the"
		echo "home page's index.xml. Nothing is subtracted from Hugo's time: its"
		echo "watcher batches events before it rebuilds (a delay that cannot be"
		echo "configured), and it does work outside the \"Total in N ms\" it logs per"
		echo "rebuild; \"Hugo's own\" is that logged figure, for comparison."
		echo
		echo "| N | hugo build (s) | feedd --once (s) | hugo / feedd | bar | verdict |"
		echo "|---:|---:|---:|---:|---|---|"
		for n in $SIZES; do
			[ -n "${R[hugo_$n]:-}" ] || continue
			x=$(calc "$(first hugo_$n) / $(first once_$n)" %.1f)
			if [ "$n" = "$hb" ]; then b=">= 10x"; v="**${V[7a]}**"; else b="-"; v="-"; fi
			echo "| $(nf $n) | $(mm hugo_$n) | $(mm once_$n) | ${x}x | $b | $v |"
		done
		echo
		echo "| N | hugo server edit (ms) | Hugo's own rebuild (ms) | feedd edit (ms) | hugo / feedd | Hugo's own / feedd | bar | verdict |"
		echo "|---:|---:|---:|---:|---:|---:|---|---|"
		for n in $SIZES; do
			[ -n "${R[hugoedit_$n]:-}" ] || continue
			x=$(calc "$(first hugoedit_$n) / $(first edit_$n)" %.1f)
			y=$(calc "$(first hugototal_$n) / $(first edit_$n)" %.1f)
			if [ "$n" = "$hb" ]; then b=">= 10x"; v="**${V[7b]}**"; else b="-"; v="-"; fi
			echo "| $(nf $n) | $(mm hugoedit_$n 1 %.1f) | $(mm hugototal_$n 1 %.0f) | $(mm edit_$n 1 %.2f) | ${x}x | ${y}x | $b | $v |"
		done
	fi
	echo

	echo "## Raw numbers"
	echo
	echo "One line per run, in run order (seconds unless said otherwise)."
	echo
	echo '```'
	for n in $SIZES; do
		dd=$DATA/n$n
		echo "N=$n"
		echo "  readall:          $(tr '\n' ' ' < "$dd/readall.c1")"
		echo "  feedd --once:     $(tr '\n' ' ' < "$dd/once.c1")"
		echo "  --once maxrss KiB: $(tr '\n' ' ' < "$dd/once.c2")"
		echo "  start-up:         $(tr '\n' ' ' < "$dd/start")"
		echo "  first edit after a restart ms (net): $(tr '\n' ' ' < "$dd/firstedit.c2")"
		echo "  its disk floor ms: $(tr '\n' ' ' < "$dd/firstedit.c3")"
		echo "  edit ms (net):    $(tr '\n' ' ' < "$dd/edit.c2")"
		echo "  disk floor ms:    $(tr '\n' ' ' < "$dd/edit.c3")"
		echo "  files an edit rewrote: $(tr '\n' ' ' < "$dd/edit.c4")"
		echo "  burst ms (from first write, from last close, writing): $(tr '\n' ';' < "$dd/burst")"
		echo "  --once on burst:  $(tr '\n' ' ' < "$dd/burstonce.c1")"
		echo "  burst writes alone ms: $(tr '\n' ' ' < "$dd/copy")"
		if [ -f "$dd/hugo.c1" ]; then
			echo "  hugo build:       $(tr '\n' ' ' < "$dd/hugo.c1")"
			echo "  hugo server edit ms: $(tr '\n' ' ' < "$dd/hugoedit.c1")"
			echo "  hugo 'Total in' ms:  $(tr '\n' ' ' < "$dd/hugototal")"
		fi
	done
	echo '```'
} > "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
[ $KEEP = 1 ] || rm -rf "$BIN" "$DATA" "$WORK"/n[0-9]*
rmdir "$WORK" 2>/dev/null || true
log "done in $(( ($(date +%s) - T_START) / 60 )) min: $RESULTS"
