#!/usr/bin/env bash
# The crash-group benchmark (not part of ./test.sh): a private PostgreSQL, 100 000 cases in 5 000
# groups with analyses and known issues; the group list, a group page, the dashboard, similar cases
# and a case's known issue through the services (p50/p95 of 40 runs; goal p95 < 150 ms).
# Usage: tests/Benchmarks/bench-groups.sh [cases] [groups]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
start_bench_cluster groups -c fsync=off -c shared_buffers=256MB
dotnet build tests/Benchmarks/Desk -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    dotnet tests/Benchmarks/Desk/bin/Release/net10.0/DeskBench.dll groups "$@"
