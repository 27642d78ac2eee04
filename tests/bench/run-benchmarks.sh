#!/bin/sh
# Builds Routemap and the benchmark tools, generates the S, M and L clusters (and the 60 MB YAML), and
# measures them. Results go to stdout; docs/BENCHMARKS.md records a run.
#
#   tests/bench/run-benchmarks.sh [SIZES] [RUNS]      e.g.  tests/bench/run-benchmarks.sh "S M L yaml" 3
#
# Needs /usr/bin/time (GNU time). The Graphviz comparison uses `dot` (Debian package graphviz) when
# installed, else routemap-dot (the same through libgvc). Environment: BUILD (build directory), DATA
# (where inputs are generated), SKIP_BUILD=1, DOT_TIMEOUT and RENDER_TIMEOUT (seconds).
set -eu

SIZES=${1:-"S M L yaml"}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/default}
DATA=${DATA:-$BUILD/bench-data}
JOBS=${JOBS:-2}

# SKIP_BUILD=1 measures the binaries as they are.
if [ -z "${SKIP_BUILD:-}" ]; then
    cmake --build "$BUILD" -j"$JOBS" --target routemap routemap-gencluster routemap-bench routemap-dot >/dev/null
fi
ROUTEMAP=$BUILD/app/routemap
GEN=$BUILD/tests/bench/routemap-gencluster
BENCH=$BUILD/tests/bench/routemap-bench
# `dot -Tsvg`, or the same through libgvc when the graphviz tools are not installed.
DOT=$(command -v dot || echo "$BUILD/tests/bench/routemap-dot")
DOT_TIMEOUT=${DOT_TIMEOUT:-900}
RENDER_TIMEOUT=${RENDER_TIMEOUT:-900}
mkdir -p "$DATA"

# Median of the numbers on stdin.
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs a command RUNS times under GNU time; prints "wall_s peak_MB" medians. Exit code 1 of `check`
# (findings) is expected.
measure() {
    walls=""
    rss=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %M" -o "$DATA/time.out" "$@" >/dev/null 2>&1 || true
        # The last line: GNU time writes "Command exited with non-zero status 1" before it.
        walls="$walls $(tail -n 1 "$DATA/time.out" | cut -d' ' -f1)"
        rss="$rss $(tail -n 1 "$DATA/time.out" | cut -d' ' -f2)"
        i=$((i + 1))
    done
    w=$(printf '%s\n' $walls | median)
    r=$(printf '%s\n' $rss | median)
    echo "$w $((${r%.*} / 1024))"
}

for size in $SIZES; do
    if [ "$size" = yaml ]; then
        input=$DATA/flat-50000.yaml
        [ -f "$input" ] || "$GEN" --flat 50000 --seed 1 -o "$input"
    else
        input=$DATA/cluster-$size.json
        [ -f "$input" ] || "$GEN" --size "$size" --seed 1 --dot "$DATA/cluster-$size.dot" -o "$input"
    fi
    echo "== $size: $(du -h "$input" | cut -f1) $(basename "$input")"
    "$BENCH" --runs "$RUNS" "$input" | sed 's/^/   /'
    set -- $(measure "$ROUTEMAP" check "$input")
    echo "   routemap check   $1 s  $2 MB"
    if [ "$size" != yaml ]; then
        set -- $(measure timeout "$RENDER_TIMEOUT" env QT_QPA_PLATFORM=offscreen "$ROUTEMAP" render "$input" -o "$DATA/map-$size.svg")
        echo "   routemap render  $1 s  $2 MB"
        render=$1
        # Graphviz on one node per Pod: once, with a time limit (it takes minutes from M on).
        if [ "$(basename "$DOT")" = dot ]; then dotargs="-Tsvg $DATA/cluster-$size.dot -o $DATA/naive-$size.svg"
        else dotargs="$DATA/cluster-$size.dot $DATA/naive-$size.svg"; fi
        if /usr/bin/time -f "%e %M" -o "$DATA/time.out" timeout "$DOT_TIMEOUT" "$DOT" $dotargs >/dev/null 2>&1; then
            set -- $(tail -n 1 "$DATA/time.out")
            echo "   dot -Tsvg naive  $1 s  $(($2 / 1024)) MB  (dot / render = $(awk "BEGIN { printf \"%.1f\", $1 / ($render > 0 ? $render : 0.01) }"))"
        else
            echo "   dot -Tsvg naive  > $DOT_TIMEOUT s (stopped)"
        fi
    fi
done
