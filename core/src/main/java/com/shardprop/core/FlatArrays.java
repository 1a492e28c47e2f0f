package com.shardprop.core;

/** Small loops over flat double buffers shared by gradients, parameters and optimizers. */
final class FlatArrays {

    private FlatArrays() {
    }

    /** Returns the index of the first NaN or infinite value, or −1 if all are finite. */
    static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Returns {@code ‖v‖₂}, scaled to avoid overflow of the sum of squares for huge entries. */
    static double norm(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double sum = 0;
        double inverse = 1 / max;
        for (double v : values) {
            double scaled = v * inverse;
            sum += scaled * scaled;
        }
        return max * Math.sqrt(sum);
    }

    /** Checks that two buffers have equal length, naming both in the message. */
    static void requireSameLength(double[] a, String aName, double[] b, String bName) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(aName + " has " + a.length + " values but " + bName + " has " + b.length);
        }
    }
}
