#!/usr/bin/env bash
# bench/compare.sh — whole-process comparison of the updater against the system's floor.
#
# Needs: hyperfine  (Debian/Ubuntu: apt-get update && apt-get install -y hyperfine)
#        a C compiler (cc), the .NET 10 SDK, python3; strace for the `strace` section, /usr/bin/time for `plan`.
#
# Usage: bench/compare.sh [SECTION...]       SECTION: moves copies startup strace plan (default: all five)
#
# Environment:
#   AE_CLI      path to ae-updater.dll; it is run as `dotnet $AE_CLI check-all --root R --placeholder usr=D`.
#               Default: the harness in bench/AeUpdater.Benchmarks (`AeUpdater.Benchmarks.dll check-all`, same
#               arguments plus --home TEMP), which calls AppEnvUpdater.CheckAll once, as the CLI does.
#   BENCH_TMP   where the trees go (default: $TMPDIR or /tmp). Sources and destinations are on this one file system.
#   FILES, FOLDERS       the moves tree (default 20000 files in 200 folders)
#   BIG_COUNT, BIG_MIB   the large copies (default 8 files of 128 MiB)
#   STRACE_FILES         files moved under strace (default 10000, in 100 folders)
#   RUNS                 hyperfine runs per command (default 10; 5 for the large copies)
#   NO_BUILD=1           use the existing Release build of the harness
#
# Every tree is generated once and copied into place by hyperfine's --prepare before each run (outside the
# measured region, followed by `sync` so that write-back of the preparation does not overlap the measurement).
# The temporary folder is removed at the end. Nothing is written to the real home: HOME points into the
# temporary folder for every measured command.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "compare.sh: hyperfine is not installed. Install it with:" >&2
    echo "    apt-get update && apt-get install -y hyperfine     (or: cargo install hyperfine)" >&2
    exit 2
fi

sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(moves copies startup strace plan)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

FILES="${FILES:-20000}"
FOLDERS="${FOLDERS:-200}"
BIG_COUNT="${BIG_COUNT:-8}"
BIG_MIB="${BIG_MIB:-128}"
STRACE_FILES="${STRACE_FILES:-10000}"
RUNS="${RUNS:-10}"

tmp_parent="${BENCH_TMP:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$tmp_parent/aeupd-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
results="$work/results"
mkdir -p "$results" "$work/home"
export HOME="$work/home"

bench_proj="$repo/bench/AeUpdater.Benchmarks"
bench_dll="$bench_proj/bin/Release/net10.0/AeUpdater.Benchmarks.dll"
if [ "${NO_BUILD:-0}" != 1 ]; then
    dotnet build "$bench_proj" -c Release -nologo -v q >/dev/null
fi

# The command under test: the real CLI when AE_CLI is set, else the harness.
if [ -n "${AE_CLI:-}" ]; then
    cli=(dotnet "$AE_CLI" check-all)
    cli_name="ae-updater CLI ($AE_CLI)"
else
    cli=(dotnet "$bench_dll" check-all --home "$work/home")
    cli_name="harness (AeUpdater.Benchmarks check-all)"
fi
cli_str="${cli[*]}"
echo "== command under test: $cli_name"
echo "== trees in $work ($(df -T "$work" | awk 'NR==2 {print $1" "$2}'))"

gen() { dotnet "$bench_dll" gen "$@"; }

# No-op root: 50 unrelated folders (one file each) and 50 unrelated files, no drop-ins.
mkdir -p "$work/noop"
gen clutter "$work/noop/root" 50
noop_cmd="$cli_str --root $work/noop/root --placeholder usr=$work/noop/usr"

# mean_of FILE NAME -> mean seconds of the named command in a hyperfine JSON export
mean_of() {
    python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["command"]==sys.argv[2]][0]; print(r["mean"])' "$1" "$2"
}
ratio() { python3 -c 'import sys; a,b=map(float,sys.argv[1:3]); print(f"{a/b:.2f}")' "$1" "$2"; }
ms() { python3 -c 'import sys; print(f"{float(sys.argv[1])*1000:.1f} ms")' "$1"; }

if want moves; then
    echo
    echo "== moves: $FILES files in $FOLDERS folders"
    cc -O2 -o "$work/rename_floor" "$here/floor/rename_floor.c"
    gen small "$work/tmpl-moves/ae_updater_moves" "$FILES" "$FOLDERS"
    m="$work/m"
    prepare="rm -rf $m && mkdir -p $m/root $m/usr && cp -a $work/tmpl-moves/ae_updater_moves $m/root/ && sync"
    hyperfine --runs "$RUNS" --warmup 1 --prepare "$prepare" \
        --export-json "$results/moves.json" --export-markdown "$results/moves.md" \
        -n floor "$work/rename_floor $m/root/ae_updater_moves $m/usr" \
        -n cli-noop "$noop_cmd" \
        -n cli-moves "$cli_str --root $m/root --placeholder usr=$m/usr"
    floor=$(mean_of "$results/moves.json" floor)
    noop=$(mean_of "$results/moves.json" cli-noop)
    moves=$(mean_of "$results/moves.json" cli-moves)
    net=$(python3 -c "print($moves-$noop)")
    echo "RESULT moves: floor $(ms "$floor"), CLI no-op $(ms "$noop"), CLI moves $(ms "$moves"), CLI moves - no-op $(ms "$net")"
    echo "RESULT ratio (CLI moves - CLI no-op) / rename floor = $(ratio "$net" "$floor")   (target <= 1.5)"
    rm -rf "$work/tmpl-moves" "$m"
fi

