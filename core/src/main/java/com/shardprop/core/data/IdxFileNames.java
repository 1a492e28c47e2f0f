package com.shardprop.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard file names of MNIST-style IDX data sets, used to find a labels file next to its
 * images file: {@code train-images-idx3-ubyte[.gz]} pairs with {@code train-labels-idx1-ubyte[.gz]}
 * and {@code t10k-images-idx3-ubyte} with {@code t10k-labels-idx1-ubyte}. The dotted spelling
 * {@code train-images.idx3-ubyte} of some mirrors is recognised too.
 */
public final class IdxFileNames {

    private static final String[][] IMAGE_TO_LABEL_PARTS = {
            {"images-idx3", "labels-idx1"},
            {"images.idx3", "labels.idx1"},
    };
    private static final String GZIP_SUFFIX = ".gz";

    private IdxFileNames() {
    }

    /**
     * Returns the candidate labels file names for an images file name, the same compression first,
     * then the other; an empty list if the name does not follow the standard pattern.
     *
     * @param imagesFileName a bare file name such as {@code train-images-idx3-ubyte.gz}
     */
    public static List<String> labelFileCandidates(String imagesFileName) {
        List<String> candidates = new ArrayList<>();
        for (String[] parts : IMAGE_TO_LABEL_PARTS) {
            int at = imagesFileName.lastIndexOf(parts[0]);
            if (at < 0) {
                continue;
            }
            String labels = imagesFileName.substring(0, at) + parts[1] + imagesFileName.substring(at + parts[0].length());
            candidates.add(labels);
            candidates.add(labels.endsWith(GZIP_SUFFIX)
                    ? labels.substring(0, labels.length() - GZIP_SUFFIX.length())
                    : labels + GZIP_SUFFIX);
        }
        return candidates;
    }
}
