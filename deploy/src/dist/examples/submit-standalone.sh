#!/usr/bin/env bash
# Trains Fashion-MNIST on a Spark standalone cluster with spark-submit (client mode: the driver
# runs here, executors on the workers).
#
# Change: SPARK_HOME, MASTER (your master's spark://HOST:PORT), DATA (a path every worker can read:
# HDFS, S3, NFS, or the same local path on every node), OUTPUT (where the driver writes the model),
# and the memory lines: executor memory must hold the executor's share of the cached training
# blocks (rows x features x 8 bytes, divided by the number of executors) plus about 1 GB.
#
# Checked in the Shardprop build: 'bash -n', shellcheck, and the job options against
# 'bin/shardprop train --help'. The spark-submit call here was not run
# by the build; the integration test submits the same job class to a standalone cluster on
# 127.0.0.1 through bin/shardprop.
set -euo pipefail

SPARK_HOME="${SPARK_HOME:?set SPARK_HOME to the Spark 4 installation}"
SHARDPROP_HOME="${SHARDPROP_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
MASTER="${MASTER:-spark://spark-master.example.com:7077}"
DATA="${DATA:-/usr/share/datasets/fashion-mnist}"
OUTPUT="${OUTPUT:-/tmp/shardprop/fashion-mnist-$(date +%F)}"

"$SPARK_HOME/bin/spark-submit" \
  --master "$MASTER" \
  --deploy-mode client \
  --class com.shardprop.spark.cli.Main \
  --driver-memory 2g \
  --executor-memory 2g \
  --executor-cores 2 \
  --total-executor-cores 8 \
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
