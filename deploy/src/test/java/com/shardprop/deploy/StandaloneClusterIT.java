package com.shardprop.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Training on a real Spark standalone cluster: a master and two workers started as separate JVMs
 * on 127.0.0.1 by sbin/start-local-cluster.sh, the job submitted through bin/shardprop (client
 * mode, the driver in the launcher's JVM), executors in JVMs the workers launch. The second test
 * kills one executor JVM in the middle of training, and Spark re-runs its tasks on a replacement.
 * Every task is a pure function of (broadcast parameters, cached partition, step, seed), so the
 * model must match the undisturbed run's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

    /** Well below what this network reaches on the sample (about 0.8), well above chance (0.1). */
    private static final double MIN_TEST_ACCURACY = 0.70;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern FINISHED_TASK = Pattern.compile("Finished task ");

    private static Distribution distribution;
    private static LocalCluster cluster;
    private static Path work;
    private static Path referenceModel;
    private static long referenceTaskCount;

    @BeforeAll
    static void startCluster() throws IOException {
        distribution = Distribution.assembled();
        work = Files.createDirectories(Commands.workFolder().resolve("standalone-" + System.currentTimeMillis()));
        cluster = LocalCluster.start(distribution, work.resolve("cluster"), 2, "1g");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void trainsModelOnCluster() throws IOException {
        Path model = work.resolve("reference.model");
        List<String> before = cluster.applicationIds();

        ProcessResult result = submitTraining(model).finish(JOB_TIMEOUT);

        assertEquals(0, result.exitCode(), "training on " + cluster.masterUrl() + " failed: " + result.describe());
        String applicationId = newApplication(before);
        assertEquals(2, cluster.executorFolders(applicationId).size(),
                "expected one executor on each worker for " + applicationId);
        double accuracy = FashionMnistSample.testAccuracy(ModelFile.load(model));
        assertTrue(accuracy >= MIN_TEST_ACCURACY, "test accuracy " + accuracy + " < " + MIN_TEST_ACCURACY);
        referenceModel = model;
        referenceTaskCount = finishedTasks(applicationId);
    }

    @Test
    @Order(2)
    void executorLossKeepsModel() throws Exception {
        assertNotNull(referenceModel, "the undisturbed run (trainsModelOnCluster) did not produce a model");
        Path model = work.resolve("executor-lost.model");
        List<String> before = cluster.applicationIds();

        Commands.Started job = submitTraining(model);
        String applicationId = awaitNewApplication(before, job);
        // Half the undisturbed run's tasks: past loading and caching the data, inside the steps.
        ProcessHandle executor = awaitFinishedTasks(applicationId, referenceTaskCount / 2, job);
        assertTrue(job.process().isAlive(), "the job ended before an executor could be killed: " + job.log());
        executor.destroyForcibly();
        executor.onExit().get(1, TimeUnit.MINUTES);
        ProcessResult result = job.finish(JOB_TIMEOUT);

        assertEquals(0, result.exitCode(), "training after losing an executor failed: " + result.describe());
        assertTrue(cluster.executorFolders(applicationId).size() >= 3,
                "no replacement executor was started for " + applicationId);
        // Bit for bit: the trainer adds the partition sums in partition order, not in the order
        // the tasks finish, so a re-run task changes nothing.
        assertArrayEquals(ModelFile.load(referenceModel).parameters().values(),
                ModelFile.load(model).parameters().values());
    }

    /** Starts bin/shardprop train against the cluster on the committed sample. */
    private static Commands.Started submitTraining(Path model) {
        List<String> command = new ArrayList<>(List.of(distribution.launcher().toString(),
                "--master", cluster.masterUrl(),
                "--total-executor-cores", "2",
                "--executor-memory", "512m",
                "--driver-memory", "1g",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.kryo.registrationRequired=true",
                "train",
                "--train", FashionMnistSample.trainImages().toString(),
                "--layers", "784,32:relu,10:softmax",
                "--epochs", "3",
                "--batch-size", "100",
                "--partitions", "4",
                "--seed", "11",
                "--output", model.toString()));
        return Commands.start(command, work,
                Commands.environment("SPARK_HOME", null, "SHARDPROP_DRY_RUN", null, "SPARK_LOCAL_IP", "127.0.0.1"));
    }

    private String newApplication(List<String> before) {
        List<String> added = new ArrayList<>(cluster.applicationIds());
        added.removeAll(before);
        assertEquals(1, added.size(), "expected one new application on the cluster, found " + added);
        return added.get(0);
    }

    private String awaitNewApplication(List<String> before, Commands.Started job) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> added = new ArrayList<>(cluster.applicationIds());
            added.removeAll(before);
            if (!added.isEmpty()) {
                return added.get(0);
            }
            failIfEnded(job, "before its application started");
            Thread.sleep(100);
        }
        throw new AssertionError("no application started on " + cluster.masterUrl() + "; see " + job.log());
    }

    /** Waits until the application's executors have finished {@code count} tasks, returns one of them. */
    private ProcessHandle awaitFinishedTasks(String applicationId, long count, Commands.Started job)
            throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (finishedTasks(applicationId) >= count) {
                for (Path folder : cluster.executorFolders(applicationId)) {
                    Optional<ProcessHandle> executor = LocalCluster.executorProcess(folder);
                    if (executor.isPresent()) {
                        return executor.get();
                    }
                }
            }
            failIfEnded(job, "before " + count + " tasks had finished");
            Thread.sleep(50);
        }
        throw new AssertionError("executors of " + applicationId + " did not finish " + count + " tasks in time");
    }

    private static void failIfEnded(Commands.Started job, String when) {
        if (!job.process().isAlive()) {
            fail("the job ended " + when + ": " + job.finish(Duration.ZERO).describe());
        }
    }

    /** Counts the "Finished task" lines in the executor logs (worker-N/APP/EXEC/stderr) of an application. */
    private long finishedTasks(String applicationId) {
        long count = 0;
        for (Path folder : cluster.executorFolders(applicationId)) {
            Path stderr = folder.resolve("stderr");
            if (Files.exists(stderr)) {
                try {
                    Matcher matcher = FINISHED_TASK.matcher(Files.readString(stderr));
                    while (matcher.find()) {
                        count++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Failed to read executor log " + stderr, e);
                }
            }
        }
        return count;
    }
}
