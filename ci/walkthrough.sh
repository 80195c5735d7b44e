#!/usr/bin/env bash
# The main job: installs what is missing, builds retort and runs the seed
# walkthrough (examples/seed/run.sh) on SQLite, printing each step.
# Extra arguments go to run.sh, e.g. --url postgresql://test:test@127.0.0.1/test
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DRETORT_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
RETORT="$(pwd)/build/release/retort" RETORT_DRIVER_PATH="$(pwd)/build/release/drivers" \
    exec bash examples/seed/run.sh "$@"
