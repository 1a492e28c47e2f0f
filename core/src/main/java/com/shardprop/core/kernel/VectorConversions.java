package com.shardprop.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code double} ↔ {@code float} conversions of whole vectors for {@link VectorFloatKernel}: one
 * preferred {@code double} vector of L lanes converts to a {@code float} vector of the same L lanes
 * and half the bits (8 lanes with AVX-512: {@code vcvtpd2ps} and {@code vcvtps2pd}). The scalar
 * loops these replace took about a quarter of a float training step (BENCHMARKS.md). Loaded only
 * when {@code jdk.incubator.vector} is present.
 */
final class VectorConversions {

    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS =
            FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    private static final int LANES = DOUBLES.length();

    private VectorConversions() {
    }

    /** Vector form of {@link FloatMatrixKernel#narrow}. */
    static void narrow(double[] source, int sourceOffset, float[] target, int targetOffset, int length) {
        checkRange(source.length, sourceOffset, target.length, targetOffset, length);
        int i = 0;
        for (int bound = length - LANES; i <= bound; i += LANES) {
            FloatVector narrowed = (FloatVector) DoubleVector.fromArray(DOUBLES, source, sourceOffset + i)
                    .convertShape(VectorOperators.D2F, FLOATS, 0);
            narrowed.intoArray(target, targetOffset + i);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = (float) source[sourceOffset + i];
        }
    }

    /** Vector form of {@link FloatMatrixKernel#widen}. */
    static void widen(float[] source, int sourceOffset, double[] target, int targetOffset, int length) {
        checkRange(source.length, sourceOffset, target.length, targetOffset, length);
        int i = 0;
        for (int bound = length - LANES; i <= bound; i += LANES) {
            DoubleVector widened = (DoubleVector) FloatVector.fromArray(FLOATS, source, sourceOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            widened.intoArray(target, targetOffset + i);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = source[sourceOffset + i];
        }
    }

    /** Vector form of {@link FloatMatrixKernel#addWidened}. */
    static void addWidened(float[] source, int sourceOffset, double[] target, int targetOffset, int length) {
        checkRange(source.length, sourceOffset, target.length, targetOffset, length);
        int i = 0;
        for (int bound = length - LANES; i <= bound; i += LANES) {
            DoubleVector widened = (DoubleVector) FloatVector.fromArray(FLOATS, source, sourceOffset + i)
                    .convertShape(VectorOperators.F2D, DOUBLES, 0);
            widened.add(DoubleVector.fromArray(DOUBLES, target, targetOffset + i))
                    .intoArray(target, targetOffset + i);
        }
        for (; i < length; i++) {
            target[targetOffset + i] += source[sourceOffset + i];
        }
    }

    /** Fails like the scalar loops would, before any element is written. */
    private static void checkRange(int sourceLength, int sourceOffset, int targetLength, int targetOffset, int length) {
        if (length < 0 || sourceOffset < 0 || targetOffset < 0
                || sourceOffset > sourceLength - length || targetOffset > targetLength - length) {
            throw new ArrayIndexOutOfBoundsException("conversion of " + length + " values from offset "
                    + sourceOffset + " of " + sourceLength + " into offset " + targetOffset + " of " + targetLength);
        }
    }
}
