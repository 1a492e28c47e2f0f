# Shell functions shared by bin/shardprop and the sbin/ cluster scripts. Sourced, not run.
# shellcheck shell=bash

# Spark 4 runs on Java 17 or newer.
SHARDPROP_MIN_JAVA=17

# Prints an error to stderr and exits with status 1 (2 is left for invalid arguments).
shardprop_die() {
  echo "shardprop: error: $*" >&2
  exit 1
}

# Sets JAVA to the java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on
# PATH. Exits with a message naming the fix when none is found or when its version is below 17.
shardprop_find_java() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    JAVA="$JAVA_HOME/bin/java"
    [[ -x "$JAVA" ]] || shardprop_die "JAVA_HOME is '$JAVA_HOME' but $JAVA is not an executable file;" \
      "point JAVA_HOME at a Java $SHARDPROP_MIN_JAVA (or newer) installation or unset it to use the java on PATH"
  else
    JAVA="$(command -v java || true)"
    [[ -n "$JAVA" ]] || shardprop_die "java not found: JAVA_HOME is not set and there is no java on PATH;" \
      "install Java $SHARDPROP_MIN_JAVA or newer (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  fi

  local spec major
  # java.specification.version is "1.8" up to Java 8 and "17", "21", ... after.
  spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  major="${spec#1.}"
  major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] || shardprop_die "could not read the Java version of $JAVA" \
    "(java.specification.version was '$spec'); check that it runs: $JAVA -version"
  if (( major < SHARDPROP_MIN_JAVA )); then
    shardprop_die "$JAVA is Java $spec, but Spark 4 needs Java $SHARDPROP_MIN_JAVA or newer;" \
      "set JAVA_HOME to a Java $SHARDPROP_MIN_JAVA installation (Debian: /usr/lib/jvm/java-17-openjdk-amd64)"
  fi
}

# Sets SPARK_JVM_OPTIONS (an array) to the module options Spark needs on Java 17: the list in
# org.apache.spark.launcher.JavaModuleOptions, written into lib/ by the build.
shardprop_read_jvm_options() {
  local file="$1/lib/spark-jvm-options"
  [[ -r "$file" ]] || shardprop_die "missing $file (the Java options Spark needs);" \
    "the distribution is incomplete: rebuild it with 'mvn package -DskipTests'"
  # The file is one line of options without spaces inside any option. The callers use the
  # array, which shellcheck cannot see from this file.
  # shellcheck disable=SC2034
  read -r -a SPARK_JVM_OPTIONS < "$file"
}

# Exits unless DIR/jars holds Spark's jars (lib/spark in the distribution).
shardprop_check_spark_jars() {
  local spark_jars="$1/jars"
  compgen -G "$spark_jars/spark-core_*.jar" > /dev/null || shardprop_die "no Spark jars in $spark_jars;" \
    "use the full distribution (deploy/target/shardprop-*-bin/ after 'mvn package -DskipTests')," \
    "or set SPARK_HOME to a Spark 4 installation"
}
