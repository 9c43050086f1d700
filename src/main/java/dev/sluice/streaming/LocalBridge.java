package dev.sluice.streaming;

import dev.sluice.engine.Engine;
import dev.sluice.engine.durability.MetadataLog;
import dev.sluice.engine.graph.StreamGraph;
import dev.sluice.engine.local.LocalHost;
import dev.sluice.engine.rdd.RddNode;
import dev.sluice.engine.receiver.ReceiverSupervisor;
import dev.sluice.engine.receiver.ReceiverTracker;
import java.util.function.Supplier;

/** Gives the embedded engine's builders what they need of a {@link StreamingContext}, and the API's datasets over engine ones. */
final class LocalBridge implements LocalHost {

    private final Engine engine;
    private final int parallelism;
    private final ReceiverTracker receivers;
    private final Supplier<MetadataLog> log;
    private final long fileStableMs;
    private final Supplier<Console> console;

    LocalBridge(Engine engine, int parallelism, ReceiverTracker receivers, Supplier<MetadataLog> log, long fileStableMs,
                Supplier<Console> console) {
        this.engine = engine;
        this.console = console;
        this.fileStableMs = fileStableMs;
        this.parallelism = parallelism;
        this.receivers = receivers;
        this.log = log;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public StreamGraph graph() {
        return engine.graph();
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public ReceiverTracker receivers() {
        return receivers;
    }

    @Override
    public MetadataLog checkpointLog() {
        return log.get();
    }

    @Override
    public long fileStableMs() {
        return fileStableMs;
    }

    @Override
    public void attach(Receiver<?> receiver, ReceiverSupervisor supervisor) {
        receiver.attach(supervisor);
    }

    @Override
    public Console console() {
        return console.get();
    }

    @Override
    public void printBatch(String text) {
        Console.current().orElse(Console.system()).printBatch(text);
    }

    @Override
    public <T> RDD<T> wrap(RddNode<T> rdd, boolean pair) {
        return pair ? castPair(rdd) : new RDD<>(rdd);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> RDD<T> castPair(RddNode<T> rdd) {
        return (RDD<T>) new PairRDD((RddNode) rdd);
    }

    @Override
    public <T> RddNode<T> unwrap(RDD<T> rdd) {
        return rdd.node;
    }

    @Override
    public dev.sluice.engine.rdd.Partitioner toEngine(Partitioner partitioner) {
        return Partitioners.toEngine(partitioner);
    }
}
