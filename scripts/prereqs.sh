#!/usr/bin/env bash
# Makes sure a bare Debian machine with only Rust has what crossrota's build and tests need.
# Installs missing packages with apt-get (as root, or through sudo); otherwise stops and prints
# the exact command to run. Sourced by scripts/test, scripts/demo and .ci/run.
#
# Usage: prereqs.sh [--postgres] [--highs]
#   --highs     the C/C++ toolchain that builds HiGHS (cmake, clang, libclang, g++); the default
#               build includes HiGHS, so anything that builds it needs this
#   --postgres  a PostgreSQL server with a `test` database for the integration tests
set -euo pipefail

need_pkgs=()
want_postgres=0
want_highs=0
for arg in "$@"; do
  case "$arg" in
    --postgres) want_postgres=1 ;;
    --highs) want_highs=1 ;;
  esac
done

have() { command -v "$1" >/dev/null 2>&1; }

have cc || need_pkgs+=(gcc)
have pkg-config || true
if [ "$want_highs" = 1 ]; then
  have cmake || need_pkgs+=(cmake)
  have clang || need_pkgs+=(clang)
  ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ls /usr/lib/*-linux-gnu/libclang*.so* >/dev/null 2>&1 || need_pkgs+=(libclang-dev)
  have g++ || need_pkgs+=(g++)
fi
if [ "$want_postgres" = 1 ]; then
  have psql || need_pkgs+=(postgresql-client)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need_pkgs+=(postgresql)
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "crossrota: installing missing packages: ${need_pkgs[*]}" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
  elif have sudo && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"
  else
    echo "crossrota: missing packages. Run this, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

if [ "$want_postgres" = 1 ]; then
  export CROSSROTA_TEST_POSTGRES_URL="${CROSSROTA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
  if ! psql "$CROSSROTA_TEST_POSTGRES_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    # Try to start a local cluster that is installed but stopped.
    if have pg_ctlcluster && [ "$(id -u)" = 0 ]; then
      ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
      if [ -n "$ver" ]; then
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start >/dev/null 2>&1 || true
        sleep 2
      fi
    fi
  fi
  if ! psql "$CROSSROTA_TEST_POSTGRES_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    # A cluster exists but the test database or trust auth may not: try to create the database.
    if [ "$(id -u)" = 0 ] && have su; then
      su postgres -c "psql -qtAc \"select 1 from pg_database where datname='test'\" | grep -q 1 || createdb test" >/dev/null 2>&1 || true
    fi
  fi
  if ! psql "$CROSSROTA_TEST_POSTGRES_URL" -qtAc 'select 1' >/dev/null 2>&1; then
    echo "crossrota: the storage tests need PostgreSQL at $CROSSROTA_TEST_POSTGRES_URL (trust auth)." >&2
    echo "  Start it, e.g.: sudo pg_ctlcluster 15 main start && sudo -u postgres createdb test" >&2
    echo "  or point CROSSROTA_TEST_POSTGRES_URL at another server." >&2
    exit 1
  fi
fi
