package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobDescriptionsTest {

    @Test
    void trainingStepNamesEpochAndStep() {
        assertEquals("shardprop train epoch 3/20 step 412/1180", JobDescriptions.trainingStep(3, 20, 412, 1180));
    }

    @Test
    void evaluationNamesDataSet() {
        assertEquals("shardprop train epoch 3/20 evaluate validation", JobDescriptions.evaluation(3, 20, "validation"));
    }

    @Test
    void taskNamesCommand() {
        assertEquals("shardprop train load training data", JobDescriptions.task("train", "load training data"));
    }
}
