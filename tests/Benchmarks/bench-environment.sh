#!/usr/bin/env bash
# The environment benchmark (not part of ./test.sh): a private PostgreSQL, two real sosreports of this
# machine with 5 000 packages each, imported as the job imports them (object store → reader → database)
# and compared through the service. Goal: < 2 s each. Needs root for `sos report`.
# Usage: tests/Benchmarks/bench-environment.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh
ensure_tools
ensure_packages postgresql sosreport xz-utils
start_bench_cluster environment
dotnet build tests/Benchmarks/Desk -c Release -nologo -clp:ErrorsOnly
CRASHDESK_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    dotnet tests/Benchmarks/Desk/bin/Release/net10.0/DeskBench.dll environment
