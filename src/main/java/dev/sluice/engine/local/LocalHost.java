package dev.sluice.engine.local;

import dev.sluice.engine.Engine;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.receiver.ReceiverSupervisor;
import dev.sluice.engine.receiver.ReceiverTracker;
import dev.sluice.streaming.RDD;
import dev.sluice.streaming.Receiver;

/**
 * What the embedded engine's builders need from the context they build for: its engine and
 * graph, its source services, and the conversions between the API's datasets and the engine's.
 * Implemented by the streaming API, which owns those conversions.
 */
public interface LocalHost {

    /** Returns the engine. */
    Engine engine();

    /** Returns the live graph nodes are added to. */
    StreamGraph graph();

    /** Returns the default number of partitions. */
    int parallelism();

    /** Returns the receivers' tracker. */
    ReceiverTracker receivers();

    /** Returns the checkpoint's metadata log, or null when the context has no checkpoint directory. */
    MetadataLog checkpointLog();

    /** Returns how long a file written in place must stay unchanged before a file stream takes it, in ms. */
    long fileStableMs();

    /** Binds {@code receiver} to the supervisor that runs it. */
    void attach(Receiver<?> receiver, ReceiverSupervisor supervisor);

    /**
     * Returns the console of the cell or shell building a stream now, where the failures of a
     * receiver built now are shown (as an output's are on the console it was created with).
     */
    dev.sluice.streaming.Console console();

    /** Prints one batch's text for {@code print}: to the console of the output being run, else the system's. */
    void printBatch(String text);

    /** Wraps an engine dataset for user code: a {@code PairRDD} when {@code pair}. */
    <T> RDD<T> wrap(RddNode<T> rdd, boolean pair);

    /** Returns the engine dataset behind {@code rdd}. */
    <T> RddNode<T> unwrap(RDD<T> rdd);

    /** Returns the engine's form of a user's partitioner (equal partitioners stay equal). */
    dev.sluice.engine.rdd.Partitioner toEngine(dev.sluice.streaming.Partitioner partitioner);
}
