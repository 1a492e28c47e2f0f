#!/usr/bin/env bash
# Stops the Spark standalone cluster that start-local-cluster.sh started in a state folder:
# exactly the processes whose ids it recorded there (workers first, then the master), and
# executors those workers left running in their work folders.
set -euo pipefail

DIST="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
state_dir="$DIST/work/local-cluster"
grace_seconds=15

while (( $# > 0 )); do
  case "$1" in
    --dir) state_dir="${2:?--dir needs a value}"; shift 2 ;;
    -h | --help)
      echo "Usage: stop-local-cluster.sh [--dir DIR]   (default DIR: $state_dir)"
      exit 0 ;;
    *) echo "stop-local-cluster.sh: error: unknown option '$1'; run with --help for the options" >&2; exit 2 ;;
  esac
done
if [[ ! -d "$state_dir" ]]; then
  echo "stop-local-cluster.sh: no cluster state in $state_dir (folder not found); nothing to stop" >&2
  exit 0
fi
state_dir="$(cd "$state_dir" && pwd -P)"

# True when PID is running with this cluster's marker on its command line (a recorded id the
# system has since given to another process does not match).
is_cluster_process() {
  local pid="$1"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "-Dshardprop.local.cluster=$state_dir"
}

# Sends SIGTERM to PID, waits up to the grace period for it to exit, then sends SIGKILL.
stop_process() {
  local pid="$1" name="$2" waited=0
  kill -TERM "$pid" 2> /dev/null || return 0
  while kill -0 "$pid" 2> /dev/null && (( waited < grace_seconds * 10 )); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2> /dev/null; then
    echo "stop-local-cluster.sh: $name (process $pid) still running after $grace_seconds s; sending SIGKILL" >&2
    kill -KILL "$pid" 2> /dev/null || true
  fi
}

shopt -s nullglob
for pid_file in "$state_dir"/worker-*.pid "$state_dir"/master.pid; do
  [[ -f "$pid_file" ]] || continue
  name="$(basename "$pid_file" .pid)"
  pid="$(cat "$pid_file")"
  if is_cluster_process "$pid"; then
    stop_process "$pid" "$name"
    echo "stopped $name (process $pid)" >&2
  else
    echo "$name (process $pid) is not running" >&2
  fi
  rm -f "$pid_file"
done

# A worker stops its executors when it gets SIGTERM, but one that was killed (SIGKILL) leaves
# them running until they notice. Executors run in the worker's work folder, under state_dir.
for proc in /proc/[0-9]*; do
  cwd="$(readlink "$proc/cwd" 2> /dev/null || true)"
  if [[ "$cwd" == "$state_dir"/worker-* ]]; then
    pid="${proc#/proc/}"
    stop_process "$pid" "executor"
    echo "stopped executor (process $pid) left in $cwd" >&2
  fi
done