if want copies; then
    echo
    echo "== copies: $BIG_COUNT x $BIG_MIB MiB"
    c="$work/c"
    gen large "$c/root/ae_updater_copies" "$BIG_COUNT" "$BIG_MIB"
    cat "$c"/root/ae_updater_copies/* >/dev/null # sources in the page cache for every command alike
    prepare="rm -rf $c/usr $c/cp-dst && sync"
    hyperfine --runs "${RUNS_BIG:-5}" --warmup 1 --prepare "$prepare" \
        --export-json "$results/copies.json" --export-markdown "$results/copies.md" \
        -n cp-r "cp -r $c/root/ae_updater_copies $c/cp-dst" \
        -n cp-r+sync "cp -r $c/root/ae_updater_copies $c/cp-dst && sync" \
        -n cli-copies "$cli_str --root $c/root --placeholder usr=$c/usr"
    cp_r=$(mean_of "$results/copies.json" cp-r)
    cp_sync=$(mean_of "$results/copies.json" cp-r+sync)
    copies=$(mean_of "$results/copies.json" cli-copies)
    echo "RESULT copies: cp -r $(ms "$cp_r"), cp -r + sync $(ms "$cp_sync"), CLI $(ms "$copies")"
    echo "RESULT ratio CLI copies / cp -r = $(ratio "$copies" "$cp_r")   (target <= 1.25)"
    echo "RESULT ratio CLI copies / (cp -r + sync) = $(ratio "$copies" "$cp_sync")   (the CLI flushes each file to disk; cp does not)"
    rm -rf "$c"
fi

if want startup; then
    echo
    echo "== start-up: first CheckAll in a fresh process (no-op root), minus the empty Main, per runtime setting"
    r2r="$work/r2r"
    # ReadyToRun publish of the harness. The RID-specific restore writes its lock file aside, not in the repo.
    dotnet publish "$bench_proj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -p:NuGetLockFilePath="$work/publish.packages.lock.json" -o "$r2r" -nologo -v q >/dev/null
    args="--home $work/home --root $work/noop/root --placeholder usr=$work/noop/usr"
    run_pair() { # NAME DLL ENV...
        local name="$1" dll="$2"; shift 2
        local envs="env $*"
        hyperfine -N --runs "${RUNS_STARTUP:-30}" --warmup 3 --export-json "$results/startup-$name.json" \
            -n empty "$envs dotnet $dll empty" \
            -n check-all "$envs dotnet $dll check-all $args" >/dev/null
        local e c
        e=$(mean_of "$results/startup-$name.json" empty)
        c=$(mean_of "$results/startup-$name.json" check-all)
        local inproc
        inproc=$($envs dotnet "$dll" check-all $args --time 2>&1 | sed -n 's/check-all: \([0-9.]*\) ms.*/\1/p')
        printf 'RESULT startup %-28s empty Main %8s   check-all %8s   difference %8s   in-process first call %s ms\n' \
            "$name" "$(ms "$e")" "$(ms "$c")" "$(ms "$(python3 -c "print($c-$e)")")" "$inproc"
    }
    run_pair jit "$bench_dll" X_NONE=1
    run_pair jit-TieredPGO=0 "$bench_dll" DOTNET_TieredPGO=0
    run_pair jit-TieredCompilation=0 "$bench_dll" DOTNET_TieredCompilation=0
    run_pair jit-TC_QuickJitForLoops=0 "$bench_dll" DOTNET_TC_QuickJitForLoops=0
    run_pair jit-InvariantGlobalization "$bench_dll" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
    run_pair r2r "$r2r/AeUpdater.Benchmarks.dll" X_NONE=1
    run_pair r2r-TieredPGO=0 "$r2r/AeUpdater.Benchmarks.dll" DOTNET_TieredPGO=0
    run_pair r2r-InvariantGlobalization "$r2r/AeUpdater.Benchmarks.dll" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

if want strace; then
    echo
    echo "== strace -c -f: a $STRACE_FILES-file move, minus the no-op run"
    gen small "$work/s/root/ae_updater_moves" "$STRACE_FILES" "$((STRACE_FILES / 100))"
    strace -c -f -o "$results/strace-noop.txt" $noop_cmd
    strace -c -f -o "$results/strace-moves.txt" $cli_str --root "$work/s/root" --placeholder "usr=$work/s/usr"
    python3 - "$results/strace-noop.txt" "$results/strace-moves.txt" "$STRACE_FILES" <<'PY'
import sys
def load(path):
    calls = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] not in ("total",):
            name = parts[-1]
            calls[name] = int(parts[3])
    return calls
noop, moves, files = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
delta = {k: moves.get(k, 0) - noop.get(k, 0) for k in set(noop) | set(moves)}
delta = {k: v for k, v in delta.items() if v > 0}
total = sum(delta.values())
print(f"RESULT syscalls per moved file (moves - no-op) / {files} = {total / files:.2f}")
for name, count in sorted(delta.items(), key=lambda kv: -kv[1])[:15]:
    print(f"RESULT   {name:<20} {count:>8}  {count / files:6.2f} per file")
PY
    rm -rf "$work/s"
fi

if want plan; then
    echo
    echo "== plan only (scan + plan, no execution): time and peak working set, 10k vs 100k files"
    for n in 10000 100000; do
        gen small "$work/p$n/root/ae_updater_moves" "$n" "$((n / 100))"
        out=$(/usr/bin/time -v dotnet "$bench_dll" plan --home "$work/home" --root "$work/p$n/root" --placeholder "usr=$work/p$n/usr" 2>"$results/time-$n.txt")
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$results/time-$n.txt")
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$results/time-$n.txt")
        echo "RESULT plan $n files: $out  max_rss_mib=$((rss / 1024)) process_wall=$wall"
        rm -rf "$work/p$n"
    done
fi
