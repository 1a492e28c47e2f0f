#!/usr/bin/env python3
"""Cut the committed Fashion-MNIST sample from the full IDX files.

Usage: make-sample.py [SOURCE_DIR]   (default /usr/share/datasets/fashion-mnist)
Writes the first TRAIN_ROWS training rows and TEST_ROWS test rows, unchanged,
as gzip IDX files into the current directory. mtime=0 keeps the output
byte-identical across runs.
"""
import gzip
import struct
import sys

TRAIN_ROWS = 4000
TEST_ROWS = 1000


def cut(source_dir, name, rows):
    data = gzip.open(f"{source_dir}/{name}").read()
    magic = struct.unpack(">I", data[:4])[0]
    dimension_count = magic & 0xFF
    header_end = 4 + 4 * dimension_count
    dims = list(struct.unpack(">" + "I" * dimension_count, data[4:header_end]))
    row_bytes = 1
    for size in dims[1:]:
        row_bytes *= size
    if rows > dims[0]:
        raise SystemExit(f"{name}: expected at least {rows} rows, found {dims[0]}")
    dims[0] = rows
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * dimension_count, *dims)
    with gzip.GzipFile(name, "wb", mtime=0) as out:
        out.write(header + data[header_end:header_end + rows * row_bytes])


def main():
    source_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    cut(source_dir, "train-images-idx3-ubyte.gz", TRAIN_ROWS)
    cut(source_dir, "train-labels-idx1-ubyte.gz", TRAIN_ROWS)
    cut(source_dir, "t10k-images-idx3-ubyte.gz", TEST_ROWS)
    cut(source_dir, "t10k-labels-idx1-ubyte.gz", TEST_ROWS)


if __name__ == "__main__":
    main()
