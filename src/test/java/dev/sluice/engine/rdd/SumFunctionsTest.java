package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.streaming.ManualClock;
import dev.sluice.streaming.Pair;
import dev.sluice.streaming.PairRDD;
import dev.sluice.streaming.ReduceFunction;
import dev.sluice.streaming.StreamingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SumFunctionsTest {

    @Test
    void recognizesOnlyTheJdkSums() {
        ReduceFunction<Long> longSum = Long::sum;
        ReduceFunction<Integer> intSum = Integer::sum;
        ReduceFunction<Long> lambda = (a, b) -> a + b;
        ReduceFunction<Long> max = Long::max;
        long offset = 1;
        ReduceFunction<Long> capturing = (a, b) -> a + b + offset;
        assertEquals(SumFunctions.Kind.LONG, SumFunctions.kindOf(longSum));
        assertEquals(SumFunctions.Kind.INT, SumFunctions.kindOf(intSum));
        assertEquals(SumFunctions.Kind.NONE, SumFunctions.kindOf(lambda));
        assertEquals(SumFunctions.Kind.NONE, SumFunctions.kindOf(max));
        assertEquals(SumFunctions.Kind.NONE, SumFunctions.kindOf(capturing));
    }

    @Test
    void sumsGiveTheSameResultsAsTheGeneralPathIncludingIntOverflow() {
        StreamingContext ssc = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).parallelism(3)
                .clock(new ManualClock()).build();
        try {
            List<Pair<String, Long>> longs = new ArrayList<>();
            List<Pair<String, Integer>> ints = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                longs.add(Pair.of("k" + (i % 37), (long) i * 1_000_003L));
                ints.add(Pair.of("k" + (i % 11), Integer.MAX_VALUE - i));
            }
            PairRDD<String, Long> l = ssc.parallelizePairs(longs);
            PairRDD<String, Integer> n = ssc.parallelizePairs(ints);
            Map<String, Long> fastLongs = l.reduceByKey(Long::sum).collectAsMap();
            assertEquals(l.reduceByKey((a, b) -> a + b).collectAsMap(), fastLongs);
            assertEquals(37, fastLongs.size());
            Map<String, Integer> fastInts = n.reduceByKey(Integer::sum).collectAsMap();
            assertEquals(n.reduceByKey((a, b) -> a + b).collectAsMap(), fastInts);
            assertEquals(Integer.class, fastInts.values().iterator().next().getClass());
        } finally {
            ssc.stop();
        }
    }
}
