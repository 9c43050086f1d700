package dev.sluice.spark;

import dev.sluice.engine.plan.StreamOp;

/** Translates one kind of stream operator into Spark Streaming, given its parents' translations. */
@FunctionalInterface
interface OpTranslator<O extends StreamOp> {

    /** Returns Spark's stream for {@code op}; {@code in} gives the parents' streams and the contexts. */
    Dataset translate(O op, Translation in) throws Exception;
}
