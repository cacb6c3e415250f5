#!/usr/bin/env bash
# The load test (not part of ./test.sh): a private PostgreSQL, the real Api host with its in-process worker on
# loopback, 20 uploaders and 200 readers for 5 minutes (it stops by itself): p50/p95/p99 per request kind,
# every answer that was not 2xx (goal: no 5xx), analyses completed, the host's RSS over time.
# Usage: tests/Benchmarks/bench-load.sh [minutes] [uploaders] [readers]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
start_bench_cluster load -c fsync=off -c max_connections=300
dotnet build src/Api -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Benchmarks/Load -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    dotnet tests/Benchmarks/Load/bin/Release/net10.0/LoadBench.dll "$@"
