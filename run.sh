#!/usr/bin/env bash
# Runs Crashdesk on this machine (Debian 12, as root): installs what is missing, starts a private
# PostgreSQL cluster under .crashdesk/pg (owned by postgres), applies the migrations, and starts the
# Api host (REST + UI + in-process worker, each analysis in a child process of the NativeAOT engine) at http://127.0.0.1:5080 with the object store in
# .crashdesk/blobs. The first start prints the administrator's password and an API key, once.
# Re-running keeps the data. Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
. scripts/lib.sh

[ "$(id -u)" = 0 ] || die "run as root: the script installs packages and runs PostgreSQL as the postgres user"
ensure_tools
ensure_packages postgresql liblzo2-2 libsnappy1v5 libzstd1 zlib1g
command -v npm >/dev/null || die "Node.js/npm are not installed (they come preinstalled; Debian's npm conflicts with it)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (front-end assets)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

DATA="$ROOT/.crashdesk"
PG_DIR="$DATA/pg"
mkdir -p "$DATA" "$DATA/blobs"
chmod 755 "$DATA"
check_traversable_by_postgres "$DATA"

# The database password is generated once and kept beside the data (mode 600, root only).
if [ ! -s "$DATA/pg.password" ]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$DATA/pg.password")
fi
PG_PASSWORD=$(cat "$DATA/pg.password")
init_cluster "$PG_DIR" "$DATA/pg.password"

API_PID=""
STARTED_PG=0
cleanup() {
  set +e
  # The terminal may be gone (or a pipe reader killed by the same Ctrl-C): a failed message must not
  # end the clean-up before PostgreSQL is stopped.
  trap '' PIPE
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    log "stopping the Api"
    kill -TERM "$API_PID"
    wait "$API_PID" 2>/dev/null
  fi
  if [ "$STARTED_PG" = 1 ]; then
    log "stopping PostgreSQL"
    stop_cluster "$PG_DIR"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if cluster_is_running "$PG_DIR"; then
  # Left running by an earlier run that was killed without its trap: take it over.
  PG_PORT=$(sed -n 4p "$PG_DIR/postmaster.pid")
  log "PostgreSQL already running on port $PG_PORT"
else
  PG_PORT=$(free_port_from 5433)
  start_cluster "$PG_DIR" "$PG_PORT"
fi
STARTED_PG=1
export PGPASSWORD="$PG_PASSWORD"
if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'crashdesk'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE crashdesk"
fi
unset PGPASSWORD
log "PostgreSQL: 127.0.0.1:$PG_PORT (data in $PG_DIR)"

port_is_free 5080 || die "port 5080 is in use: stop whatever listens on 127.0.0.1:5080 first"
log "building the service (dotnet publish, Release)"
dotnet publish src/Api -c Release -o "$DATA/app" -nologo -v quiet -clp:ErrorsOnly
# Each analysis runs in a child process of the NativeAOT engine (README "Worker"): published once into
# artifacts/engine, again only when its sources change.
ENGINE=$(ensure_engine)

log "starting the Api with the in-process worker at http://127.0.0.1:5080 (Ctrl-C to stop)"
(
  cd "$DATA/app"
  export ASPNETCORE_URLS=http://127.0.0.1:5080
  export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=crashdesk"
  export Database__MigrateOnStart=true
  export Worker__RunInProcess=true
  export Analysis__Engine__Mode=ChildProcess
  export Analysis__Engine__Path="$ENGINE"
  export Storage__Provider=Local
  export Storage__LocalPath="$DATA/blobs"
  # Used only when stdout is not a terminal (./run.sh > log): the first-start secrets go there, 0600.
  export Bootstrap__CredentialsFile="$DATA/first-start-credentials.txt"
  exec dotnet Crashdesk.Api.dll
) &
API_PID=$!
wait "$API_PID"
