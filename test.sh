#!/usr/bin/env bash
# Runs Evalstore's whole test suite. It installs and starts what the tests need when it is missing:
# PostgreSQL (a cluster on 127.0.0.1, a test role, a throwaway database per test run) and Chromium (browser tests).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL: start the newest cluster, make sure it listens on loopback, and create the test role.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  as_root pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'evalstore_test') THEN
        CREATE ROLE evalstore_test LOGIN CREATEDB CREATEROLE PASSWORD 'evalstore_test';
      END IF; END \\\$\\\$;\"" >/dev/null
  export EVALSTORE_TEST_PG="${EVALSTORE_TEST_PG:-Host=127.0.0.1;Port=5432;Username=evalstore_test;Password=evalstore_test;Database=postgres}"
  # Each test run creates its own database (evalstore_test_<UTC yyyyMMddHHmmss>_<random>) and drops it at the end; a
  # run that was killed leaves its database behind. Drop those older than a day (never a run still going).
  cutoff=$(date -u -d '1 day ago' +%Y%m%d%H%M%S)
  as_root su postgres -c "psql -Atq -c \"SELECT datname FROM pg_database WHERE datname ~ '^evalstore_(test|bench)_[0-9]{14}_'
      AND substring(datname from '[0-9]{14}') < '$cutoff'\"" | while read -r stale; do
    as_root su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS \"$stale\" WITH (FORCE)'" || true
  done
fi
if command -v chromium >/dev/null 2>&1; then
  export EVALSTORE_TEST_CHROMIUM="${EVALSTORE_TEST_CHROMIUM:-$(command -v chromium)}"
fi

dotnet test Evalstore.slnx -c Release --logger "console;verbosity=minimal" "$@"
