"""Nightly Shardprop training in Apache Airflow.

train  -> SparkSubmitOperator runs the Shardprop job; a non-zero exit status of spark-submit
          fails the task (client mode passes on the job's own status: 2 invalid input, 1 other).
gate   -> reads the run's metrics file and fails unless the run succeeded with at least
          MIN_ACCURACY test accuracy.
promote -> points MODEL_ROOT/latest at the run's dated folder, only after the gate passed.

Each run writes to MODEL_ROOT/<logical date>/, so a re-run of a day overwrites only that day.

Change: the connection "spark_default" (Admin > Connections: host spark://HOST:PORT or yarn),
JAR, DATA, MODEL_ROOT (a folder the Airflow worker and the Spark driver both see: in client mode
the driver runs on the Airflow worker), MIN_ACCURACY and the Spark settings.

Needs apache-airflow (2.x, whose "schedule" argument this uses) and
apache-airflow-providers-apache-spark. Checked in the Shardprop build: compiled with
py_compile, and the job options in application_args checked against
"bin/shardprop train --help"; Airflow itself was not installed or run there.
"""

import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "/opt/shardprop/lib/shardprop-spark-job.jar"
DATA = "/usr/share/datasets/fashion-mnist"
MODEL_ROOT = "/var/lib/shardprop/fashion-mnist"
MIN_ACCURACY = 0.85

RUN_DIR = MODEL_ROOT + "/{{ ds }}"


def check_metrics(run_dir: str, minimum: float) -> None:
    """Fails the task unless run_dir/metrics.json reports success and enough test accuracy."""
    path = os.path.join(run_dir, "metrics.json")
    with open(path, encoding="utf-8") as f:
        metrics = json.load(f)
    accuracy = (metrics.get("test") or {}).get("accuracy")
    if metrics.get("status") != "succeeded" or accuracy is None or accuracy < minimum:
        # AirflowFailException: a retry would read the same file, so do not retry.
        raise AirflowFailException(
            f"{path}: status {metrics.get('status')}, test accuracy {accuracy}; "
            f"required status succeeded and accuracy >= {minimum}")


def promote(run_dir: str) -> None:
    """Points MODEL_ROOT/latest at run_dir in one rename."""
    staging = os.path.join(MODEL_ROOT, "latest.new")
    if os.path.lexists(staging):
        os.remove(staging)
    os.symlink(os.path.basename(run_dir), staging)
    os.replace(staging, os.path.join(MODEL_ROOT, "latest"))


with DAG(
    dag_id="shardprop_fashion_mnist",
    start_date=datetime(2026, 1, 1),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["shardprop"],
) as dag:
    train = SparkSubmitOperator(
        task_id="train",
        conn_id="spark_default",
        application=JAR,
        java_class="com.shardprop.spark.cli.Main",
        name="shardprop-fashion-mnist-{{ ds }}",
        deploy_mode="client",
        driver_memory="2g",
        executor_memory="2g",
        executor_cores=2,
        total_executor_cores=8,
        conf={
            "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
            "spark.kryo.registrator": "com.shardprop.spark.ShardpropKryoRegistrator",
            "spark.kryoserializer.buffer.max": "64m",
            "spark.driver.maxResultSize": "1g",
        },
        application_args=[
            "train",
            "--train", DATA + "/train-images-idx3-ubyte.gz",
            "--test", DATA + "/t10k-images-idx3-ubyte.gz",
            "--layers", "784,256:relu,128:relu,10:softmax",
            "--epochs", "10",
            "--partitions", "8",
            "--output", RUN_DIR + "/model.shardprop",
            "--metrics-out", RUN_DIR + "/metrics.json",
        ],
    )

    gate = PythonOperator(
        task_id="gate",
        python_callable=check_metrics,
        op_kwargs={"run_dir": RUN_DIR, "minimum": MIN_ACCURACY},
    )

    promote_model = PythonOperator(
        task_id="promote",
        python_callable=promote,
        op_kwargs={"run_dir": RUN_DIR},
    )

    train >> gate >> promote_model
