package com.shardprop.spark.data;

import com.esotericsoftware.kryo.Kryo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers with Kryo the Spark SQL schema classes that Spark itself sends between tasks while
 * reading data: Parquet schema inference returns each file's {@code StructType} as a task result.
 * Without them {@code spark.kryo.registrationRequired=true} rejects every Parquet read.
 */
public final class SparkSqlKryoClasses {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSqlKryoClasses.class);

    private static final String[] CLASS_NAMES = {
            "org.apache.spark.sql.types.StructType",
            "org.apache.spark.sql.types.StructField",
            "[Lorg.apache.spark.sql.types.StructField;",
            "[Lorg.apache.spark.sql.types.StructType;",
            "org.apache.spark.sql.types.Metadata",
            "org.apache.spark.sql.types.ArrayType",
            "org.apache.spark.sql.types.MapType",
            "org.apache.spark.sql.types.DecimalType",
            "org.apache.spark.sql.types.StringType",
            "org.apache.spark.sql.types.StringType$",
            "org.apache.spark.sql.types.BooleanType$",
            "org.apache.spark.sql.types.ByteType$",
            "org.apache.spark.sql.types.ShortType$",
            "org.apache.spark.sql.types.IntegerType$",
            "org.apache.spark.sql.types.LongType$",
            "org.apache.spark.sql.types.FloatType$",
            "org.apache.spark.sql.types.DoubleType$",
            "org.apache.spark.sql.types.BinaryType$",
            "org.apache.spark.sql.types.DateType$",
            "org.apache.spark.sql.types.TimestampType$",
            "org.apache.spark.sql.types.TimestampNTZType$",
            "org.apache.spark.sql.types.NullType$",
            "scala.collection.immutable.Map$EmptyMap$",
            "scala.collection.immutable.Map$Map1",
            "scala.collection.immutable.Map$Map2",
            "scala.collection.immutable.HashMap",
            "scala.collection.immutable.Nil$",
            "scala.collection.immutable.$colon$colon",
            "scala.collection.mutable.ArraySeq$ofRef",
            "scala.collection.immutable.ArraySeq$ofRef",
            "scala.None$",
            "scala.Some",
            "[Ljava.lang.Object;",
    };

    private SparkSqlKryoClasses() {
    }

    /** Registers every class of the list that exists on the classpath (names differ between Spark versions). */
    public static void register(Kryo kryo) {
        for (String name : CLASS_NAMES) {
            try {
                kryo.register(Class.forName(name, false, SparkSqlKryoClasses.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // A class missing from this Spark or Scala version cannot be sent by it either.
                LOG.debug("Kryo: skipping {}, not on the classpath", name);
            }
        }
    }
}
