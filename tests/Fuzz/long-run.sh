#!/usr/bin/env bash
# The long fuzz run, for nights (README "Fuzzing"). Two ways:
#   tests/Fuzz/long-run.sh                 the seeded mutation runner: FUZZ_COUNT (10 000) inputs per
#                                          target, hang = 30 s, memory cap 2 GiB, FUZZ_JOBS (2) workers,
#                                          seed FUZZ_SEED (default: today's date, printed to replay findings)
#   tests/Fuzz/long-run.sh afl TARGET      AFL++ over one target through SharpFuzz, for FUZZ_DURATION
#                                          seconds (3600); needs afl-fuzz and the sharpfuzz tool
#                                          (dotnet tool install --global SharpFuzz.CommandLine)
# Findings: TestResults/fuzz-long/ (the mutation runner) or TestResults/fuzz-afl/TARGET/ (AFL's crashes/, hangs/).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Fuzz/Fuzz.csproj -c Release -nologo -clp:ErrorsOnly
FUZZ=tests/Fuzz/bin/Release/net10.0/Fuzz.dll

if [ "${1:-}" = afl ]; then
  target=${2:?usage: long-run.sh afl TARGET}
  command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (apt-get install afl++)" >&2; exit 2; }
  command -v sharpfuzz >/dev/null || { echo "sharpfuzz is not installed (dotnet tool install --global SharpFuzz.CommandLine)" >&2; exit 2; }
  out=TestResults/fuzz-afl/$target
  mkdir -p "$out"
  # AFL needs the engine instrumented in place (SharpFuzz README: "sharpfuzz <assembly>"); a copy keeps the build clean.
  bin=$(mktemp -d /tmp/crashdesk-afl.XXXXXX)
  cp -r tests/Fuzz/bin/Release/net10.0/. "$bin"
  sharpfuzz "$bin/Analysis.dll"
  dotnet "$bin/Fuzz.dll" export-seeds --target "$target" "$out/seeds"
  # -t 30000: a hang is an input over 30 s; -m none: the .NET runtime reserves more address space than AFL's default allows.
  timeout "${FUZZ_DURATION:-3600}" afl-fuzz -i "$out/seeds" -o "$out" -t 30000 -m none -- dotnet "$bin/Fuzz.dll" afl --target "$target" || true
  ls "$out"/default/crashes "$out"/default/hangs 2>/dev/null || true
  exit 0
fi

seed=${FUZZ_SEED:-$(date -u +%Y%m%d)}
echo "fuzz long run: seed $seed, ${FUZZ_COUNT:-10000} inputs per target"
dotnet "$FUZZ" run --count "${FUZZ_COUNT:-10000}" --seed "$seed" --jobs "${FUZZ_JOBS:-2}" --findings TestResults/fuzz-long "$@"
