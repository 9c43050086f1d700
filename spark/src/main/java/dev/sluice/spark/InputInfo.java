package dev.sluice.spark;

import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.dstream.InputDStream;
import org.apache.spark.streaming.scheduler.StreamInputInfo;

/** Tells Spark's batch statistics how many records an input stream of the runner took in a batch. */
final class InputInfo {

    private InputInfo() {
    }

    static void report(InputDStream<?> stream, Time time, long records) {
        scala.collection.immutable.Map<String, Object> none = scala.collection.immutable.Map$.MODULE$.empty();
        stream.context().scheduler().inputInfoTracker().reportInfo(time, new StreamInputInfo(stream.id(), records, none));
    }
}
