#!/usr/bin/env bash
# Delivery benchmarks for docs/performance.md. Needs: hyperfine, curl, python3 (a static file server).
# Usage: bash bench/delivery.sh [WORK_DIR]   (default /tmp/delivery-bench)
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/delivery-bench}
rm -rf "$work" && mkdir -p "$work"
dotnet build "$repo_root/src/AppEnvUpdater.Cli" -c Release -o "$work/cli" -v q >/dev/null
dotnet build "$repo_root/bench/DeliveryBench" -c Release -o "$work/bench" -v q >/dev/null
cli="dotnet $work/cli/ae-updater.dll"
bench="dotnet $work/bench/AeUpdater.DeliveryBench.dll"
port=8765

# 1. Patches: two consecutive publish outputs of the sample app (a one-line change in between).
dotnet publish "$repo_root/sample-app/SampleApp" -c Release -o "$work/v1" -v q >/dev/null
sed -i 's/var reset = args.Contains/var reset = args.Length > 0 \&\& args.Contains/' "$repo_root/sample-app/SampleApp/Program.cs"
dotnet publish "$repo_root/sample-app/SampleApp" -c Release -o "$work/v2" -v q >/dev/null
git -C "$repo_root" checkout -- sample-app/SampleApp/Program.cs
$bench patch "$work/v1" "$work/v2"

# 2. Refresh with nothing new (whole process) vs the no-op check-all.
$cli repo init "$work/repo" --name SampleApp >/dev/null
$cli repo add "$work/repo" "$work/v1" --version 1.0.0 >/dev/null
(cd "$work/repo" && exec python3 -m http.server $port --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
trap 'kill $server' EXIT
sleep 1
mkdir -p "$work/app" "$work/empty"
update_args=(update --metadata-url "http://127.0.0.1:$port/metadata/" --target-base-url "http://127.0.0.1:$port/targets/"
  --trusted-root "$work/repo/metadata/1.root.json" --name SampleApp --root "$work/app" --state-dir "$work/state")
$cli "${update_args[@]}"
hyperfine -N --warmup 3 --runs 20 \
  -n "update (up to date)" "$cli ${update_args[*]}" \
  -n "check-all (no-op)" "$cli check-all --root $work/empty --state-dir $work/empty-state"

# 3. Download and verify a 256 MiB target from loopback vs curl -o + sha256sum.
name=$($bench make-repo "$work/big" 256)
kill $server
(cd "$work/big" && exec python3 -m http.server $port --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
hyperfine --warmup 1 --runs 5 \
  -n "TUF refresh + download + verify" "$bench download http://127.0.0.1:$port/metadata/ http://127.0.0.1:$port/targets/ $work/big/metadata/1.root.json $work/dl" \
  -n "curl -o + sha256sum" "curl -s -o $work/curl.bin http://127.0.0.1:$port/targets/$name && sha256sum $work/curl.bin"
