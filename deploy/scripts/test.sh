#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need,
# then builds every module and runs unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B verify "$@"
