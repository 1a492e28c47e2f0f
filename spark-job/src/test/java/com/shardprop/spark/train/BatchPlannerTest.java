package com.shardprop.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private static List<BatchPlanner.Slices> epoch(BatchPlanner planner) {
        List<BatchPlanner.Slices> steps = new ArrayList<>();
        BatchPlanner.Epoch epoch = planner.startEpoch();
        while (epoch.hasNext()) {
            steps.add(epoch.next());
        }
        return steps;
    }

    @Test
    void slicesTileEveryPartitionOnce() {
        long[] sizes = {1, 4, 5, 10, 0, 7};
        BatchPlanner planner = new BatchPlanner(sizes, 4);
        List<BatchPlanner.Slices> steps = epoch(planner);

        assertEquals(7, planner.stepsPerEpoch());
        assertEquals(7, steps.size());
        int[] expectedStart = new int[sizes.length];
        for (BatchPlanner.Slices step : steps) {
            for (int p = 0; p < sizes.length; p++) {
                assertEquals(expectedStart[p], step.start()[p], "partition " + p + " start in " + step);
                assertTrue(step.end()[p] >= step.start()[p], "partition " + p + " slice in " + step);
                expectedStart[p] = step.end()[p];
            }
        }
        for (int p = 0; p < sizes.length; p++) {
            assertEquals(sizes[p], expectedStart[p], "rows of partition " + p + " covered in the epoch");
        }
    }

    @Test
    void stepSizesAreTheGlobalBatch() {
        BatchPlanner planner = new BatchPlanner(new long[] {1, 4, 5, 10, 0, 7}, 4);
        List<BatchPlanner.Slices> steps = epoch(planner);
        for (int s = 0; s < steps.size(); s++) {
            BatchPlanner.Slices step = steps.get(s);
            long sum = 0;
            for (int p = 0; p < 6; p++) {
                sum += step.end()[p] - step.start()[p];
            }
            long expected = s < steps.size() - 1 ? 4 : 27 - 6 * 4;
            assertEquals(expected, step.rows(), "rows of step " + s);
            assertEquals(expected, sum, "slice lengths of step " + s);
        }
    }

    @Test
    void sharesStayNearProportion() {
        long[] sizes = {3, 1000, 17, 250};
        long total = 1270;
        BatchPlanner.Epoch epoch = new BatchPlanner(sizes, 7).startEpoch();
        long positions = 0;
        while (epoch.hasNext()) {
            BatchPlanner.Slices step = epoch.next();
            positions += step.rows();
            for (int p = 0; p < sizes.length; p++) {
                double proportional = (double) positions * sizes[p] / total;
                assertEquals(proportional, step.end()[p], 1 + sizes.length / 2.0, "partition " + p + " after " + positions + " rows");
            }
        }
    }

    @Test
    void fullBatchIsOneStepOfEverything() {
        BatchPlanner planner = new BatchPlanner(new long[] {0, 1, 0, 2, 0, 0, 0, 0}, 100);
        List<BatchPlanner.Slices> steps = epoch(planner);
        assertEquals(1, steps.size());
        assertEquals(3, planner.batchSize());
        assertEquals(3, steps.get(0).rows());
        assertEquals(1, steps.get(0).end()[1]);
        assertEquals(2, steps.get(0).end()[3]);
        assertEquals(0, steps.get(0).end()[0]);
    }

    @Test
    void everyEpochHasTheSameSlices() {
        BatchPlanner planner = new BatchPlanner(new long[] {5, 3, 9}, 4);
        List<BatchPlanner.Slices> first = epoch(planner);
        List<BatchPlanner.Slices> second = epoch(planner);
        assertEquals(first.toString(), second.toString());
        assertFalse(first.isEmpty());
    }
}
