#!/usr/bin/env bash
# Runs every Fleet benchmark part and prints one report against the performance bar (BENCHMARKS.md).
#   ./bench.sh            the full run (HTTP ingest, actor layer, 100 / 1,000 / 10,000 models, 24 simulated hours, 500 browser probes, recovery after a crash)
#   ./bench.sh --parts http,actor,latency   issue 17's figures 1, 2 and 4 (about 14 minutes on a quiet machine)
#   ./bench.sh --quick    a smoke run of every part: proves the command, not the bar
# Any option of `all` works (see BENCHMARKS.md). The report is also written as markdown to
# artifacts/bench/report.md unless --markdown PATH is given. Not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")"

markdown=(--markdown artifacts/bench/report.md)
for arg in "$@"; do [[ "$arg" == "--markdown" ]] && markdown=(); done
scripts/ensure-chromium.sh   # the browser-latency part drives Debian's Chromium
scripts/ensure-scipy.sh      # the drift part checks its verdicts against Debian's SciPy
dotnet build tests/Fleet.Benchmarks/Fleet.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly
dotnet run -c Release --no-build --project tests/Fleet.Benchmarks -- all "${markdown[@]}" "$@"
