#!/usr/bin/env bash
# Runs every Fleet test. Installs and starts what the tests need when it is missing:
# a local PostgreSQL server (Debian's package), Chromium for the browser tests and promtool for the metrics tests.
set -euo pipefail
cd "$(dirname "$0")"

export FLEET_TEST_POSTGRES="${FLEET_TEST_POSTGRES:-$(scripts/ensure-postgres.sh)}"
scripts/ensure-chromium.sh
scripts/ensure-promtool.sh >/dev/null
dotnet build Fleet.sln -c Release -nologo -clp:ErrorsOnly
# The page's own logic (store, alert book, formatting), as ES modules under Node's test runner.
node --test tests/Dashboard.Js/
results=TestResults/fleet-tests.trx
rm -f "$results"
status=0
dotnet test tests/Fleet.Tests/Fleet.Tests.csproj -c Release --no-build -nologo --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=$PWD/$results" "$@" || status=$?
# The failed tests again at the very end, where a CI log's tail shows them.
if [[ $status -ne 0 && -f "$results" ]]; then node scripts/failed-tests.mjs "$results"; fi
exit $status
