package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The INFO lines ProgressLog writes, captured from Log4j 2 without printing them. */
class ProgressLogTest {

    private static final String LOGGER = ProgressLog.class.getName();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private LoggerContext context;

    @BeforeEach
    void captureInfo() {
        context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender = new AbstractAppender("progress-log-capture", null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
        logger.addAppender(appender, Level.INFO, null);
        context.getConfiguration().addLogger(LOGGER, logger);
        context.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        Configuration configuration = context.getConfiguration();
        configuration.removeLogger(LOGGER);
        context.updateLoggers();
    }

    @Test
    void failureBeforeStartLogged() {
        ProgressLog log = new ProgressLog(0, new ManualClock(Instant.EPOCH));
        log.onFailure(new IOException("cannot create the checkpoint folder"));

        assertEquals(List.of("Training failed before it started: java.io.IOException: cannot create the checkpoint"
                + " folder"), lines);
    }

    @Test
    void failureAfterStartNamesStep() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        ProgressLog log = new ProgressLog(0, clock);
        log.onStart(Map.of(), 1, 10);
        clock.advance(Duration.ofMillis(2500));
        log.onStep(1, 3, 0.5, 0.1, 96);
        log.onFailure(new IllegalStateException("diverged"));

        assertEquals(2, lines.size(), lines::toString);
        assertEquals("Training failed after 2.5 s at step 3: java.lang.IllegalStateException: diverged", lines.get(1));
    }
}
