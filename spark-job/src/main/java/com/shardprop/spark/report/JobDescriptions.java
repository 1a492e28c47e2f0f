package com.shardprop.spark.report;

import java.util.Locale;

/**
 * Descriptions for the Spark jobs a run starts, shown in the Spark UI and the history server.
 * The trainer passes them to {@code SparkContext.setJobDescription} (a thread-local property)
 * before the action that starts each job, for example
 * {@code "shardprop train epoch 3/20 step 412/1180"}.
 */
public final class JobDescriptions {

    private static final String PREFIX = "shardprop ";

    private JobDescriptions() {}

    /**
     * Describes the job of one optimizer step.
     *
     * @param epoch current epoch, from 1
     * @param epochs epochs in the run
     * @param step step counted from 1 over the whole run
     * @param totalSteps steps in the run (epochs × steps per epoch)
     */
    public static String trainingStep(int epoch, int epochs, long step, long totalSteps) {
        return String.format(Locale.ROOT, "%strain epoch %d/%d step %d/%d", PREFIX, epoch, epochs, step, totalSteps);
    }

    /**
     * Describes the evaluation after an epoch, such as
     * {@code "shardprop train epoch 3/20 evaluate validation"}.
     *
     * @param dataSet which data is evaluated: {@code validation} or {@code test}
     */
    public static String evaluation(int epoch, int epochs, String dataSet) {
        return String.format(Locale.ROOT, "%strain epoch %d/%d evaluate %s", PREFIX, epoch, epochs, dataSet);
    }

    /**
     * Describes any other job of a command, such as {@code "shardprop train load training data"}
     * or {@code "shardprop predict write predictions"}.
     *
     * @param command the CLI subcommand: {@code train}, {@code evaluate} or {@code predict}
     * @param task what the job does, in a few lower-case words
     */
    public static String task(String command, String task) {
        return PREFIX + command + " " + task;
    }
}
