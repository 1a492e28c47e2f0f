package com.shardprop.deploy;

import com.shardprop.core.Model;
import com.shardprop.core.Predictor;
import com.shardprop.core.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The committed Fashion-MNIST sample (the first 4,000 training and 1,000 test rows of the real
 * data set), whose folder failsafe passes in {@code shardprop.sample.dir}.
 */
final class FashionMnistSample {

    private FashionMnistSample() {}

    static Path folder() {
        return Path.of(System.getProperty("shardprop.sample.dir",
                "../core/src/test/resources/fashion-mnist-sample")).toAbsolutePath().normalize();
    }

    static Path trainImages() {
        return folder().resolve("train-images-idx3-ubyte.gz");
    }

    static Path testImages() {
        return folder().resolve("t10k-images-idx3-ubyte.gz");
    }

    /**
     * Returns the fraction of the 1,000 held-out test rows that {@code model} classifies
     * correctly, computed in this JVM with core (pixels scaled to [0, 1] as the IDX reader
     * does, then the model's own feature scaling, if any).
     */
    static double testAccuracy(Model model) throws IOException {
        LabeledImages test = LabeledImages.read(testImages(), folder().resolve("t10k-labels-idx1-ubyte.gz"));
        int[] predicted = new Predictor(model).predictClasses(test.pixels(), test.rows());
        int correct = 0;
        for (int row = 0; row < test.rows(); row++) {
            if (predicted[row] == test.labels()[row]) {
                correct++;
            }
        }
        return (double) correct / test.rows();
    }
}
