package dev.sluice.spark;

import dev.sluice.engine.plan.OutputOp;

/** Translates one kind of output operator into a Spark output ({@code foreachRDD}). */
@FunctionalInterface
interface OutputTranslator<O extends OutputOp> {

    /** Registers output {@code outputId} ({@code op}) on Spark's streaming context. */
    void translate(O op, int outputId, Translation in) throws Exception;
}
