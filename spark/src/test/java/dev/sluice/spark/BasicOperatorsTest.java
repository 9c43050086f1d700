package dev.sluice.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.Pair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicOperatorsTest {

    static final List<List<String>> WORDS = List.of(
            List.of("to be or", "not to be"),
            List.of(),
            List.of("that is", "the question", "to be"));

    @Test
    void wordCountGivesTheSameBatchesOnSparkAsOnTheEmbeddedEngine() throws Exception {
        Differential.Outcome o = Differential.run(WORDS, 4, false, lines -> lines
                .flatMap(l -> Arrays.asList(l.split(" ")))
                .mapToPair(w -> Pair.of(w, 1))
                .reduceByKey(Integer::sum));
        assertEquals(List.of("(be,2)", "(not,1)", "(or,1)", "(to,2)"), o.spark().get(0));
        assertEquals(o.embedded(), o.spark());
    }
}
