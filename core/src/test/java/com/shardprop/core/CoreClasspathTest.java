package com.shardprop.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** core must run without a cluster: no Spark, Scala or Breeze class may be on its test classpath. */
class CoreClasspathTest {

    @Test
    void noSparkScalaOrBreezeClasses() {
        for (String name : new String[] {"org.apache.spark.SparkContext", "scala.Predef", "scala.collection.Seq",
                "breeze.linalg.DenseMatrix"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on core's classpath");
        }
    }
}
