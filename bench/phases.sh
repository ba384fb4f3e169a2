#!/usr/bin/env bash
# bench/phases.sh — where a moves run of `ae-updater check-all` spends its time, phase by phase.
#
# Builds the ReadyToRun CLI of HEAD with bench/phases.patch applied (in a temporary worktree; the patch only adds a line
# to stderr at the end of each phase: a timestamp, the collections so far, their pause time, the bytes allocated), runs
# it ROUNDS times on a fresh copy of bench/targets.sh's moves tree (bench/common.sh: 20,000 files in 200 folders) and prints, for each
# phase, the median of its duration and what the collector did in it. The phases are a run's own: process start to Main
# is not seen (the no-op run pays it too); compare bench/targets.sh for whole-process ratios.
#
# Usage: bench/phases.sh [CHECK-ALL OPTIONS...]     e.g. bench/phases.sh --durability Fast, bench/phases.sh --json
# Environment: ROUNDS (default 6), BENCH_TMP (default $TMPDIR or /tmp), FILES/FOLDERS (default 20000/200).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-6}"
. "$here/common.sh"
bench_work aeupd-phases

src="$work/src"
rm -rf "$src"
git -C "$repo" worktree prune
git -C "$repo" worktree add -q --detach "$src" HEAD
trap 'git -C "$repo" worktree remove --force "$src"' EXIT
git -C "$src" apply "$here/phases.patch"
dotnet publish "$src/src/AppEnvUpdater.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/cli" -nologo -v q >/dev/null

moves_tree

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; HEAD $(git -C "$repo" rev-parse --short HEAD); options: $*"
w="$work/moves"
for r in $(seq "$ROUNDS"); do
    rm -rf "$w"
    cp -r "$moves_src" "$w"
    sync
    "$work/cli/ae-updater" check-all "$@" --root "$w" -p "usr=$w/usr" --state-dir "$w/state" 2>&1 >/dev/null \
        | grep '^PHASE ' > "$work/round-$r.txt" || true
done

python3 - "$work" "$ROUNDS" <<'PY'
import statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
phases = {}   # name -> list of (ms, gen0, gen1, gen2, pause ms, MiB)
order = []
for r in range(1, rounds + 1):
    prev = None
    for line in open(f"{work}/round-{r}.txt"):
        _, ticks, freq, g0, g1, g2, pause, alloc, name = line.rstrip("\n").split(" ", 8)
        now = (int(ticks) / int(freq) * 1000, int(g0), int(g1), int(g2), float(pause), int(alloc) / 1048576)
        if prev is not None:
            if name not in phases:
                phases[name] = []
                order.append(name)
            phases[name].append(tuple(b - a for a, b in zip(prev, now)))
        prev = now
med = lambda xs: statistics.median(xs)
print(f"{'phase (median of %d runs)' % rounds:46} {'ms':>8} {'gen0/1/2':>10} {'pause ms':>9} {'MiB alloc':>10}")
total = 0.0
for name in order:
    rows = phases[name]
    ms = med([x[0] for x in rows]); total += ms
    print(f"{name:46} {ms:8.1f} {med([x[1] for x in rows]):>4.0f}/{med([x[2] for x in rows]):.0f}/{med([x[3] for x in rows]):.0f}"
          f" {med([x[4] for x in rows]):9.1f} {med([x[5] for x in rows]):10.2f}")
print(f"{'sum of the medians, Main to its return':46} {total:8.1f}")
PY
