#!/usr/bin/env bash
# The engine against its peers, side by side in one run on the Debian sysrq-c fixture:
#   crashdesk analyze (NativeAOT)  cold = no profile cache (DWARF read + profile built and stored)
#                                   warm = cached kernel profile
#   crash -s running `sys; log; bt -a; ps; mod; kmem -i`
#   drgn 0.0.22: program from the core dump + vmlinux, stack_trace() of every task
# Prints mean wall times (hyperfine) and the ratios. Not part of ./test.sh.
# Usage: tests/Benchmarks/bench-analyze.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

FIX=${FIXTURES:-/work/shared/fixtures}
DUMP=$FIX/dumps/debian-6.1-cloud/sysrq-c/kdump-zlib/dump.zlib
KDIR=/var/tmp/crashdesk-kernels/debian-6.1-cloud
VMLINUX=$KDIR/vmlinux
if [ ! -f "$VMLINUX" ]; then
    mkdir -p "$KDIR"
    xz -dc "$FIX/kernels/debian-6.1-cloud/vmlinux.xz" > "$VMLINUX.tmp" && mv "$VMLINUX.tmp" "$VMLINUX"
fi
for tool in hyperfine crash /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/bench-analyze.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "publishing crashdesk (NativeAOT)..." >&2
dotnet publish src/Cli -c Release -r linux-x64 -o "$WORK/cli" >/dev/null  # NativeAOT (src/Cli/Cli.csproj)
CLI=$WORK/cli/crashdesk
CACHE=$WORK/cache

cat > "$WORK/crash.cmds" <<'CMDS'
sys
log
bt -a
ps
mod
kmem -i
quit
CMDS
cat > "$WORK/drgn-walk.py" <<'PY'
import sys, drgn
from drgn.helpers.linux.pid import for_each_task
prog = drgn.Program()
prog.set_core_dump(sys.argv[1])
prog.load_debug_info([sys.argv[2]])
n = 0
for task in for_each_task(prog):
    try:
        n += len(prog.stack_trace(task))
    except Exception:
        pass
print(n, "frames")
PY

# Sanity: every contender produces its output once before timing.
XDG_CACHE_HOME=$CACHE "$CLI" analyze "$DUMP" --vmlinux "$VMLINUX" > "$WORK/ours.txt"
crash -s "$VMLINUX" "$DUMP" < "$WORK/crash.cmds" > "$WORK/crash.txt" 2>&1 || true
/usr/bin/python3 "$WORK/drgn-walk.py" "$DUMP" "$VMLINUX" > "$WORK/drgn.txt"
echo "crashdesk: $(wc -l < "$WORK/ours.txt") lines; crash: $(wc -l < "$WORK/crash.txt") lines; drgn: $(cat "$WORK/drgn.txt")" >&2

hyperfine --runs "$RUNS" --warmup 1 --export-json "$WORK/times.json" \
    --prepare "rm -rf $CACHE" --prepare "true" --prepare "true" --prepare "true" \
    -n "crashdesk analyze (cold: DWARF, builds the profile)" \
    "XDG_CACHE_HOME=$CACHE $CLI analyze $DUMP --vmlinux $VMLINUX > /dev/null" \
    -n "crashdesk analyze (warm: cached profile)" \
    "XDG_CACHE_HOME=$CACHE $CLI analyze $DUMP --vmlinux $VMLINUX > /dev/null" \
    -n "crash -s (sys; log; bt -a; ps; mod; kmem -i)" \
    "crash -s $VMLINUX $DUMP < $WORK/crash.cmds > /dev/null 2>&1" \
    -n "drgn 0.0.22 (debug kernel + every task's stack)" \
    "/usr/bin/python3 $WORK/drgn-walk.py $DUMP $VMLINUX > /dev/null"

/usr/bin/python3 - "$WORK/times.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
wall = [x["mean"] for x in r]
cpu = [x["user"] + x["system"] for x in r]
print()
print(f"{'':55s} {'wall':>9s}      {'cpu (user+sys)':>14s}")
for x, c in zip(r, cpu):
    print(f"{x['command']:55s} {x['mean']*1000:7.0f} ms  (± {x['stddev']*1000:4.0f})  {c*1000:8.0f} ms")
print()
for label, v in (("wall", wall), ("cpu", cpu)):
    cold, warm, crash, drgn = v
    print(f"[{label}] crash / crashdesk cold : {crash/cold:6.1f}x   (goal >= 10x)")
    print(f"[{label}] crash / crashdesk warm : {crash/warm:6.1f}x   (goal >= 30x)")
    print(f"[{label}] drgn  / crashdesk cold : {drgn/cold:6.1f}x   (goal > 1x)")
    print(f"[{label}] drgn  / crashdesk warm : {drgn/warm:6.1f}x")
PY
