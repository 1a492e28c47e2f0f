#!/usr/bin/env bash
# Trains on Kubernetes with spark-submit in cluster mode: the driver and the executors run as
# pods built from IMAGE (see kubernetes/Dockerfile), and the data and the output live on a
# PersistentVolumeClaim mounted at /data in every pod (ReadOnlyMany is enough for the data;
# the driver writes the model and metrics, so the claim must allow writes from the driver pod).
#
# Change: K8S_API (kubectl cluster-info prints it), NAMESPACE, SERVICE_ACCOUNT (needs the
# rights to create and delete executor pods), IMAGE, PVC and the memory lines. A pod's memory
# request is spark.executor.memory plus spark.executor.memoryOverhead; raise the overhead when
# pods end with OOMKilled. spark-submit waits for the driver pod
# (spark.kubernetes.submission.waitAppCompletion=true) and exits non-zero when it fails, but
# does not pass on the job's own exit code: the driver pod's log and the metrics file give the
# reason.
#
# Checked in the Shardprop build: 'bash -n', shellcheck, and the job options against
# 'bin/shardprop train --help'. Not run: no Kubernetes cluster is
# available to the build.
set -euo pipefail

SPARK_HOME="${SPARK_HOME:?set SPARK_HOME to the Spark 4 installation}"
K8S_API="${K8S_API:-https://kubernetes.example.com:6443}"
NAMESPACE="${NAMESPACE:-ml}"
SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-spark}"
IMAGE="${IMAGE:-registry.example.com/shardprop:0.1.0}"
PVC="${PVC:-shardprop-data}"
RUN_DATE="$(date +%F)"

"$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$K8S_API" \
  --deploy-mode cluster \
  --name "shardprop-fashion-mnist-$RUN_DATE" \
  --class com.shardprop.spark.cli.Main \
  --conf spark.kubernetes.namespace="$NAMESPACE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="$SERVICE_ACCOUNT" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.submission.waitAppCompletion=true \
  --conf spark.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName="$PVC" \
  --conf spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path=/data \
  --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.claimName="$PVC" \
  --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path=/data \
  --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.readOnly=true \
  --conf spark.driver.memory=2g \
  --conf spark.driver.memoryOverhead=512m \
  --conf spark.executor.instances=4 \
  --conf spark.executor.cores=2 \
  --conf spark.kubernetes.executor.request.cores=2 \
  --conf spark.executor.memory=2g \
  --conf spark.executor.memoryOverhead=512m \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  --conf spark.kryo.registrator=com.shardprop.spark.ShardpropKryoRegistrator \
  --conf spark.kryoserializer.buffer.max=64m \
  --conf spark.driver.maxResultSize=1g \
  local:///opt/shardprop/lib/shardprop-spark-job.jar \
  train \
  --train /data/fashion-mnist/train-images-idx3-ubyte.gz \
  --test /data/fashion-mnist/t10k-images-idx3-ubyte.gz \
  --layers 784,256:relu,128:relu,10:softmax \
  --epochs 10 \
  --partitions 8 \
  --output "/data/models/fashion-mnist/$RUN_DATE/model.shardprop" \
  --metrics-out "/data/models/fashion-mnist/$RUN_DATE/metrics.json"
