#!/usr/bin/env bash
# One scheduled training run, for cron or a systemd timer: trains into a folder named by the
# date, checks the metrics file, and only then points MODEL_ROOT/latest at the new model.
# Consumers read MODEL_ROOT/latest/model.shardprop, so a failed or worse run never replaces
# the model they use.
#
# Exit status (cron mails it, systemd records it in the unit's state):
#   0  trained, gate passed, latest updated
#   2  invalid arguments or input (Shardprop's own code): fix the data or options, a retry
#      gives the same result
#   3  trained, but the gate rejected the model (status or test accuracy); latest unchanged
#   1  any other failure (cluster, memory, I/O): a retry may succeed
#
# Change: SHARDPROP_HOME, DATA, MODEL_ROOT, MIN_ACCURACY, LAYERS, EPOCHS and the other training
# options. To train on a cluster, export SPARK_HOME and SHARDPROP_MASTER (e.g. spark://HOST:7077
# or yarn). Without them it runs in local mode.
#
# Checked in the Shardprop build: 'bash -n', shellcheck, the job options against
# 'bin/shardprop train --help', and runs in local mode on the committed Fashion-MNIST sample
# (LocalModeIT), one of them rejected by the gate.
set -euo pipefail

SHARDPROP_HOME="${SHARDPROP_HOME:-$(cd "$(dirname "$0")/../.." && pwd)}"
DATA="${DATA:-/usr/share/datasets/fashion-mnist}"
MODEL_ROOT="${MODEL_ROOT:-/var/lib/shardprop/fashion-mnist}"
MIN_ACCURACY="${MIN_ACCURACY:-0.85}"
RUN_DATE="${RUN_DATE:-$(date +%F)}"
EPOCHS="${EPOCHS:-10}"
LAYERS="${LAYERS:-784,256:relu,128:relu,10:softmax}"

run_dir="$MODEL_ROOT/$RUN_DATE"
mkdir -p "$run_dir"
launcher_options=()
[[ -n "${SHARDPROP_MASTER:-}" ]] && launcher_options+=(--master "$SHARDPROP_MASTER")

echo "$(date -Is) training into $run_dir" >&2
status=0
"$SHARDPROP_HOME/bin/shardprop" "${launcher_options[@]}" \
  train \
  --train "$DATA/train-images-idx3-ubyte.gz" \
  --test "$DATA/t10k-images-idx3-ubyte.gz" \
  --layers "$LAYERS" \
  --epochs "$EPOCHS" \
  --output "$run_dir/model.shardprop" \
  --metrics-out "$run_dir/metrics.json" || status=$?

case "$status" in
  0) ;;
  2) echo "$(date -Is) rejected: invalid arguments or input (exit 2); see the message above" >&2; exit 2 ;;
  *) echo "$(date -Is) training failed with exit status $status" >&2; exit 1 ;;
esac

# The gate: the run must say it succeeded and reach MIN_ACCURACY on the test set.
if ! python3 - "$run_dir/metrics.json" "$MIN_ACCURACY" <<'PY'
import json, sys
path, minimum = sys.argv[1], float(sys.argv[2])
with open(path, encoding="utf-8") as f:
    metrics = json.load(f)
accuracy = (metrics.get("test") or {}).get("accuracy")
if metrics.get("status") != "succeeded" or accuracy is None or accuracy < minimum:
    print(f"gate rejected {path}: status {metrics.get('status')}, test accuracy {accuracy},"
          f" required at least {minimum}", file=sys.stderr)
    sys.exit(1)
print(f"gate passed: test accuracy {accuracy:.4f} >= {minimum}", file=sys.stderr)
PY
then
  exit 3
fi

# Replace the link in one rename, so that readers see the old or the new model, never neither.
ln -sfn "$RUN_DATE" "$MODEL_ROOT/latest.new"
mv -T "$MODEL_ROOT/latest.new" "$MODEL_ROOT/latest"
echo "$(date -Is) $MODEL_ROOT/latest -> $RUN_DATE" >&2
