#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone. This is the README's test command, and CI runs
# exactly this. It installs the tools the deploy tests use when they are missing, then builds
# every module and runs the unit and integration tests, the Spark standalone cluster test too.
# Extra arguments go to Maven, e.g. deploy/scripts/test.sh -o for an offline build.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The deploy tests lint the shell scripts with shellcheck, parse the Kubernetes manifest with
# PyYAML and poll the standalone master with curl. The report test opens the HTML report in
# headless Chromium. All of them come from Debian's packages.
packages=()
command -v chromium > /dev/null || packages+=(chromium)
command -v shellcheck > /dev/null || packages+=(shellcheck)
command -v curl > /dev/null || packages+=(curl)
command -v python3 > /dev/null || packages+=(python3)
python3 -c 'import yaml' 2> /dev/null || packages+=(python3-yaml)

if (( ${#packages[@]} > 0 )); then
  if (( EUID == 0 )); then
    apt_get=(apt-get)
  elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
    apt_get=(sudo apt-get)
  else
    echo "test.sh: error: missing ${packages[*]}, and installing needs root or sudo;" \
      "run: sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
  echo "test.sh: installing ${packages[*]}" >&2
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${packages[@]}" > /dev/null
fi

exec mvn -B -Dstyle.color=never verify "$@"
