package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every method of Spark 4.1.0's {@code JavaRDDLike}, {@code JavaRDD} and {@code JavaPairRDD} (by
 * name and number of parameters) is on {@link RDD} or {@link PairRDD}, except those the README's
 * Spark section leaves out, each named there.
 */
class SparkRddApiCoverageTest {

    /** Left out, by name: the README says why for each. */
    private static final Set<String> LEFT_OUT_NAMES = Set.of(
            "persist/1", "getStorageLevel/0",                                   // storage levels
            "saveAsTextFile/2", "saveAsHadoopFile/4", "saveAsHadoopFile/5", "saveAsNewAPIHadoopFile/4",
            "saveAsNewAPIHadoopFile/5", "saveAsHadoopDataset/1", "saveAsNewAPIHadoopDataset/1",   // Hadoop
            "combineByKey/6",                                                    // a Spark Serializer
            "withResources/1", "getResourceProfile/0",                           // resource profiles
            "countAsync/0", "collectAsync/0", "takeAsync/1", "foreachAsync/1", "foreachPartitionAsync/1",
            "countApprox/1", "countApprox/2", "countByValueApprox/1", "countByValueApprox/2",
            "countByKeyApprox/1", "countByKeyApprox/2",
            "rdd/0", "classTag/0", "wrapRDD/1", "iterator/2", "fromRDD/2", "fromRDD/3", "toRDD/1", "fromJavaRDD/1",
            "kClassTag/0", "vClassTag/0");

    @Test
    void everySparkRddMethodIsThereOrNamedAsLeftOut() throws IOException {
        Map<String, Class<?>> target = Map.of("JavaRDDLike", RDD.class, "JavaRDD", RDD.class, "JavaPairRDD", PairRDD.class);
        Set<String> missing = new TreeSet<>();
        int covered = 0;
        int counted = 0;
        for (String[] m : SparkApiList.read("/spark/java-rdd-api-4.1.0.txt")) {
            String key = m[1] + "/" + m[2];
            if (LEFT_OUT_NAMES.contains(key)) {
                continue;
            }
            counted++;
            if (SparkApiList.has(target.get(m[0]), m[1], Integer.parseInt(m[2]))) {
                covered++;
            } else {
                missing.add(m[0] + "." + key);
            }
        }
        assertEquals(Set.of(), missing, "Spark methods neither on RDD/PairRDD nor listed as left out");
        assertEquals(counted, covered);
        assertEquals(152, covered, "the README says all 152 of the RDD methods are there");
    }

    @Test
    void theReadmeNamesEveryMethodLeftOut() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("Left out, because they cannot mean anything here");
        assertTrue(from > 0, "the README's list of methods left out");
        assertTrue(readme.contains("(all 152 of their methods by name and number"), "the README gives the count of RDD methods");
        String section = readme.substring(from, readme.indexOf("```java", from));
        for (String key : LEFT_OUT_NAMES) {
            String name = key.substring(0, key.indexOf('/'));
            assertTrue(section.contains("`" + name), "README does not name " + name + " as left out");
        }
    }
}
