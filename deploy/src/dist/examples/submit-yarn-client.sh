#!/usr/bin/env bash
# Trains on YARN in client mode: the driver runs on this machine (so the model file and the
# metrics file are written here, and the job's exit code is this script's exit code), the
# executors in YARN containers.
#
# Change: HADOOP_CONF_DIR (the cluster's client configuration), QUEUE, DATA and OUTPUT (HDFS or
# S3 paths the executors can read), and the memory lines. A YARN container holds the executor heap
# plus spark.executor.memoryOverhead (off-heap: netty buffers, thread stacks); raise the overhead
# when YARN kills containers for exceeding their memory limit.
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
OUTPUT="${OUTPUT:-/tmp/shardprop/fashion-mnist-$(date +%F)}"

"$SPARK_HOME/bin/spark-submit" \
  --master yarn \
  --deploy-mode client \
  --queue "$QUEUE" \
  --class com.shardprop.spark.cli.Main \
  --driver-memory 2g \
  --num-executors 4 \
  --executor-cores 2 \
  --executor-memory 2g \
  --conf spark.executor.memoryOverhead=512m \
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
