package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.ShardpropKryoRegistrator;
import com.shardprop.spark.SparkDefaults;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The Spark settings of a command, as a picocli mixin: {@code --master} and repeatable
 * {@code --conf KEY=VALUE}. {@link #start} turns them into a running session.
 */
public final class SparkOptions {

    /** The master used when neither {@code --master} nor {@code spark.master} is set. */
    public static final String LOCAL_MASTER = "local[*]";

    private static final Logger LOG = LoggerFactory.getLogger(SparkOptions.class);

    /** Log4j 2 configuration for local runs without one: Shardprop at INFO, Spark and its libraries at WARN. */
    private static final String LOCAL_LOGGING = "com/shardprop/spark/cli/log4j2-local.properties";

    /** Spark's built-in master URLs, including local[N,MAX_FAILURES] and the test-only local-cluster[…]. */
    private static final Pattern MASTER_FORMS = Pattern.compile(
            "local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[[\\d,\\s]+]|spark://\\S+|yarn|k8s://\\S+");

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local, local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT."
                    + " Default: spark.master when set (spark-submit sets it), else " + LOCAL_MASTER
                    + " in this JVM.")
    private String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark property, such as spark.executor.memory=4g; repeatable. Overrides the"
                    + " settings Shardprop sets by default: Kryo with its registrator, and"
                    + " spark.task.maxDirectResultSize=" + SparkDefaults.MAX_DIRECT_RESULT_SIZE + ". Default: none.")
    private Map<String, String> settings = new LinkedHashMap<>();

    /** Returns the {@code --conf} settings in command-line order. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /**
     * Rejects a {@code --master} that matches none of Spark's built-in master URL forms, which Spark would
     * report only with a stack trace from inside SparkContext.
     */
    private void checkMaster() {
        // NOTE: a cluster manager plugged in through Spark's ExternalClusterManager has its own URL form,
        // which this check rejects; such a master can still be set with --conf spark.master=URL.
        if (master != null && !MASTER_FORMS.matcher(master.trim()).matches()) {
            throw new InvalidInputException("--master '" + master + "' is not a Spark master URL. Fix: use local,"
                    + " local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT.");
        }
    }

    /**
     * Starts Spark for a command, or joins the session already running in this JVM (a test's or a
     * notebook's), which is then left running on {@link SparkRun#close}.
     *
     * <p>A new session serializes with Kryo and {@link ShardpropKryoRegistrator} and sends task
     * results directly ({@link SparkDefaults}) unless {@code --conf} or spark-submit set other values. When the master is local and no Log4j 2 configuration was
     * given, Spark's INFO lines are turned off so that Shardprop's progress stays readable.
     *
     * @throws InvalidInputException for an empty {@code --conf} key or value, or a {@code --master} of no known form
     */
    public SparkRun start(String appName) {
        checkMaster();
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined()) {
            if (master != null || !settings.isEmpty()) {
                LOG.warn("Spark is already running in this JVM (master {}); --master and --conf are ignored",
                        running.get().sparkContext().master());
            }
            return new SparkRun(running.get(), false);
        }

        // Logging is set up before SparkConf exists, because Spark installs its own defaults on first use.
        String requestedMaster = master != null ? master
                : settings.getOrDefault("spark.master", System.getProperty("spark.master", LOCAL_MASTER));
        if (requestedMaster.startsWith("local")) {
            quietLocalLogging();
        }
        SparkConf conf = new SparkConf();
        SparkDefaults.settings().forEach(conf::setIfMissing);
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (setting.getKey().isBlank() || setting.getValue().isBlank()) {
                throw new InvalidInputException("--conf " + setting.getKey() + "=" + setting.getValue()
                        + " has an empty key or value; write --conf KEY=VALUE, for example"
                        + " --conf spark.executor.memory=4g.");
            }
            conf.set(setting.getKey(), setting.getValue());
        }
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(LOCAL_MASTER);
        }
        conf.setIfMissing("spark.app.name", appName);
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        LOG.info("Started Spark {} with master {}", session.version(), session.sparkContext().master());
        return new SparkRun(session, true);
    }

    /**
     * Installs {@link #LOCAL_LOGGING} when Log4j 2 runs without a configuration of its own. Spark
     * then keeps it, because Spark installs its INFO defaults only over Log4j's built-in default.
     */
    private static void quietLocalLogging() {
        if (System.getProperty("log4j2.configurationFile") != null
                || !(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        Configuration current = context.getConfiguration();
        if (!(current instanceof DefaultConfiguration)) {
            return;
        }
        URL resource = SparkOptions.class.getClassLoader().getResource(LOCAL_LOGGING);
        try {
            if (resource != null) {
                Configurator.reconfigure(resource.toURI());
            }
        } catch (URISyntaxException e) {
            LOG.warn("Cannot load the local logging configuration {}; Spark logs at its own levels", resource, e);
        }
    }

    /** A Spark session used by one command; {@link #close} stops it only if the command started it. */
    public static final class SparkRun implements AutoCloseable {
        private final SparkSession session;
        private final boolean owned;

        SparkRun(SparkSession session, boolean owned) {
            this.session = session;
            this.owned = owned;
        }

        public SparkSession session() {
            return session;
        }

        @Override
        public void close() {
            if (owned) {
                session.stop();
            }
        }
    }
}
