# bench/common.sh — sourced by bench/targets.sh and bench/phases.sh (after they set $repo): their work folder, and the
# moves tree they share. Nothing is written to the real home: HOME points into the work folder.

# bench_work NAME: $work is $BENCH_TMP/NAME (default $TMPDIR or /tmp), created, with the home inside it.
bench_work() {
    work="${BENCH_TMP:-${TMPDIR:-/tmp}}/$1"
    mkdir -p "$work"
    export HOME="$work/home" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    unset XDG_CONFIG_HOME XDG_DATA_HOME
    mkdir -p "$HOME"
}

# The benchmarks' harness (it generates the trees), built when missing.
bench_dll="$repo/bench/AeUpdater.Benchmarks/bin/Release/net10.0/AeUpdater.Benchmarks.dll"
bench_harness() {
    [ -f "$bench_dll" ] || dotnet build "$repo/bench/AeUpdater.Benchmarks" -c Release -nologo -v q >/dev/null
}

# The moves tree of the moves target: $FILES files (default 20,000) in $FOLDERS folders (default 200), under
# $moves_src/ae_updater_moves; generated once, then copied before each run.
FILES="${FILES:-20000}"
FOLDERS="${FOLDERS:-200}"
moves_src="${BENCH_TMP:-${TMPDIR:-/tmp}}/aeupd-targets/moves-src"
moves_tree() {
    bench_harness
    [ -d "$moves_src" ] || dotnet "$bench_dll" gen small "$moves_src/ae_updater_moves" "$FILES" "$FOLDERS"
}
