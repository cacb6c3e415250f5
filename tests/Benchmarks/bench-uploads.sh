#!/usr/bin/env bash
# The resumable-upload benchmark (not part of ./test.sh): a private PostgreSQL and s3rver, then one file of
# [GiB] (default 4) through the tus session protocol (8 MiB PATCHes, loopback) to the real Api host, on the
# local store and on s3rver: MB/s and the host's RSS growth (goals: ≥ 200 MB/s local, growth < 100 MB).
# Needs about 3 × GiB of free disk in /tmp (the file, the stored object, s3rver's copy).
# Usage: tests/Benchmarks/bench-uploads.sh [GiB]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
start_bench_cluster uploads -c fsync=off
start_bench_s3rver
dotnet build src/Api -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Benchmarks/Uploads -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" CRASHDESK_BENCH_S3="http://127.0.0.1:$S3_PORT" \
    dotnet tests/Benchmarks/Uploads/bin/Release/net10.0/UploadBench.dll "$@"
