#!/usr/bin/env bash
# Starts a Spark standalone cluster on this machine: one master and N workers, each its own JVM,
# all bound to 127.0.0.1 on free ports, run from the Spark jars in lib/spark/jars. Waits until
# every worker is registered with the master, then prints the master URL.
#
# The cluster's state folder receives master.pid and worker-N.pid (the ids that
# stop-local-cluster.sh stops), master.log and worker-N.log, master-url (spark://127.0.0.1:PORT),
# master-web-url, and the workers' work and scratch folders (executor logs are under
# worker-N/APP_ID/EXECUTOR_ID/stderr).
set -euo pipefail

DIST="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=libexec/shardprop-functions.sh
source "$DIST/libexec/shardprop-functions.sh"

workers=2
worker_cores=1
worker_memory=1g
daemon_memory="${SHARDPROP_DAEMON_MEMORY:-512m}"
state_dir="$DIST/work/local-cluster"
timeout_seconds=60

print_usage() {
  cat <<USAGE
Usage: start-local-cluster.sh [OPTIONS]

Starts a Spark standalone master and workers on 127.0.0.1 and prints the master URL.

Options:
  --workers N            workers to start (default: $workers)
  --worker-cores N       cores each worker offers to executors (default: $worker_cores)
  --worker-memory SIZE   memory each worker offers to executors, e.g. 1g (default: $worker_memory)
  --dir DIR              state folder for pid files, logs and work folders
                         (default: $state_dir)
  --timeout SECONDS      how long to wait for the master and the workers (default: $timeout_seconds)
  -h, --help             print this help

Environment: JAVA_HOME (Java 17 or newer), SHARDPROP_DAEMON_MEMORY (heap of the master and of
each worker JVM, default 512m; executors get spark.executor.memory).
Stop the cluster with: stop-local-cluster.sh --dir DIR
USAGE
}

while (( $# > 0 )); do
  case "$1" in
    --workers) workers="${2:?--workers needs a value}"; shift 2 ;;
    --worker-cores) worker_cores="${2:?--worker-cores needs a value}"; shift 2 ;;
    --worker-memory) worker_memory="${2:?--worker-memory needs a value}"; shift 2 ;;
    --dir) state_dir="${2:?--dir needs a value}"; shift 2 ;;
    --timeout) timeout_seconds="${2:?--timeout needs a value}"; shift 2 ;;
    -h | --help) print_usage; exit 0 ;;
    *) echo "start-local-cluster.sh: error: unknown option '$1'; run with --help for the options" >&2; exit 2 ;;
  esac
done
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "start-local-cluster.sh: error: --workers must be a positive integer, found '$workers'" >&2; exit 2; }
[[ "$timeout_seconds" =~ ^[1-9][0-9]*$ ]] || { echo "start-local-cluster.sh: error: --timeout must be a positive integer, found '$timeout_seconds'" >&2; exit 2; }

shardprop_find_java
shardprop_read_jvm_options "$DIST"
shardprop_check_spark_jars "$DIST/lib/spark"
command -v curl > /dev/null || shardprop_die "curl not found; it polls the master's JSON endpoint" \
  "(Debian: apt-get install curl)"

mkdir -p "$state_dir"
state_dir="$(cd "$state_dir" && pwd -P)"
if compgen -G "$state_dir/*.pid" > /dev/null; then
  shardprop_die "$state_dir already has pid files of a cluster;" \
    "stop it first with: $DIST/sbin/stop-local-cluster.sh --dir $state_dir"
fi

# Every JVM of this cluster carries the state folder on its command line, so that
# stop-local-cluster.sh can tell its processes from unrelated ones that reuse a recorded id.
export SPARK_HOME="$DIST/lib/spark"
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_DIRS="$state_dir/scratch"
mkdir -p "$SPARK_LOCAL_DIRS"
daemon_command=("$JAVA" "${SPARK_JVM_OPTIONS[@]}" -Xmx"$daemon_memory"
  -Dshardprop.local.cluster="$state_dir" -cp "$SPARK_HOME/jars/*")

# Stops whatever this script started so far when it fails part way.
stop_on_failure() {
  "$DIST/sbin/stop-local-cluster.sh" --dir "$state_dir" >&2 || true
}
trap stop_on_failure ERR

# Starts a JVM in the background with its output in LOG and records its id in PID_FILE.
start_daemon() {
  local pid_file="$1" log="$2"
  shift 2
  "$@" < /dev/null > "$log" 2>&1 &
  echo $! > "$pid_file"
}

# Prints the port Spark logged for SERVICE in LOG once it appears; fails when PID exits first
# or the timeout passes.
wait_for_port() {
  local service="$1" log="$2" pid="$3" deadline=$((SECONDS + timeout_seconds)) port
  while (( SECONDS < deadline )); do
    port="$(sed -n "s/.*Successfully started service '$service' on port \([0-9]*\).*/\1/p" "$log" | head -n 1)"
    if [[ -n "$port" ]]; then
      echo "$port"
      return 0
    fi
    kill -0 "$pid" 2> /dev/null || { echo "start-local-cluster.sh: error: process $pid exited before starting '$service'; last lines of $log:" >&2; tail -n 20 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "start-local-cluster.sh: error: '$service' did not start within $timeout_seconds s; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  return 1
}

# --- Master -------------------------------------------------------------------------------------

start_daemon "$state_dir/master.pid" "$state_dir/master.log" "${daemon_command[@]}" \
  -Dspark.master.rest.enabled=false \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
master_pid="$(cat "$state_dir/master.pid")"
master_port="$(wait_for_port sparkMaster "$state_dir/master.log" "$master_pid")"
web_port="$(wait_for_port MasterUI "$state_dir/master.log" "$master_pid")"
master_url="spark://127.0.0.1:$master_port"
web_url="http://127.0.0.1:$web_port"
echo "$master_url" > "$state_dir/master-url"
echo "$web_url" > "$state_dir/master-web-url"

# --- Workers ------------------------------------------------------------------------------------

for (( i = 1; i <= workers; i++ )); do
  mkdir -p "$state_dir/worker-$i"
  start_daemon "$state_dir/worker-$i.pid" "$state_dir/worker-$i.log" "${daemon_command[@]}" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores "$worker_cores" --memory "$worker_memory" --work-dir "$state_dir/worker-$i" "$master_url"
done

# The master's JSON status lists "aliveworkers"; wait until all of ours are there.
deadline=$((SECONDS + timeout_seconds))
alive=0
while (( SECONDS < deadline )); do
  alive="$(curl -fsS --max-time 5 "$web_url/json/" 2> /dev/null \
    | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p' || true)"
  (( ${alive:-0} >= workers )) && break
  for (( i = 1; i <= workers; i++ )); do
    pid="$(cat "$state_dir/worker-$i.pid")"
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "start-local-cluster.sh: error: worker $i (process $pid) exited; last lines of $state_dir/worker-$i.log:" >&2
      tail -n 20 "$state_dir/worker-$i.log" >&2
      false
    fi
  done
  sleep 0.5
done
if (( ${alive:-0} < workers )); then
  echo "start-local-cluster.sh: error: ${alive:-0} of $workers workers registered with $master_url" \
    "within $timeout_seconds s; see $state_dir/worker-*.log" >&2
  false
fi

trap - ERR
echo "Spark master $master_url (web UI $web_url) with $workers workers; state in $state_dir" >&2
echo "$master_url"
