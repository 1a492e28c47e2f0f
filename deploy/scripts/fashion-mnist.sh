#!/usr/bin/env bash
# Trains an MLP on the full Fashion-MNIST data set in local mode and prints its test accuracy
# (the README's first command). On a fresh Debian machine with Java 17 and Maven it builds the
# distribution when it is missing and installs the data set when it is missing and apt-get can
# run (as root or through sudo without a password).
#
# Environment: FASHION_MNIST_DIR (default /usr/share/datasets/fashion-mnist), OUTPUT_DIR (default
# deploy/target/fashion-mnist), LAYERS (default 784,256:relu,128:relu,10:softmax), and any
# bin/shardprop variable (JAVA_HOME, SHARDPROP_JAVA_OPTS). Arguments are added to the train
# command, e.g. --epochs 5; the other options keep the train command's defaults.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
OUTPUT_DIR="${OUTPUT_DIR:-$ROOT/deploy/target/fashion-mnist}"
# Two hidden layers as in the data set's own MLP baselines (256-128-100 reaches 0.8833 there).
LAYERS="${LAYERS:-784,256:relu,128:relu,10:softmax}"
FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

fail() {
  echo "fashion-mnist.sh: error: $*" >&2
  exit 1
}

# --- The distribution ---------------------------------------------------------------------------

find_launcher() {
  compgen -G "$ROOT/deploy/target/shardprop-*-bin/shardprop-*/bin/shardprop" | head -n 1 || true
}
launcher="$(find_launcher)"
if [[ -z "$launcher" ]]; then
  command -v mvn > /dev/null || fail "the distribution is not built and Maven is not installed;" \
    "install it (Debian: apt-get install maven) and run this script again"
  echo "Building the distribution: mvn -B -q -Dstyle.color=never package -DskipTests (the first build downloads Spark, about 300 MB)" >&2
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never package -DskipTests)
  launcher="$(find_launcher)"
  [[ -n "$launcher" ]] || fail "the build finished but no deploy/target/shardprop-*-bin/*/bin/shardprop exists"
fi

# --- The data set --------------------------------------------------------------------------------

missing_files() {
  local file
  for file in "${FILES[@]}"; do
    [[ -f "$DATA/$file" ]] || echo "$file"
  done
}
if [[ -n "$(missing_files)" ]]; then
  if [[ "$DATA" == /usr/share/datasets/fashion-mnist ]] && command -v apt-get > /dev/null; then
    if (( EUID == 0 )); then
      apt_get=(apt-get)
    elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then
      apt_get=(sudo apt-get)
    else
      apt_get=()
    fi
    if (( ${#apt_get[@]} > 0 )); then
      echo "Installing the data set: ${apt_get[*]} install -y dataset-fashion-mnist" >&2
      "${apt_get[@]}" update -qq
      DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq dataset-fashion-mnist > /dev/null
    fi
  fi
  if [[ -n "$(missing_files)" ]]; then
    fail "Fashion-MNIST is missing from $DATA ($(missing_files | tr '\n' ' '))." \
      "Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian 12 or newer), or download" \
      "the four files ${FILES[*]} from https://github.com/zalandoresearch/fashion-mnist (folder data/fashion)" \
      "into a folder and run again with FASHION_MNIST_DIR=that-folder."
  fi
fi

# --- Train ---------------------------------------------------------------------------------------

mkdir -p "$OUTPUT_DIR"
echo "Training on $DATA; model and metrics go to $OUTPUT_DIR" >&2
"$launcher" train \
  --train "$DATA/train-images-idx3-ubyte.gz" \
  --test "$DATA/t10k-images-idx3-ubyte.gz" \
  --layers "$LAYERS" \
  --output "$OUTPUT_DIR/model.shardprop" \
  --metrics-out "$OUTPUT_DIR/metrics.json" \
  "$@"

python3 - "$OUTPUT_DIR/metrics.json" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    metrics = json.load(f)
print(f"Test accuracy: {metrics['test']['accuracy']:.4f} on {metrics['test']['examples']} test images")
PY
