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
 * Every method of Spark 4.1.0's {@code JavaDStreamLike}, {@code JavaDStream}, {@code JavaPairDStream} and
 * {@code JavaStreamingContext} (by name and number of parameters) is on {@link DStream}, {@link PairDStream} or
 * {@link StreamingContext}, except those the README's Spark section leaves out, each named there.
 */
class SparkStreamApiCoverageTest {

    /** Left out, by class and name: the README says why for each. */
    private static final Set<String> LEFT_OUT_NAMES = Set.of(
            "JavaDStream.persist/1", "JavaPairDStream.persist/1",                       // storage levels
            "JavaPairDStream.saveAsHadoopFiles/2", "JavaPairDStream.saveAsHadoopFiles/5",
            "JavaPairDStream.saveAsHadoopFiles/6", "JavaPairDStream.saveAsNewAPIHadoopFiles/2",
            "JavaPairDStream.saveAsNewAPIHadoopFiles/5", "JavaPairDStream.saveAsNewAPIHadoopFiles/6",
            "JavaStreamingContext.fileStream/4", "JavaStreamingContext.fileStream/6",
            "JavaStreamingContext.fileStream/7",                                        // Hadoop formats
            "JavaStreamingContext.rawSocketStream/2", "JavaStreamingContext.rawSocketStream/3",
            "JavaStreamingContext.socketStream/4",                   // Spark-serialized blocks, storage levels
            "JavaStreamingContext.socketTextStream/3",                                  // a storage level
            "JavaPairDStream.combineByKey/5",                                           // mapSideCombine flag
            "JavaDStream.dstream/0", "JavaDStreamLike.dstream/0", "JavaPairDStream.dstream/0",
            "JavaDStream.classTag/0", "JavaDStreamLike.classTag/0", "JavaPairDStream.classTag/0",
            "JavaDStream.wrapRDD/1", "JavaDStreamLike.wrapRDD/1", "JavaPairDStream.wrapRDD/1",
            "JavaDStream.compute/1", "JavaPairDStream.compute/1", "JavaDStreamLike.scalaIntToJavaLong/1",
            "JavaPairDStream.kManifest/0", "JavaPairDStream.vManifest/0", "JavaStreamingContext.ssc/0",
            "JavaStreamingContext.sparkContext/0");                                     // Scala plumbing


    @Test
    void everySparkStreamMethodIsThereOrNamedAsLeftOut() throws IOException {
        Map<String, Class<?>> target = Map.of("JavaDStreamLike", DStream.class, "JavaDStream", DStream.class,
                "JavaPairDStream", PairDStream.class, "JavaStreamingContext", StreamingContext.class);
        Set<String> missing = new TreeSet<>();
        int covered = 0;
        int counted = 0;
        for (String[] m : SparkApiList.read("/spark/java-stream-api-4.1.0.txt")) {
            String key = m[0] + "." + m[1] + "/" + m[2];
            if (LEFT_OUT_NAMES.contains(key)) {
                continue;
            }
            counted++;
            if (SparkApiList.has(target.get(m[0]), m[1], Integer.parseInt(m[2]))) {
                covered++;
            } else {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing, "Spark methods neither on DStream/PairDStream/StreamingContext nor listed as left out");
        assertEquals(counted, covered);
        assertEquals(90, covered, "the README says all 90 of the stream methods are there");
    }

    @Test
    void theReadmeNamesEveryMethodLeftOut() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("Stream methods left out, because they cannot mean anything here");
        assertTrue(from > 0, "the README's list of stream methods left out");
        String section = readme.substring(from, readme.indexOf("\n## ", from));
        for (String key : LEFT_OUT_NAMES) {
            String name = key.substring(key.indexOf('.') + 1, key.indexOf('/'));
            assertTrue(section.contains("`" + name), "README does not name " + name + " as left out");
        }
        assertTrue(readme.contains("(all 90 of their methods by name and number"), "the README gives the count of stream methods");
    }
}
