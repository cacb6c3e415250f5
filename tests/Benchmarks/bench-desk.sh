#!/usr/bin/env bash
# The desk benchmark (not part of ./test.sh): a private PostgreSQL, 100 000 cases and 500 000 notes,
# the case list's filters and searches through the service (p50/p95 of a page of 50; goal p95 < 100 ms),
# the 200th page by cursor (keyset) in four sort orders,
# then a 200 000-line kernel log in Chromium (first paint and a search hit; goal < 1 s each; log lines 0: skipped).
# Usage: tests/Benchmarks/bench-desk.sh [cases] [notes] [log lines]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
ensure_packages chromium
start_bench_cluster desk -c fsync=off -c shared_buffers=256MB
dotnet build src/Api -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Benchmarks/Desk -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    dotnet tests/Benchmarks/Desk/bin/Release/net10.0/DeskBench.dll "$@"
