package com.shardprop.spark.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the {@link RunRecord} of a run from the listener calls, and hands the finished record
 * (succeeded or failed) to its sinks, such as the metrics JSON and HTML report writers.
 *
 * <p>Timing: an epoch lasts from the previous {@code onEpoch} (or {@code onStart}) to this one,
 * so its seconds include evaluation; its throughput divides the examples of its steps by the time
 * from the epoch's start to its last {@code onStep}, so evaluation is excluded.
 */
public final class RunRecorder implements TrainingListener {

    private final Clock clock;
    private final List<Consumer<RunRecord>> sinks;

    private final ProgressTracker progress;
    private Map<String, String> configuration = Map.of();
    private final List<EpochRecord> history = new ArrayList<>();
    private RunRecord finished;

    /**
     * @param clock source of timestamps ({@code Clock.systemUTC()} outside tests)
     * @param sinks called in order with the final record, from {@code onFinish} or {@code onFailure}
     */
    public RunRecorder(Clock clock, List<Consumer<RunRecord>> sinks) {
        this.clock = clock;
        this.sinks = List.copyOf(sinks);
        this.progress = new ProgressTracker(clock);
    }

    @Override
    public void onStart(Map<String, String> configuration, int epochs, long stepsPerEpoch) {
        this.configuration = new LinkedHashMap<>(configuration);
        this.progress.start(epochs, stepsPerEpoch);
        this.history.clear();
        this.finished = null;
    }

    @Override
    public void onStep(int epoch, long step, double loss, double learningRate, long examples) {
        requireStarted("onStep");
        progress.step(step, examples);
    }

    @Override
    public void onEpoch(int epoch, long step, double trainingLoss, double learningRate,
            EvaluationMetrics validation) {
        requireStarted("onEpoch");
        history.add(new EpochRecord(
                epoch,
                step,
                EvaluationMetrics.finiteOrNull(trainingLoss),
                validation == null ? null : validation.loss(),
                validation == null ? null : validation.accuracy(),
                validation == null ? null : validation.rmse(),
                EvaluationMetrics.finiteOrNull(learningRate),
                progress.epochSeconds(),
                progress.examplesPerSecond()));
        progress.endEpoch();
    }

    @Override
    public void onFinish(EvaluationMetrics test, String modelPath) {
        requireStarted("onFinish");
        complete(new RunRecord(RunRecord.FORMAT, RunRecord.FORMAT_VERSION, RunStatus.SUCCEEDED, null,
                progress.startedAt(), clock.instant(), configuration, history, test, modelPath));
    }

    @Override
    public void onFailure(Throwable error) {
        // A run that failed before onStart (while loading data, say) is recorded as starting now.
        Instant startedAt = progress.started() ? progress.startedAt() : clock.instant();
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        complete(new RunRecord(RunRecord.FORMAT, RunRecord.FORMAT_VERSION, RunStatus.FAILED, message,
                startedAt, clock.instant(), configuration, history, null, null));
    }

    /** Returns the record so far: status {@code running} until the run finishes or fails. */
    public RunRecord record() {
        if (finished != null) {
            return finished;
        }
        return new RunRecord(RunRecord.FORMAT, RunRecord.FORMAT_VERSION, RunStatus.RUNNING, null,
                progress.started() ? progress.startedAt() : clock.instant(), null, configuration, history, null, null);
    }

    private void complete(RunRecord record) {
        finished = record;
        sinks.forEach(sink -> sink.accept(record));
    }

    private void requireStarted(String call) {
        if (!progress.started()) {
            throw new IllegalStateException(call + " was called before onStart; the trainer must call"
                    + " onStart(configuration, epochs, stepsPerEpoch) once before the first step.");
        }
    }
}
