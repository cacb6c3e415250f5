#!/usr/bin/env bash
# The console benchmark (not part of ./test.sh): a private PostgreSQL and s3rver, then the real Api host with
# its in-process worker; the Debian dumps uploaded to the local store and to S3, and a session of 20 typical
# crash commands on each through the console API: wall and worker time per command, bytes read from the store
# (goals: every command after the first < 300 ms; over S3 the session reads < 10 % of the dump).
# Usage: tests/Benchmarks/bench-console.sh [fixture-dump-id …]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
start_bench_cluster console -c fsync=off
start_bench_s3rver
dotnet build src/Api -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Benchmarks/Console -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" CRASHDESK_BENCH_S3="http://127.0.0.1:$S3_PORT" \
    dotnet tests/Benchmarks/Console/bin/Release/net10.0/ConsoleBench.dll "$@"
