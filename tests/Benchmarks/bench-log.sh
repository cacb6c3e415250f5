#!/usr/bin/env bash
# Whole-process comparison, side by side in one run (acceptance-notes.md, "Benchmarks"):
#   crashdesk log (NativeAOT)  vs  makedumpfile --dump-dmesg  vs  a ReadyToRun hello-world,
# on the zlib, lzo and ELF fixtures (Debian's makedumpfile has no snappy/zstd and needs -R for -F).
# Prints medians and the ratios. In-process extraction: dotnet run -c Release --project tests/Benchmarks -- --filter '*LogExtraction*'
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
FIXTURES="${CRASHDESK_FIXTURES:-$ROOT/../shared/fixtures}"
RUNS="${RUNS:-30}"
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
command -v makedumpfile >/dev/null || { echo "makedumpfile is required (apt-get install makedumpfile)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d /tmp/crashdesk-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "== publishing crashdesk (NativeAOT, as shipped) and a ReadyToRun hello-world (the reference)" >&2
dotnet publish "$ROOT/src/Cli" -c Release -r linux-x64 -o "$WORK/cli" >/dev/null  # NativeAOT (src/Cli/Cli.csproj)
mkdir -p "$WORK/hello"
cat > "$WORK/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <InvariantGlobalization>true</InvariantGlobalization>
    <TieredPGO>true</TieredPGO>
  </PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("hello");' > "$WORK/hello/Program.cs"
dotnet publish "$WORK/hello/hello.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/hello/bin" >/dev/null

DUMPS=(
  "mini-6.1-lockdep/sysrq-c/kdump-zlib"
  "mini-6.1-lockdep/sysrq-c/kdump-lzo"
  "mini-6.1-lockdep/warn/kdump-elf31"
  "debian-6.1-cloud/sysrq-c/kdump-zlib"
  "debian-6.1-cloud/oops-null/kdump-lzo"
)
i=0
for id in "${DUMPS[@]}"; do
  dump="$(ls "$FIXTURES/dumps/$id"/dump.*)"
  i=$((i + 1))
  # makedumpfile refuses to overwrite its output file: remove it before each run.
  hyperfine -N --style none --warmup 3 --runs "$RUNS" --export-json "$WORK/r$i.json" \
    -n makedumpfile --prepare "rm -f $WORK/md.txt" "makedumpfile --dump-dmesg $dump $WORK/md.txt" \
    -n crashdesk "$WORK/cli/crashdesk log $dump" \
    -n hello "$WORK/hello/bin/hello" >/dev/null
  python3 - "$id" "$WORK/r$i.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[2]))["results"]}
md, cd, hw = (r[k]["median"] * 1000 for k in ("makedumpfile", "crashdesk", "hello"))
print(f"{sys.argv[1]:40} makedumpfile {md:6.1f} ms | crashdesk log {cd:6.1f} ms | hello-world {hw:6.1f} ms"
      f" | crashdesk/makedumpfile {cd/md:5.2f}x | crashdesk/hello {cd/hw:5.2f}x")
PY
done
