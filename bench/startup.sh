#!/usr/bin/env bash
# bench/startup.sh — what the first AppEnvUpdater.CheckAll of a fresh process costs, and what `ae-updater check-all`
# with nothing to do costs (docs/performance.md, "Start-up").
#
# Usage: bench/startup.sh [SECTION...]     SECTION: lib package plugin cli tool (default: lib package plugin cli)
#   lib     bench/StartupApp, plain (JIT) build and ReadyToRun publish: `none` (Main returns at once) against
#           `check-all` (Main calls CheckAll(new UpdaterOptions { AppName = ... }) on its own folder, no drop-ins)
#   package the same app as a user builds it: a new project (the harness's Program.cs) with a PackageReference to the
#           AeUpdater package packed from this repository (which carries ReadyToRun code for linux-x64 next to the IL),
#           built plain (dotnet build -c Release, no ReadyToRun of its own): `none` against `check-all`
#   plugin  the same app on a root holding only the every-start plugin ae_pre_app_run.dll (the EveryStart test plugin,
#           returns true), against `check-all` on the no-op root
#   cli     `ae-updater check-all --root EMPTY` of the Release build (JIT) and of a ReadyToRun publish, against the
#           app's `none` (a .NET hello world that prints nothing)
#   tool    packs the tool and installs it with `dotnet tool install --tool-path` (as a user does: on linux-x64 the
#           ReadyToRun package AeUpdater.Cli.linux-x64), then times `ae-updater check-all` of the installed tool against
#           the same hello world
#
# Environment: ROUNDS (default 30), WARMUP (default 3), NO_BUILD=1 (reuse the last build in $BENCH_TMP/aeupd-startup),
#              BENCH_TMP (default $TMPDIR or /tmp).
# Needs: the .NET 10 SDK, python3; hyperfine for the cross-check runs (apt-get install -y hyperfine).
#
# Timing: bench/interleave.py runs every command once per round, rotating the order each round, and reports medians
# and the median of the per-round differences to the first command (the baseline). hyperfine -N then measures the
# same commands again (not interleaved) as a cross-check; compare ratios, not absolute times, across machines.
# Nothing is written to the real home: HOME points into the work folder.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(lib package plugin cli)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

ROUNDS="${ROUNDS:-30}"
WARMUP="${WARMUP:-3}"
work="${BENCH_TMP:-${TMPDIR:-/tmp}}/aeupd-startup"
mkdir -p "$work"
export HOME="$work/home"
unset XDG_CONFIG_HOME XDG_DATA_HOME
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$HOME" "$work/empty"
has_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && has_hyperfine=1

# A runtime-specific publish restores for linux-x64 and would add that target to the committed lock files of the
# referenced projects (CI restores them in locked mode): they are put back afterwards.
publish_r2r() {
    local project="$1" out="$2" locks
    locks="$(cd "$repo" && git ls-files '*packages.lock.json')"
    (cd "$repo" && tar -cf "$work/locks.tar" $locks)
    dotnet publish "$repo/$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$out" -nologo -v q >/dev/null || { (cd "$repo" && tar -xf "$work/locks.tar"); return 1; }
    (cd "$repo" && tar -xf "$work/locks.tar")
}

app_jit="$repo/bench/StartupApp/bin/Release/net10.0/StartupApp"
app_r2r="$work/app-r2r/StartupApp"
cli_jit="$repo/src/AppEnvUpdater.Cli/bin/Release/net10.0/ae-updater"
cli_r2r="$work/cli-r2r/ae-updater"
if [ "${NO_BUILD:-0}" != 1 ]; then
    echo "== building (Release; ReadyToRun publishes into $work)"
    dotnet build "$repo/bench/StartupApp" -c Release -nologo -v q >/dev/null
    publish_r2r bench/StartupApp "$work/app-r2r"
    if want plugin; then
        dotnet build "$repo/tests/TestPlugins/EveryStart" -c Release -nologo -v q -o "$work/plugin-build" >/dev/null
    fi
    if want cli; then
        dotnet build "$repo/src/AppEnvUpdater.Cli" -c Release -nologo -v q >/dev/null
        publish_r2r src/AppEnvUpdater.Cli "$work/cli-r2r"
    fi
fi

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(dotnet --version) SDK"
for app in "$app_jit" "$app_r2r"; do
    echo "-- what the first call loads and compiles ($app trace):"
    "$app" trace | sed 's/^/   /'
done

cross_check() { # NAME=COMMAND ...
    [ "$has_hyperfine" = 1 ] || return 0
    local args=() spec
    for spec in "$@"; do args+=(-n "${spec%%=*}" "${spec#*=}"); done
    echo "-- hyperfine cross-check (sequential, not interleaved):"
    hyperfine -N --warmup "$WARMUP" --runs "$ROUNDS" --style basic "${args[@]}" 2>&1 | grep -E '^(Benchmark|  Time|  Range|    [0-9.]+ ± [0-9.]+ times faster|  [^ ].* ran$)' | sed 's/^/   /'
}

