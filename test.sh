#!/usr/bin/env bash
# Runs every test project (tests/Benchmarks and the fuzzer excluded), then the published CLI and a
# bounded fuzz smoke (tests/Fuzz). Installs what the tests need (idempotent),
# starts a private PostgreSQL and an S3 server (s3rver) on free loopback ports, exports their
# addresses to the tests (CRASHDESK_TEST_PG, CRASHDESK_TEST_S3), stops them on exit, prints
# "N passed, N failed" and exits non-zero on any failure.
#   ./test.sh                                   every test project, then the published CLI
#   ./test.sh Core.Tests [dotnet test args...]  one project only (e.g. --filter S3), for development
#   ./test.sh Fuzz [fuzzer options...]          the fuzz smoke only (README "Fuzzing")
set -euo pipefail
ONLY=${1:-}
[ $# -gt 0 ] && shift
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh

ensure_tools
# Every program a test starts comes from this list or is preinstalled (dotnet, node/npx, bash/sh):
# tests/Analysis.Tests/Support/TestProgramsTests.cs checks it. debuginfod: DebuginfodClientTests;
# binutils: readelf, objcopy (build-id references); xz-utils: the debug kernels are decompressed with xz -dc;
# bzip2: DetectionTests compress with it; zstd: the archive upload tests make .tar.zst with it. sosreport (sos), dmidecode, kmod (lsmod): the sosreport tests make a real
# report of this machine and compare it with what its own tools say (dpkg, coreutils' uname, util-linux's lscpu,
# procps' free and sysctl, python3's os-release reader), all essential or near it, listed so a fresh machine has them.
# mount: the fault tests (Api.Tests/Faults) put the local store on a small tmpfs to fill its disk.
# dpkg and rpm: the known-issue version-order tests compare with dpkg --compare-versions and rpm's rpm.vercmp().
# crash: the shell's tests (Analysis.Tests/Shell) compare our crash commands with Debian's crash 8.0.2 run on the fixture dumps.
ensure_packages postgresql chromium docker-compose liblzo2-2 libsnappy1v5 libzstd1 zlib1g gcc zlib1g-dev debuginfod binutils xz-utils bzip2 zstd sosreport dmidecode kmod procps util-linux mount coreutils dpkg python3 rpm crash
command -v npx >/dev/null || die "Node.js/npm are not installed (they come preinstalled; Debian's npm conflicts with it)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (s3rver, oidc-provider)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

WORK=$(mktemp -d /tmp/crashdesk-test.XXXXXX)
chmod 755 "$WORK"
S3_PID=""
cleanup() {
  set +e
  [ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null && wait "$S3_PID" 2>/dev/null
  stop_cluster "$WORK/pg"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PG_PORT=$(random_free_port)
init_cluster "$WORK/pg"
# fsync off: a throw-away cluster; many connections: two worker processes + test pools.
start_cluster "$WORK/pg" "$PG_PORT" -c fsync=off -c max_connections=300
S3_PORT=$(random_free_port)
mkdir -p "$WORK/s3"
# --openssl-legacy-provider: s3rver's ListObjectsV2 continuation tokens use DES (docs/storage.md).
node --openssl-legacy-provider scripts/s3rver-test.js "$WORK/s3" 127.0.0.1 "$S3_PORT" crashdesk-test >"$WORK/s3rver.log" 2>&1 &
S3_PID=$!
wait_for_port "$S3_PORT" s3rver
log "PostgreSQL on 127.0.0.1:$PG_PORT, s3rver on 127.0.0.1:$S3_PORT"

export CRASHDESK_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
export CRASHDESK_TEST_S3="http://127.0.0.1:$S3_PORT"
export CRASHDESK_TEST_S3_BUCKET=crashdesk-test
export CRASHDESK_TEST_S3_ACCESS_KEY=S3RVER CRASHDESK_TEST_S3_SECRET_KEY=S3RVER

dotnet build Crashdesk.slnx -c Release -nologo -clp:ErrorsOnly
# The NativeAOT engine the child-process analyses run (published once, again only when its sources change).
CRASHDESK_TEST_ENGINE=$(ensure_engine)
export CRASHDESK_TEST_ENGINE

RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
status=0

# The engine's fuzz smoke (tests/Fuzz, README "Fuzzing"): ~2 600 seeded mutated inputs in worker
# processes with a 10 s hang watchdog and a 2 GiB memory cap; findings go to TestResults/fuzz-findings.
# Its last line is "fuzz smoke: N inputs, C crashes, H hangs, peak X MB (M unclear error messages; ...)".
fuzz_smoke() {
  log "fuzz smoke (tests/Fuzz)"
  dotnet tests/Fuzz/bin/Release/net10.0/Fuzz.dll smoke --findings "$RESULTS/fuzz-findings" "$@" | tee "$WORK/fuzz.log"
}
if [ "$ONLY" = Fuzz ]; then
  fuzz_smoke "$@"
  exit $?
fi

for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  [ "$name" = Benchmarks ] && continue
  [ "$name" = Fuzz ] && continue   # not a test project: its smoke runs below
  [ "$name" = TestSupport ] && continue   # a library the test projects share
  [ -n "$ONLY" ] && [ "$name" != "$ONLY" ] && continue
  log "testing $name"
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" --results-directory "$RESULTS" "$@" || status=1
done
if [ -n "$ONLY" ]; then
  [ -f "$RESULTS/$ONLY.trx" ] || die "no test project named $ONLY under tests/"
  exit $status
fi

# The CLI as it ships (NativeAOT), against crash's log and drgn's locks: scripts/test-cli.sh.
log "testing the published CLI (NativeAOT)"
cli_counts=$(scripts/test-cli.sh "$(dirname "$CRASHDESK_TEST_ENGINE")" | tail -1) || status=1
echo "$cli_counts"

# The fuzz smoke counts as one test that passed, or as one failure per crash, hang and unclear message.
fuzz_smoke || status=1
fuzz_line=$(grep '^fuzz smoke:' "$WORK/fuzz.log" | tail -1 || true)
fuzz_failed=$(sed -n 's/^fuzz smoke: [0-9]* inputs, \([0-9]*\) crashes, \([0-9]*\) hangs.*(\([0-9]*\) unclear.*/\1 \2 \3/p' <<<"$fuzz_line" | awk '{print $1 + $2 + $3}')

passed=0 failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
cp=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' <<<"$cli_counts")
cf=$(sed -n 's/.*passed, \([0-9]*\) failed/\1/p' <<<"$cli_counts")
[ -n "$cp$cf" ] || cf=1   # no summary line: the script itself broke
passed=$((passed + ${cp:-0})); failed=$((failed + ${cf:-0}))
if [ -z "$fuzz_failed" ]; then failed=$((failed + 1))          # no summary line: the fuzzer itself broke
elif [ "$fuzz_failed" -gt 0 ]; then failed=$((failed + fuzz_failed))
else passed=$((passed + 1)); fi
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
