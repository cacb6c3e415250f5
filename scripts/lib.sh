# Shared helpers of run.sh and test.sh (sourced, not run).

PG_BIN=/usr/lib/postgresql/15/bin

log() { printf '[crashdesk] %s\n' "$*" >&2; }
die() { printf '[crashdesk] error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages given that are not installed yet; apt-get update runs once, only if needed.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]}: run as root (or install them first)"
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not installed; it comes preinstalled on the supported machines"
}

# True when nothing listens on 127.0.0.1:$1.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the first free port from $1 upwards.
free_port_from() {
  local p=$1
  while ! port_is_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

# Prints a free port (different on each call with high probability), below Linux's ephemeral range
# (ip_local_port_range, 32768-60999 by default): a port a client connection just used can sit in
# TIME-WAIT there, which a connect probe calls free but a server's bind refuses.
random_free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    port_is_free "$p" && { echo "$p"; return; }
  done
}

wait_for_port() {
  local port=$1 what=$2 tries=${3:-100}
  for _ in $(seq "$tries"); do
    port_is_free "$port" || return 0
    sleep 0.2
  done
  die "$what did not start listening on 127.0.0.1:$port"
}

# Every directory from / down to $1 must be searchable by the postgres user (a clone under /root is not).
check_traversable_by_postgres() {
  local dir
  dir=$(readlink -f "$1")
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir"; then
      die "the postgres user cannot enter $dir (mode $(stat -c %a "$dir")), so it cannot reach the database under $1.
  Fix: chmod o+x $dir   (or clone the repository somewhere else, e.g. under /srv or /opt)"
    fi
    dir=$(dirname "$dir")
  done
}

# init_cluster DIR [PASSWORD_FILE]: a private cluster owned by postgres. With a password file the
# superuser gets that password and every connection must present it (scram-sha-256); without one
# (throw-away test clusters) loopback connections are trusted.
init_cluster() {
  local dir=$1 pwfile=${2:-}
  if [ ! -s "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if [ -n "$pwfile" ]; then
      local tmp
      tmp=$(mktemp)
      cp "$pwfile" "$tmp"
      chown postgres "$tmp"
      runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -U postgres -A scram-sha-256 --pwfile="$tmp" --no-instructions >/dev/null
      rm -f "$tmp"
    else
      runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -U postgres -A trust --no-instructions >/dev/null
    fi
  fi
}

cluster_is_running() { [ -s "$1/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

# start_cluster DIR PORT [extra postgres options]
start_cluster() {
  local dir=$1 port=$2; shift 2
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start (log: $dir/server.log)"; }
}

stop_cluster() {
  local dir=$1
  [ -s "$dir/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# A throw-away PostgreSQL for a benchmark (installed first if missing): sets WORK (removed on exit with the cluster) and
# PG_PORT; extra arguments are the server's settings (e.g. -c fsync=off).
start_bench_cluster() {
  local name=$1; shift
  ensure_tools
  ensure_packages postgresql
  WORK=$(mktemp -d "/tmp/crashdesk-bench-$name.XXXXXX")
  chmod 755 "$WORK"
  # CRASHDESK_BENCH_KEEP=1 leaves the cluster running with its data, to look at query plans afterwards.
  if [ "${CRASHDESK_BENCH_KEEP:-}" = 1 ]; then
    trap 'log "kept: psql -h 127.0.0.1 -p $PG_PORT -U postgres; stop with: runuser -u postgres -- $PG_BIN/pg_ctl -D $WORK/pg stop"' EXIT
  else
    trap 'set +e; stop_cluster "$WORK/pg"; rm -rf "$WORK"' EXIT
  fi
  PG_PORT=$(random_free_port)
  init_cluster "$WORK/pg"
  start_cluster "$WORK/pg" "$PG_PORT" "$@"
}

# s3rver for a service benchmark beside its cluster (start_bench_cluster first): sets S3_PORT,
# serves bucket crashdesk-bench from $WORK/s3, and is stopped with the cluster on exit.
start_bench_s3rver() {
  S3_PORT=$(random_free_port)
  mkdir -p "$WORK/s3"
  node --openssl-legacy-provider scripts/s3rver-test.js "$WORK/s3" 127.0.0.1 "$S3_PORT" crashdesk-bench >"$WORK/s3rver.log" 2>&1 &
  S3_PID=$!
  trap 'set +e; kill "$S3_PID" 2>/dev/null; stop_cluster "$WORK/pg"; rm -rf "$WORK"' EXIT
  wait_for_port "$S3_PORT" s3rver
}

# The engine binary the worker runs per analysis (README "Worker"): src/Cli published NativeAOT into
# artifacts/engine (or $1), once — published again only when a source or build file of the CLI or of what it
# references changed (their hash is kept beside the binary). NativeAOT links with the C toolchain (gcc; clang
# is preferred when present) against zlib's headers. Prints the binary's path.
ensure_engine() {
  local out=${1:-$ROOT/artifacts/engine} hash
  ensure_packages gcc zlib1g-dev
  hash=$(cd "$ROOT" && find src/Cli src/Analysis src/Disassembly -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) \
           -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum | cat - Directory.Build.props Directory.Packages.props | sha256sum | cut -d' ' -f1)
  if [ ! -x "$out/crashdesk" ] || [ "$(cat "$out/.sources.sha256" 2>/dev/null)" != "$hash" ]; then
    log "publishing the engine (NativeAOT src/Cli) to $out"
    dotnet publish "$ROOT/src/Cli" -c Release -r linux-x64 -o "$out" -nologo -v quiet -clp:ErrorsOnly >&2 \
      || die "the NativeAOT publish of src/Cli failed"
    echo "$hash" > "$out/.sources.sha256"
  fi
  echo "$out/crashdesk"
}
