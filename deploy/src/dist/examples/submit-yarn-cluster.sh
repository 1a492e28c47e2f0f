#!/usr/bin/env bash
# Trains on YARN in cluster mode: the driver runs in the YARN application master's container, so
# this machine may disconnect once the job is accepted. The model and metrics paths must be on
# shared storage (HDFS, S3), because the driver writes them on a cluster node. With
# spark.yarn.submit.waitAppCompletion=true (the default) spark-submit waits and exits non-zero
# when the application fails; it does not pass on the job's own exit code (2 for invalid input),
# so read the metrics file or the YARN logs for the reason. spark.yarn.maxAppAttempts=1 keeps
# YARN from starting the whole training again after a driver failure; the scheduler that runs
# this script decides about retries.
#
# Change: HADOOP_CONF_DIR, QUEUE, DATA, OUTPUT and the memory lines. The driver container needs
# spark.driver.memory plus spark.driver.memoryOverhead; the driver holds the parameters, the
# optimizer state and one gradient sum per task of the last aggregation level, not the data.
#
# Checked in the Shardprop build: 'bash -n', shellcheck, and the job options against
# 'bin/shardprop train --help'. Not run: no YARN cluster is available
# to the build.
set -euo pipefail

SPARK_HOME="${SPARK_HOME:?set SPARK_HOME to the Spark 4 installation}"
export HADOOP_CONF_DIR="${HADOOP_CONF_DIR:?set HADOOP_CONF_DIR to the cluster client configuration}"
SHARDPROP_HOME="${SHARDPROP_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
QUEUE="${QUEUE:-default}"
DATA="${DATA:-hdfs:///datasets/fashion-mnist}"
OUTPUT="${OUTPUT:-hdfs:///models/shardprop/fashion-mnist/$(date +%F)}"

"$SPARK_HOME/bin/spark-submit" \
  --master yarn \
  --deploy-mode cluster \
  --queue "$QUEUE" \
  --name "shardprop-fashion-mnist-$(date +%F)" \
  --class com.shardprop.spark.cli.Main \
  --driver-memory 2g \
  --conf spark.driver.memoryOverhead=512m \
  --num-executors 4 \
  --executor-cores 2 \
  --executor-memory 2g \
  --conf spark.executor.memoryOverhead=512m \
  --conf spark.yarn.submit.waitAppCompletion=true \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=com.shardprop.spark.ShardpropKryoRegistrator \
  --conf spark.kryoserializer.buffer.max=64m \
  --conf spark.driver.maxResultSize=1g \
  "$SHARDPROP_HOME/lib/shardprop-spark-job.jar" \
  train \
  --train "$DATA/train-images-idx3-ubyte.gz" \
  --test "$DATA/t10k-images-idx3-ubyte.gz" \
  --layers 784,256:relu,128:relu,10:softmax \
  --epochs 10 \
  --partitions 8 \
  --output "$OUTPUT/model.shardprop" \
  --metrics-out "$OUTPUT/metrics.json"
