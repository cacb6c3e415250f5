#!/usr/bin/env bash
# The service benchmark (not part of ./test.sh): a private PostgreSQL and s3rver, the NativeAOT CLI published from
# source, then the real Api host with its in-process worker. The Debian dumps go through the API to the local store
# and to S3; printed per dump: upload end → report visible (steady state; first analysis after a host start) against
# the CLI's wall time on the same dump in the same run, with the ratios; the queue wait, the job and the engine's
# phases; the bytes read and fetched from S3 with the GETs; then analyses per minute and peak RSS per worker with two
# Worker processes. Goals: steady ≤ 1.2× the CLI, first after a start ≤ 1.5×, over S3 ≤ 5 % of the dump.
# The worker runs each analysis in a child process of that same CLI binary (CRASHDESK_BENCH_ENGINE=InProcess: in its own).
# Usage: tests/Benchmarks/bench-service.sh [rounds (5)] [queued analyses for the throughput (30; 0: none)] [local: skip S3]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
start_bench_cluster service -c fsync=off
start_bench_s3rver
ROOT=$(pwd)
# The CLI and the worker's engine are one binary (published once, scripts/lib.sh ensure_engine).
CLI=$(ensure_engine)
dotnet build src/Api -c Release -nologo -clp:ErrorsOnly
dotnet build src/Worker -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Benchmarks/Service -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" CRASHDESK_BENCH_S3="http://127.0.0.1:$S3_PORT" \
CRASHDESK_BENCH_CLI="$CLI" \
    dotnet tests/Benchmarks/Service/bin/Release/net10.0/ServiceBench.dll "$@"
