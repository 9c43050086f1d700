package dev.sluice.session;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the compiler's message for code written against Spark's Java API, where Sluice's API
 * differs, by one line that says what to write instead (the README's Spark table lists every
 * difference).
 */
final class PortingHints {

    private record Hint(Pattern pattern, String message) {
    }

    private static final List<Hint> HINTS = List.of(
            new Hint(Pattern.compile("package org\\.apache\\.spark[\\w.]* does not exist|location:\\s+package org\\.apache\\.spark"),
                    "Sluice needs no Spark imports: its API is dev.sluice.streaming (imported in the shell), "
                            + "with java.util.Optional for Spark's Optional"),
            new Hint(Pattern.compile("bad return type in lambda expression\\s+(java\\.util\\.)?Iterator<.*> cannot be converted to "
                    + "(java\\.lang\\.)?Iterable<", Pattern.DOTALL),
                    "Sluice's flatMap takes a function returning an Iterable (a List), where Spark's returns an Iterator: "
                            + "drop the .iterator() call, as in x -> Arrays.asList(x.split(\" \"))"),
            new Hint(Pattern.compile("updateStateByKey.*incompatible parameter types in lambda expression", Pattern.DOTALL),
                    "updateStateByKey's function takes (Iterable<V> values, java.util.Optional<S> state), where Spark's takes a "
                            + "List: declare values as an Iterable<V>"),
            new Hint(Pattern.compile("symbol:\\s+method (size|get|isEmpty)\\(.*location: variable (\\w+) of type "
                    + "(java\\.lang\\.)?Iterable<", Pattern.DOTALL),
                    "$2 is an Iterable here (Spark passes a List): loop over it (for (var v : $2)), or copy it into a list first"),
            new Hint(Pattern.compile("symbol:\\s+class Tuple2\\b"),
                    "Sluice's pairs are Pair: write Pair.of(k, v), p.key() and p.value() for new Tuple2<>(k, v), t._1() and t._2()"),
            new Hint(Pattern.compile("symbol:\\s+class Tuple[34]\\b"),
                    "Sluice's three- and four-way cogroups give Triple and Quadruple (first(), second(), ...) for Spark's Tuple3 and Tuple4"),
            new Hint(Pattern.compile("symbol:\\s+class (JavaRDD|JavaPairRDD|JavaDStream|JavaPairDStream|JavaDoubleRDD)\\b"),
                    "Sluice's names drop Spark's Java prefix: RDD, PairRDD, DStream, PairDStream, DoubleRDD"),
            new Hint(Pattern.compile("symbol:\\s+class (JavaStreamingContext|JavaSparkContext|SparkConf)\\b"),
                    "in the shell the context is ssc (a StreamingContext, also for parallelize and textFile); "
                            + "in a program, StreamingContext.builder().batchInterval(...).build()"));

    private PortingHints() {
    }

    /** Returns the one-line replacement for the compiler's {@code message}, if it is a known porting mistake. */
    static Optional<String> forMessage(String message) {
        for (Hint h : HINTS) {
            Matcher m = h.pattern().matcher(message);
            if (m.find()) {
                String text = h.message();
                for (int g = m.groupCount(); g >= 1; g--) {
                    text = text.replace("$" + g, m.group(g) == null ? "" : m.group(g));
                }
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }
}
