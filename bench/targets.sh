#!/usr/bin/env bash
# bench/targets.sh — the throughput targets of docs/performance.md ("Targets"), each as a ratio computed in every round
# of paired runs (bench/paired.py), so that "in every run" can be read off: median, minimum and maximum of the ratio.
#
# Usage: bench/targets.sh [SECTION...]      SECTION: moves copies plan (default: all three)
#   moves   20,000 files in 200 folders: (CLI moves - CLI no-op) / rename floor, and the same with --json; then the two
#           durability modes each against the floor that does what it does: --durability Fast (no flush) against the
#           floor, and the default (Full: the touched folders flushed) against `rename_floor && sync`
#   copies  8 x 128 MiB: (CLI copies - CLI copying one small file) / cp -r, with --durability Fast; and with the
#           default (Full) against `cp -r && sync`
#   plan    scan + plan of 10,000 and 100,000 files (100 per folder), warm, in-process: time per file at both sizes
#           (BenchmarkDotNet PlanningBenchmarks), i.e. whether planning is linear (100k / 10k <= 11)
#
# Environment: CLI (the ae-updater executable to measure; default: the Release build's apphost, built if missing; for the
#              installed tool use the one bench/startup.sh tool installs), ROUNDS (default 8), BENCH_TMP (default $TMPDIR
#              or /tmp), FILES/FOLDERS (moves tree, default 20000/200), BIG_COUNT/BIG_MIB (default 8/128).
# Every run is preceded (untimed) by a fresh copy of its tree and `sync`, so that no write-back of an earlier run or of
# the preparation overlaps the measured run. Nothing is written to the real home: HOME points into the work folder.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(moves copies plan)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

ROUNDS="${ROUNDS:-8}"
BIG_COUNT="${BIG_COUNT:-8}"
BIG_MIB="${BIG_MIB:-128}"
. "$here/common.sh"
bench_work aeupd-targets
mkdir -p "$work/empty"
bench_harness
CLI="${CLI:-$repo/src/AppEnvUpdater.Cli/bin/Release/net10.0/ae-updater}"
[ -x "$CLI" ] || dotnet build "$repo/src/AppEnvUpdater.Cli" -c Release -nologo -v q >/dev/null
cc -O2 -o "$work/rename_floor" "$here/floor/rename_floor.c"

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; CLI: $CLI"

if want moves; then
    echo
    echo "== moves: $FILES files in $FOLDERS folders"
    moves_tree
    w="$work/moves"
    prep="rm -rf $w $w-floor; cp -r $moves_src $w; sync"
    "$here/paired.py" "$ROUNDS" "$prep" "(moves - noop) / floor" \
        "floor=$work/rename_floor $w/ae_updater_moves $w-floor" \
        "noop=$CLI check-all --root $work/empty -p usr=$w/usr --state-dir $w/state" \
        "moves=$CLI check-all --root $w -p usr=$w/usr --state-dir $w/state"
    "$here/paired.py" "$ROUNDS" "$prep" "(json - noop) / floor" \
        "floor=$work/rename_floor $w/ae_updater_moves $w-floor" \
        "noop=$CLI check-all --json --root $work/empty -p usr=$w/usr --state-dir $w/state" \
        "json=$CLI check-all --json --root $w -p usr=$w/usr --state-dir $w/state"
    "$here/paired.py" "$ROUNDS" "$prep" "(fast - noop) / floor" \
        "floor=$work/rename_floor $w/ae_updater_moves $w-floor" \
        "noop=$CLI check-all --root $work/empty -p usr=$w/usr --state-dir $w/state" \
        "fast=$CLI check-all --durability Fast --root $w -p usr=$w/usr --state-dir $w/state"
    "$here/paired.py" "$ROUNDS" "$prep" "(moves - noop) / floorsync" \
        "floorsync=sh -c '$work/rename_floor $w/ae_updater_moves $w-floor && sync'" \
        "noop=$CLI check-all --root $work/empty -p usr=$w/usr --state-dir $w/state" \
        "moves=$CLI check-all --root $w -p usr=$w/usr --state-dir $w/state"
fi

if want copies; then
    echo
    echo "== large copies: $BIG_COUNT x $BIG_MIB MiB"
    [ -d "$work/big-src" ] || dotnet "$bench_dll" gen large "$work/big-src/ae_updater_copies" "$BIG_COUNT" "$BIG_MIB"
    mkdir -p "$work/small-src/ae_updater_copies"
    echo "one small file" > "$work/small-src/ae_updater_copies/small.txt"
    d="$work/copies-out"
    prep="rm -rf $d; mkdir -p $d; sync"
    "$here/paired.py" "$ROUNDS" "$prep" "(copies - small) / cp" \
        "cp=cp -r $work/big-src/ae_updater_copies $d/cp" \
        "small=$CLI check-all --durability Fast --root $work/small-src -p usr=$d/small --state-dir $d/state-small" \
        "copies=$CLI check-all --durability Fast --root $work/big-src -p usr=$d/big --state-dir $d/state-big"
    "$here/paired.py" "$ROUNDS" "$prep" "(copies - small) / cpsync" \
        "cpsync=sh -c 'cp -r $work/big-src/ae_updater_copies $d/cp && sync'" \
        "small=$CLI check-all --root $work/small-src -p usr=$d/small --state-dir $d/state-small" \
        "copies=$CLI check-all --root $work/big-src -p usr=$d/big --state-dir $d/state-big"
fi

if want plan; then
    echo
    echo "== planning, warm, in-process (BenchmarkDotNet)"
    (cd "$repo" && dotnet run -c Release --project bench/AeUpdater.Benchmarks -- --filter '*PlanningBenchmarks*' 2>&1 \
        | grep -E '^\| *(Method|ScanAndPlan)|^\|-' || true)
fi