if want lib; then
    echo
    echo "== first no-op CheckAll in a fresh process (root: the app's folder, no drop-ins; no state directory)"
    "$here/interleave.py" "$ROUNDS" "$WARMUP" \
        "jit-none=$app_jit none" "jit-check-all=$app_jit check-all" \
        "r2r-none=$app_r2r none" "r2r-check-all=$app_r2r check-all"
    echo "   added by the call: the paired differences jit-check-all - jit-none and r2r-check-all - r2r-none"
    "$here/interleave.py" "$ROUNDS" 1 "r2r-none=$app_r2r none" "r2r-check-all=$app_r2r check-all"
    cross_check "jit-none=$app_jit none" "jit-check-all=$app_jit check-all"
    cross_check "r2r-none=$app_r2r none" "r2r-check-all=$app_r2r check-all"
fi

if want package; then
    echo
    echo "== first no-op CheckAll of an app built plain against the packed AeUpdater package (ReadyToRun code inside)"
    app_pkg="$work/pkgapp/bin/Release/net10.0/StartupApp"
    if [ "${NO_BUILD:-0}" != 1 ] || [ ! -x "$app_pkg" ]; then
        rm -rf "$work/pkgfeed" "$work/pkgapp" "$work/pkgapp-packages"
        mkdir -p "$work/pkgapp"
        dotnet pack "$repo/src/Placeholders" -c Release -o "$work/pkgfeed" -nologo -v q >/dev/null
        dotnet pack "$repo/src/AppEnvUpdater" -c Release -o "$work/pkgfeed" -nologo -v q >/dev/null
        version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props")"
        cat > "$work/pkgapp/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/pkgapp-packages" /></config>
  <packageSources><add key="local" value="$work/pkgfeed" /></packageSources>
</configuration>
XML
        cat > "$work/pkgapp/StartupApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <AssemblyName>StartupApp</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="AeUpdater" Version="$version" />
  </ItemGroup>
</Project>
XML
        sed 's/^namespace AeUpdater.StartupApp;/using AeUpdater;\n\nnamespace PackagedStartupApp;/' "$repo/bench/StartupApp/Program.cs" > "$work/pkgapp/Program.cs"
        (cd "$work/pkgapp" && dotnet build -c Release -nologo -v q >/dev/null)
    fi
    echo "-- what the first call loads and compiles ($app_pkg trace):"
    "$app_pkg" trace | sed 's/^/   /'
    "$here/interleave.py" "$ROUNDS" "$WARMUP" \
        "pkg-none=$app_pkg none" "pkg-check-all=$app_pkg check-all" "jit-none=$app_jit none" "jit-check-all=$app_jit check-all"
    cross_check "pkg-none=$app_pkg none" "pkg-check-all=$app_pkg check-all"
fi

if want plugin; then
    echo
    echo "== first CheckAll with only an every-start plugin (ae_pre_app_run.dll returning true) in the root"
    mkdir -p "$work/plugin-root"
    chmod 755 "$work/plugin-root"
    cp "$work/plugin-build/ae_pre_app_run.dll" "$work/plugin-root/"
    # Own state directories (app names), so that the no-op case never finds the plugin's state.
    "$app_jit" check-all "$work/plugin-root" PluginJit >/dev/null
    "$app_r2r" check-all "$work/plugin-root" PluginR2r >/dev/null
    "$here/interleave.py" "$ROUNDS" "$WARMUP" \
        "jit-check-all=$app_jit check-all" "jit-plugin=$app_jit check-all $work/plugin-root PluginJit" \
        "r2r-check-all=$app_r2r check-all" "r2r-plugin=$app_r2r check-all $work/plugin-root PluginR2r"
    "$here/interleave.py" "$ROUNDS" 1 "r2r-check-all=$app_r2r check-all" "r2r-plugin=$app_r2r check-all $work/plugin-root PluginR2r"
    echo "-- what the plugin call loads and compiles (JIT build):"
    "$app_jit" trace "$work/plugin-root" PluginJit | sed 's/^/   /'
fi

if want cli; then
    echo
    echo "== ae-updater check-all with nothing to do (empty root, no state directory)"
    cd "$work/empty"
    "$here/interleave.py" "$ROUNDS" "$WARMUP" \
        "hello=$app_jit none" "cli-jit=$cli_jit check-all --root $work/empty" "cli-r2r=$cli_r2r check-all --root $work/empty"
    cross_check "hello=$app_jit none" "cli-jit=$cli_jit check-all --root $work/empty" "cli-r2r=$cli_r2r check-all --root $work/empty"
    cd "$repo"
fi

if want tool; then
    echo
    echo "== the installed tool (dotnet pack, dotnet tool install --tool-path)"
    rm -rf "$work/feed" "$work/tool" "$work/tool-packages"
    dotnet pack "$repo/src/AppEnvUpdater.Cli" -c Release -o "$work/feed" -nologo -v q >/dev/null
    version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props")"
    NUGET_PACKAGES="$work/tool-packages" dotnet tool install AeUpdater.Cli --version "$version" --tool-path "$work/tool" \
        --add-source "$work/feed" >/dev/null
    # The RID package of this machine (ReadyToRun), or the portable 'any' package where no RID package matches.
    echo "-- installed: $(readlink -f "$work/tool/ae-updater")"
    python3 "$repo/.ci/readytorun.py" "$(dirname "$(readlink -f "$work/tool/ae-updater")")" ae-updater.dll AeUpdater.dll | sed 's/^/   /' || true
    cd "$work/empty"
    "$here/interleave.py" "$ROUNDS" "$WARMUP" "hello=$app_jit none" "tool=$work/tool/ae-updater check-all --root $work/empty"
    cross_check "hello=$app_jit none" "tool=$work/tool/ae-updater check-all --root $work/empty"
    cd "$repo"
fi
