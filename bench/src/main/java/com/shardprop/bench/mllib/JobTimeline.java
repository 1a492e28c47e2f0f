package com.shardprop.bench.mllib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Records the start and end of every Spark job and the run time of its tasks, so that a
 * benchmark can split a training step into driver work, task compute and the rest of the job.
 *
 * <p>Times are the driver's wall clock in milliseconds ({@code System.currentTimeMillis}), as
 * Spark stamps its listener events. Task times come from Spark's task metrics and are measured
 * on the executor: {@code executorRunTime} is the time the task's function ran, which for a
 * training step includes reading the broadcast parameters and the forward and backward passes.
 *
 * <p>Spark delivers events on its listener thread, after the fact; call {@link #drain} before
 * reading the records of jobs that just ended.
 */
final class JobTimeline extends SparkListener {

    /** Spark's local property for the job description ({@code SparkContext.SPARK_JOB_DESCRIPTION}). */
    private static final String DESCRIPTION = "spark.job.description";

    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();

    /** One job as the listener saw it; task figures add up as task-end events arrive. */
    static final class Job {
        final int id;
        final long startMillis;
        /** The call sites of the job's stages, each followed by "; ". */
        final String callSite;
        final String description;
        volatile long endMillis = -1;
        long maxRunMillis;
        long sumRunMillis;

        Job(int id, long startMillis, String callSite, String description) {
            this.id = id;
            this.startMillis = startMillis;
            this.callSite = callSite == null ? "" : callSite;
            this.description = description == null ? "" : description;
        }

        /** Returns the time from job submission to job end in milliseconds. */
        long spanMillis() {
            return endMillis - startMillis;
        }
    }

    /** Adds a new timeline to {@code context}'s listener bus. */
    static JobTimeline attach(SparkContext context) {
        JobTimeline timeline = new JobTimeline();
        context.addSparkListener(timeline);
        return timeline;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        Properties properties = start.properties();
        // Spark names each stage by its call site, such as "treeAggregate at GradientDescent.scala:…".
        StringBuilder callSite = new StringBuilder();
        for (StageInfo stage : CollectionConverters.asJava(start.stageInfos())) {
            callSite.append(stage.name()).append("; ");
        }
        String description = properties == null ? null : properties.getProperty(DESCRIPTION);
        jobs.put(start.jobId(), new Job(start.jobId(), start.time(), callSite.toString(), description));
        for (Object stage : CollectionConverters.asJava(start.stageIds())) {
            jobOfStage.put((Integer) stage, start.jobId());
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Job job = jobs.get(end.jobId());
        if (job != null) {
            job.endMillis = end.time();
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskMetrics metrics = end.taskMetrics();
        Integer jobId = jobOfStage.get(end.stageId());
        Job job = jobId == null ? null : jobs.get(jobId);
        if (job == null || metrics == null) {
            return;
        }
        synchronized (job) {
            job.maxRunMillis = Math.max(job.maxRunMillis, metrics.executorRunTime());
            job.sumRunMillis += metrics.executorRunTime();
        }
    }

    /**
     * Waits until Spark delivered every event posted so far. {@code listenerBus()} is
     * {@code private[spark]} in Scala but public in the bytecode.
     */
    static void drain(SparkContext context) {
        try {
            context.listenerBus().waitUntilEmpty(60_000);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not deliver its events within 60 s;"
                    + " the job timings of this run are incomplete", e);
        }
    }

    /** Returns the ended jobs that {@code filter} accepts, in job id order (submission order). */
    List<Job> endedJobs(Predicate<Job> filter) {
        List<Job> selected = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.endMillis >= 0 && filter.test(job)) {
                selected.add(job);
            }
        }
        selected.sort((a, b) -> Integer.compare(a.id, b.id));
        return selected;
    }

    /** Forgets every job recorded so far. */
    void clear() {
        jobs.clear();
        jobOfStage.clear();
    }

    /** Accepts the jobs of Shardprop's training steps (their description names the step). */
    static boolean isShardpropStep(Job job) {
        return job.description.contains(" step ");
    }

    /**
     * Accepts the jobs of MLlib's gradient-descent iterations: one {@code treeAggregate} per
     * iteration, apart from the other jobs {@code GradientDescent} runs, such as counting the rows.
     */
    static boolean isMllibGradientDescentIteration(Job job) {
        return job.callSite.contains("treeAggregate at GradientDescent");
    }
}
