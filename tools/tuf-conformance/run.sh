#!/usr/bin/env bash
# Runs the public TUF conformance suite (https://github.com/theupdateframework/tuf-conformance) against
# `ae-updater tuf`, the command line the suite drives.
#
# Needs a checkout of the suite with its dependencies installed, and faketime:
#   git clone https://github.com/theupdateframework/tuf-conformance && pip install -e ./tuf-conformance
#   apt-get install faketime
#   SUITE_DIR=./tuf-conformance [PYTHON=python3] tools/tuf-conformance/run.sh [pytest arguments, e.g. -k test_basic]
set -euo pipefail

if [[ -z "${SUITE_DIR:-}" || ! -d "${SUITE_DIR}/tuf_conformance" ]]; then
  echo "SUITE_DIR must name a checkout of tuf-conformance (a folder with tuf_conformance/ in it)" >&2
  exit 2
fi
suite=$(cd "$SUITE_DIR" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build "$repo/src/AppEnvUpdater.Cli" -c Release --nologo -v quiet
cli="$repo/src/AppEnvUpdater.Cli/bin/Release/net10.0/ae-updater.dll"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
entry="$work/ae-updater-tuf"
# The suite passes the options and then the subcommand; `tuf` selects the plain TUF client.
printf '#!/bin/sh\nexec dotnet "%s" tuf "$@"\n' "$cli" > "$entry"
chmod +x "$entry"

cd "$suite"
export PYTHONPATH="$suite${PYTHONPATH:+:$PYTHONPATH}"
# Not exec: the EXIT trap removes the entry point afterwards; the script's status is pytest's.
"${PYTHON:-python3}" -m pytest -p no:cacheprovider tuf_conformance --entrypoint "$entry" -rA "$@"
