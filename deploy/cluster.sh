#!/usr/bin/env bash
# A local cluster for trying and testing: PostgreSQL and N silos on loopback ports.
#   deploy/cluster.sh start [N]   start PostgreSQL (installing it if needed) and N silos (default 2)
#   deploy/cluster.sh status      which silos run, and their health
#   deploy/cluster.sh stop        stop the silos (PostgreSQL keeps running)
# Silo i serves HTTP on http://127.0.0.1:$((5100 + i)) and talks to the other silos (Orleans) on
# 127.0.0.1:$((11110 + i)); they find each other in PostgreSQL's membership table. Logs and pids: .cluster/.
# Environment: RECALL_ADMIN_KEY (default: a development key), RECALL_POSTGRES (connection string),
# RECALL_CLOCK=Manual to share a manual clock between the silos.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.cluster
mkdir -p "$state"
admin_key=${RECALL_ADMIN_KEY:-dev-admin-key-change-me-in-production}
# A pool per silo well under the server's max_connections (100 by default) divided by the silos.
postgres=${RECALL_POSTGRES:-Host=127.0.0.1;Port=5432;Username=recall;Password=recall;Database=recall;Maximum Pool Size=20}

start() {
  local count=${1:-2}
  bash deploy/postgres/start-local.sh
  dotnet build src/Silo -c Release -o "$state/bin" >/dev/null
  for i in $(seq 1 "$count"); do
    local port=$((5100 + i))
    if [ -f "$state/silo$i.pid" ] && kill -0 "$(cat "$state/silo$i.pid")" 2>/dev/null; then
      echo "silo $i already runs on http://127.0.0.1:$port"
      continue
    fi
    ASPNETCORE_URLS="http://127.0.0.1:$port" Api__AdminKey="$admin_key" \
      Storage__Provider=Postgres Storage__Postgres__ConnectionString="$postgres" \
      Orleans__SiloPort=$((11110 + i)) Orleans__AdvertisedAddress=127.0.0.1 \
      Clock__Mode="${RECALL_CLOCK:-System}" OTEL_SERVICE_NAME="recall-silo-$i" \
      nohup dotnet "$state/bin/Recall.Silo.dll" >"$state/silo$i.log" 2>&1 &
    echo $! >"$state/silo$i.pid"
    echo "silo $i: http://127.0.0.1:$port (log $state/silo$i.log)"
  done
}

status() {
  for pid_file in "$state"/silo*.pid; do
    [ -e "$pid_file" ] || { echo "no silos"; return; }
    local i=${pid_file##*/silo}; i=${i%.pid}
    if kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "silo $i (pid $(cat "$pid_file")): $(curl -s "http://127.0.0.1:$((5100 + i))/healthz" || echo 'not answering')"
    else
      echo "silo $i: stopped"
    fi
  done
}

stop() {
  for pid_file in "$state"/silo*.pid; do
    [ -e "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  done
  echo "silos stopped"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac
