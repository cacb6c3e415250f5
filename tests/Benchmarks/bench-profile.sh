#!/usr/bin/env bash
# The kernel profile build from a debug kernel vs drgn 0.0.22 loading the same
# debug info (and looking up the same types), side by side in one hyperfine run, then the profile's
# load time (in-process, median of 20). Usage: tests/Benchmarks/bench-profile.sh [vmlinux] [runs]
# Default vmlinux: the Debian fixture kernel, decompressed once to /var/tmp/crashdesk-kernels.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
FIXTURES=${CRASHDESK_FIXTURES:-$(cd .. && pwd)/shared/fixtures}
VMLINUX=${1:-${CRASHDESK_KERNEL_CACHE:-/var/tmp/crashdesk-kernels}/debian-6.1-cloud/vmlinux}
RUNS=${2:-5}
if [ ! -f "$VMLINUX" ]; then
  mkdir -p "$(dirname "$VMLINUX")"
  xz -dc "$FIXTURES/kernels/debian-6.1-cloud/vmlinux.xz" > "$VMLINUX.partial" && mv "$VMLINUX.partial" "$VMLINUX"
fi
for tool in hyperfine /usr/bin/python3; do command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install hyperfine python3-drgn)" >&2; exit 1; }; done
/usr/bin/python3 -c 'import drgn' || { echo "python3-drgn is not installed" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The CLI as it ships: NativeAOT (it restores here although platform.md says otherwise).
dotnet publish src/Cli -c Release -r linux-x64 -o "$WORK/cli" >/dev/null  # NativeAOT (src/Cli/Cli.csproj)
CLI="$WORK/cli/crashdesk"

# drgn: index the vmlinux's DWARF and look up the types our profile holds.
"$CLI" profile build "$VMLINUX" --output "$WORK/probe.cdkprof" >/dev/null
"$CLI" profile info "$WORK/probe.cdkprof" | sed -n 's/^ *TYPES: //p' | tr ',' '\n' | sed 's/^ *//' > "$WORK/types.txt"
cat > "$WORK/drgn_load.py" <<'PY'
import sys, drgn
prog = drgn.Program()
prog.load_debug_info([sys.argv[1]], default=False, main=False)
with open(sys.argv[2]) as f:
    for name in filter(None, (l.strip() for l in f)):
        prog.type(name)
PY

hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" \
  -n "crashdesk profile build" "$CLI profile build $VMLINUX --output $WORK/p.cdkprof" \
  -n "drgn 0.0.22 load_debug_info + types" "/usr/bin/python3 $WORK/drgn_load.py $VMLINUX $WORK/types.txt"

/usr/bin/python3 - "$WORK/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, drgn = r["crashdesk profile build"], r["drgn 0.0.22 load_debug_info + types"]
print(f"median wall: crashdesk {ours['median']*1000:.0f} ms, drgn {drgn['median']*1000:.0f} ms, ratio crashdesk/drgn = {ours['median']/drgn['median']:.2f} (goal <= 1.00)")
print(f"mean user+sys CPU: crashdesk {(ours['user']+ours['system'])*1000:.0f} ms, drgn {(drgn['user']+drgn['system'])*1000:.0f} ms, ratio = {(ours['user']+ours['system'])/(drgn['user']+drgn['system']):.2f}")
PY
echo "profile: $(stat -c %s "$WORK/p.cdkprof") bytes"
"$CLI" profile info "$WORK/p.cdkprof" --timing | grep LOAD
echo "(goal: load under 50 ms; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
