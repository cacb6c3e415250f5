#!/usr/bin/env bash
# The CLI as it ships (NativeAOT), checked against the reference tools: `crashdesk log` of every
# fixture dump must equal crash's `log` (crash/log.txt), and every --json command must print valid
# JSON (a reflection-only serializer would throw here and nowhere else). Called by ./test.sh; prints
# "N passed, M failed" as its last line.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FIXTURES="${CRASHDESK_FIXTURES:-$ROOT/../shared/fixtures}"
OUT="${1:-$ROOT/artifacts/engine}"
passed=0 failed=0
check() {  # check <name> <command...>: counts one result
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

# Published once for the tests and the worker (scripts/lib.sh ensure_engine): reused when the sources did not change.
. "$ROOT/scripts/lib.sh"
if ! CLI=$(ensure_engine "$OUT"); then
  echo "FAILED: NativeAOT publish of src/Cli" >&2
  echo "0 passed, 1 failed"; exit 1
fi
for dir in "$FIXTURES"/dumps/*/*/*/; do
  dump=$(ls "$dir"dump.* 2>/dev/null | head -1)
  [ -n "$dump" ] || continue
  id=${dir#"$FIXTURES"/dumps/}
  check "log $id" cmp -s <("$CLI" log "$dump") "$dir/crash/log.txt"
  check "info --json $id" python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d.get("kernelRelease") else 1)' < <("$CLI" info "$dump" --json)
done
deb="$FIXTURES/dumps/debian-6.1-cloud/hung-mutex/kdump-zstd/dump.zstd"
for cmd in triage sys kmem-i ps mod locks bt analyze; do
  check "$cmd --json" python3 -c 'import json,sys; json.load(sys.stdin)' < <("$CLI" $cmd "$deb" --json)
done
# locks --json names the mutex and rwsem the hung tasks wait on, with owner and waiters (drgn.json's locks).
check "locks --json vs drgn.json" python3 - "$CLI" "$deb" "$FIXTURES/dumps/debian-6.1-cloud/hung-mutex/kdump-zstd/drgn.json" <<'PY'
import json, subprocess, sys
ours = json.loads(subprocess.run([sys.argv[1], "locks", sys.argv[2], "--json"], capture_output=True, text=True).stdout)
got = {int(l["address"], 16): (l["ownerPid"], sorted(l["waiterPids"])) for l in ours["locks"]}
ref = json.load(open(sys.argv[3]))["locks"].values()
want = {int(l["address"], 16): (l["owner_pid"], sorted(l["waiter_pids"])) for l in ref}
sys.exit(0 if want and all(got.get(a) == v for a, v in want.items()) else 1)
PY
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
