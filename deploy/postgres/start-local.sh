#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback and creates the role and databases the silo and the
# tests use (Host=127.0.0.1;Username=recall;Password=recall). Idempotent. Installs the package
# first when it is missing (apt-get), as on a fresh CI machine. Runs as root, or through sudo.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version  *main .*online"; then
  as_root pg_ctlcluster "$version" main start
fi

as_postgres() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }
for _ in $(seq 1 30); do as_postgres "-c 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done
as_postgres "-c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'recall') THEN CREATE ROLE recall LOGIN PASSWORD 'recall' CREATEDB; END IF; END \\\$\\\$;\""
for db in recall recall_tests; do
  if [ -z "$(as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"")" ]; then
    as_postgres "-c 'CREATE DATABASE $db OWNER recall'"
  fi
done
echo "PostgreSQL $version is running on 127.0.0.1:5432 (role recall, databases recall and recall_tests)."
