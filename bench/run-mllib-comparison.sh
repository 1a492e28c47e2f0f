#!/usr/bin/env bash
# Runs the Shardprop vs Spark MLlib comparison (com.shardprop.bench.mllib.MllibComparison) and
# prints its table; the CSV and JSON go to bench/target/mllib-comparison/ unless --output says
# otherwise. BENCHMARKS.md describes the workloads and records a full run.
#
# Usage: bench/run-mllib-comparison.sh [--cluster] [MllibComparison options]
#   --cluster   start a 2-worker Spark standalone cluster on 127.0.0.1 with the distribution's
#               sbin/start-local-cluster.sh (build it first: mvn -B package -DskipTests), run
#               against it, and stop it afterwards
#   --size tiny a check on the committed 4,000-row sample that finishes in under a minute
#               (the script then defaults --data to that sample)
#   --help      the comparison's own options
#
# The script builds only the bench module, offline (set MAVEN_ARGS= to allow downloads), against
# the core and spark-job artifacts installed in the local Maven repository.
# Environment: JAVA_HOME, BENCH_HEAP (driver heap, default 6g), MAVEN_ARGS (default -o),
# SPARK_LOCAL_IP (the driver's address, default 127.0.0.1),
# BENCH_JAVA_OPTS (more driver JVM options, e.g. -Dshardprop.kernel=netlib to choose the matrix
# kernel; in local mode the executors run in the driver JVM and use it too).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
# Without SPARK_LOCAL_IP, Spark binds its driver to the host name's address, so default it to loopback.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a maven_args <<< "${MAVEN_ARGS--o}"

cluster=false
tiny=false
has_data=false
args=()
for arg in "$@"; do
  case "$arg" in
    --cluster) cluster=true ;;
    --size=tiny) tiny=true; args+=("$arg") ;;
    --data | --data=*) has_data=true; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done
for (( i = 0; i + 1 < ${#args[@]}; i++ )); do
  [[ "${args[i]}" == --size && "${args[i+1]}" == tiny ]] && tiny=true
done
if [[ "$tiny" == true && "$has_data" == false ]]; then
  args+=(--data "$ROOT/core/src/test/resources/fashion-mnist-sample")
fi

# --- Build the bench classes and resolve their classpath ---------------------------------------

classpath_file="$ROOT/bench/target/mllib-classpath.txt"
mvn -B -q -Dstyle.color=never "${maven_args[@]}" -pl bench compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=compile
# The file has no final newline, so read reports end of file after it filled the array.
IFS=':' read -r -a dependencies < "$classpath_file" || (( ${#dependencies[@]} > 0 ))

# The spark-job jar is shaded and also holds core; it goes first so that core's classes come from
# one build, the same one the executors load.
spark_job_jar=""
others=()
for jar in "${dependencies[@]}"; do
  case "$(basename "$jar")" in
    shardprop-spark-job-*.jar) spark_job_jar="$jar" ;;
    shardprop-core-*.jar) ;;
    *) others+=("$jar") ;;
  esac
done
[[ -n "$spark_job_jar" ]] || { echo "run-mllib-comparison.sh: error: no shardprop-spark-job jar on the bench" \
  "classpath; install it with: mvn -B -pl core,spark-job install -DskipTests" >&2; exit 1; }
classpath="$ROOT/bench/target/classes:$spark_job_jar:$(IFS=':'; echo "${others[*]}")"

# Spark's Java 17 module options, as the parent pom lists them for every JVM that runs Spark.
read -r -a jvm_flags <<< "$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$ROOT/pom.xml")"

# --- Optionally start the standalone cluster ---------------------------------------------------

if [[ "$cluster" == true ]]; then
  dist="$(compgen -G "$ROOT/deploy/target/shardprop-*-bin/shardprop-*" | head -n 1 || true)"
  [[ -n "$dist" && -x "$dist/sbin/start-local-cluster.sh" ]] || { echo "run-mllib-comparison.sh: error:" \
    "no distribution in deploy/target; build it with: mvn -B package -DskipTests" >&2; exit 1; }
  state="$ROOT/bench/target/mllib-cluster"
  "$dist/sbin/stop-local-cluster.sh" --dir "$state" > /dev/null 2>&1 || true
  master="$("$dist/sbin/start-local-cluster.sh" --dir "$state" --workers 2 --worker-cores 1 --worker-memory 3g)"
  trap '"$dist/sbin/stop-local-cluster.sh" --dir "$state" >&2' EXIT

  # Executors get Spark from the cluster; ship Shardprop, the bench classes and what MLlib adds.
  bench_jar="$ROOT/bench/target/mllib-comparison-classes.jar"
  jar cf "$bench_jar" -C "$ROOT/bench/target/classes" .
  ship=("$spark_job_jar" "$bench_jar")
  for jar in "${others[@]}"; do
    name="$(basename "$jar")"
    case "$name" in
      junit-* | opentest4j-* | apiguardian-* | jmh-* | jopt-simple-* | commons-math3-*) continue ;;
    esac
    [[ -e "$dist/lib/spark/jars/$name" ]] || ship+=("$jar")
  done
  args=(--master "$master" --expect-executors 2 --conf "spark.jars=$(IFS=','; echo "${ship[*]}")"
    --conf spark.executor.memory=2560m --conf spark.cores.max=2 "${args[@]}")
fi

# The distribution's logging setup: Shardprop at INFO, Spark at WARN, all on stderr.
read -r -a extra_options <<< "${BENCH_JAVA_OPTS:-}"
"$JAVA" "${jvm_flags[@]}" -Xmx"${BENCH_HEAP:-6g}" ${extra_options[@]+"${extra_options[@]}"} \
  -Dlog4j2.configurationFile="file:$ROOT/deploy/src/dist/conf/log4j2.properties" -cp "$classpath" \
  com.shardprop.bench.mllib.MllibComparison "${args[@]}"
