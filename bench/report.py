#!/usr/bin/env python3
"""Turn JMH JSON results of the Shardprop benchmarks into the GFLOP/s tables of BENCHMARKS.md.

Usage: python3 bench/report.py RESULT.json [RESULT.json ...]

Each JMH iteration's average time per operation becomes one GFLOP/s figure. A table row shows
the median over the measurement iterations with the minimum and maximum. It also shows the
ratio of that median to EJML's and to netlib's median for the same precision, product and
batch size.
FLOP counts follow LayerProduct.java: a product costs 2*m*n*k; a training step is the forward
products of the three layers, their weight gradients, and the error propagation of layers 2
and 3 (element-wise work is not counted).
"""
import json
import statistics
import sys

LAYERS = [(784, 256), (256, 128), (128, 10)]  # (in, out) of 784-256-128-10

PRODUCT_FLOPS = {
    "FORWARD": lambda batch, inp, out: 2.0 * batch * out * inp,
    "WEIGHT_GRADIENT": lambda batch, inp, out: 2.0 * out * inp * batch,
    "ERROR": lambda batch, inp, out: 2.0 * batch * inp * out,
}


def product_flops(product, batch):
    kind, layer = product.rsplit("_", 1)
    inp, out = LAYERS[int(layer) - 1]
    return PRODUCT_FLOPS[kind](batch, inp, out)


def step_flops(batch):
    forward = sum(2.0 * batch * inp * out for inp, out in LAYERS)
    weight_gradient = forward
    error = sum(2.0 * batch * inp * out for inp, out in LAYERS[1:])
    return forward + weight_gradient + error


def rows_of(results):
    rows = []
    for result in results:
        params = result.get("params", {})
        batch = int(params["batch"])
        if "product" in params:
            flops = product_flops(params["product"], batch)
            name = params["product"]
        else:
            flops = step_flops(batch)
            name = "TRAINING_STEP"
        precision = params.get("precision", "double")
        microseconds = [t for fork in result["primaryMetric"]["rawData"] for t in fork]
        gflops = sorted(flops / (t * 1e3) for t in microseconds)
        rows.append({
            "product": name, "batch": batch, "precision": precision, "kernel": params["kernel"],
            "median": statistics.median(gflops), "min": gflops[0], "max": gflops[-1],
            "mflop": flops / 1e6,
        })
    return rows


def ratio(row, rows, kernel):
    for other in rows:
        if (other["kernel"] == kernel and other["product"] == row["product"]
                and other["batch"] == row["batch"] and other["precision"] == row["precision"]):
            return "%.2f" % (row["median"] / other["median"])
    return "-"


def main(paths):
    rows = []
    for path in paths:
        with open(path) as handle:
            rows.extend(rows_of(json.load(handle)))
    kernels = ["ejml", "netlib", "vector"]
    rows.sort(key=lambda row: (row["product"] != "TRAINING_STEP", row["precision"], -row["batch"],
                               row["product"], kernels.index(row["kernel"])))
    print("| product | B | precision | MFLOP | kernel | GFLOP/s median | min–max | × EJML | × netlib |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| %s | %d | %s | %.1f | %s | %.1f | %.1f–%.1f | %s | %s |" % (
            row["product"], row["batch"], row["precision"], row["mflop"], row["kernel"],
            row["median"], row["min"], row["max"], ratio(row, rows, "ejml"), ratio(row, rows, "netlib")))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: report.py RESULT.json [RESULT.json ...]")
    main(sys.argv[1:])
