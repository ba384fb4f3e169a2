#!/usr/bin/env bash
# The versioned-install story of the sample app, end to end (docs/sample-app.md#versioned-install-and-update):
# publish SampleApp 1.0.0 (without its migration) and 1.1.0 (with it), put both into a local signed repository,
# install 1.0.0, run it through the launcher, update to 1.1.0 from the repository (file: URLs), run it again (the
# settings migration runs at 1.1.0's first start), run once more (nothing left to migrate), clean up.
#
# Usage: sample-app/versioned-install-session.sh [WORK_DIR]      (run from the repository root)
# WORK_DIR (default: a new temporary folder) gets publish/, repo/, inst/ (INSTALL) and data/ (the sample's user data).
# Nothing outside WORK_DIR is written, except the build outputs of the repository's projects.
set -euo pipefail

work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/aeupdater-session.XXXXXX")}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"

show() { printf '\n$ %s\n' "$*"; "$@"; }

# Build once, quietly: the CLI (it carries the launcher in launcher/) and the two versions of the sample.
dotnet build "$repo_root/src/AppEnvUpdater.Cli" -c Release -nologo -v quiet >/dev/null
dotnet publish "$repo_root/sample-app/SampleApp" -c Release -nologo -v quiet -p:Version=1.0.0 -p:SampleWithoutMigration=true -o "$work/publish/1.0.0" >/dev/null
dotnet publish "$repo_root/sample-app/SampleApp" -c Release -nologo -v quiet -p:Version=1.1.0 -o "$work/publish/1.1.0" >/dev/null

ae-updater() { dotnet "$repo_root/src/AppEnvUpdater.Cli/bin/Release/net10.0/ae-updater.dll" "$@"; }
export AEUPDATER_SAMPLE_SCRATCH="$work/data"
cd "$work"

show ae-updater repo init repo --name SampleApp
show ae-updater repo add repo publish/1.0.0 --version 1.0.0
show ae-updater repo add repo publish/1.1.0 --version 1.1.0
show ae-updater app install inst publish/1.0.0 --name SampleApp --version 1.0.0 --entry AeUpdater.SampleApp
show inst/SampleApp
show cat data/usr/SampleApp/settings.json
show ae-updater app update inst --metadata-url "file://$work/repo/metadata/" --target-base-url "file://$work/repo/targets/" \
  --trusted-root repo/metadata/1.root.json --name SampleApp --entry AeUpdater.SampleApp
show inst/SampleApp
show cat data/usr/SampleApp/settings.json
show cat data/usr/SampleApp/migrations.log
show inst/SampleApp
show cat data/usr/SampleApp/migrations.log
show ae-updater app versions inst
show ae-updater app cleanup inst
show ls inst/appdata inst/appdata/.tuf/SampleApp
