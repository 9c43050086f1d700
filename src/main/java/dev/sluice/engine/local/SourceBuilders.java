package dev.sluice.engine.local;

import dev.sluice.engine.durability.StableIds;
import dev.sluice.engine.graph.StreamNode;
import dev.sluice.engine.plan.SourceOp;
import dev.sluice.engine.receiver.ReceiverInputNode;
import dev.sluice.engine.receiver.ReceiverSupervisor;
import dev.sluice.sources.FileSource;
import dev.sluice.sources.KafkaSource;
import dev.sluice.sources.QueueSource;
import dev.sluice.sources.RateSource;
import dev.sluice.sources.SocketTextReceiver;
import dev.sluice.streaming.Receiver;
import java.util.Collection;
import java.util.Queue;

/** The embedded engine's builders of sources. */
final class SourceBuilders {

    private SourceBuilders() {
    }

    static void register(LocalBuilders b) {
        b.stream(SourceOp.QueueStream.class, SourceBuilders::queue);
        b.stream(SourceOp.SocketTextStream.class, SourceBuilders::socket);
        b.stream(SourceOp.TextFileStream.class, SourceBuilders::textFiles);
        b.stream(SourceOp.RateStream.class, SourceBuilders::rate);
        b.stream(SourceOp.ReceiverStream.class, SourceBuilders::receiver);
        b.stream(SourceOp.BinaryRecordsStream.class, SourceBuilders::binaryRecords);
        b.stream(SourceOp.KafkaStream.class, SourceBuilders::kafka);
    }

    static StreamNode<?> queue(SourceOp.QueueStream op, LocalPlanner in) {
        Queue<? extends Collection<Object>> queue = LocalPlanner.fn(op.queue());
        dev.sluice.streaming.RDD<Object> defaultRdd = LocalPlanner.fn(op.defaultRdd());
        return new QueueSource<>(in.graph(), queue, op.oneAtATime(), defaultRdd == null ? null : in.unwrap(defaultRdd));
    }

    static StreamNode<?> socket(SourceOp.SocketTextStream op, LocalPlanner in) {
        return receiverNode(new SocketTextReceiver(op.host(), op.port()),
                "socketTextStream(" + op.host() + ":" + op.port() + ")", in);
    }

    static StreamNode<?> textFiles(SourceOp.TextFileStream op, LocalPlanner in) {
        LocalHost host = in.host();
        return new FileSource<String>(in.graph(), op.dir(), host.fileStableMs(), host.checkpointLog(), host.engine()::reportError,
                StableIds::of);
    }

    static StreamNode<?> binaryRecords(SourceOp.BinaryRecordsStream op, LocalPlanner in) {
        LocalHost host = in.host();
        return new FileSource<byte[]>(in.graph(), op.dir(), host.fileStableMs(), host.checkpointLog(), host.engine()::reportError,
                StableIds::of, op.recordLength());
    }

    static StreamNode<?> rate(SourceOp.RateStream op, LocalPlanner in) {
        return new RateSource(in.graph(), op.recordsPerSecond());
    }

    static StreamNode<?> receiver(SourceOp.ReceiverStream op, LocalPlanner in) {
        return receiverNode(op.receiver(), "receiverStream(" + op.receiver().getClass().getSimpleName() + ")", in);
    }

    private static <T> StreamNode<T> receiverNode(Receiver<T> receiver, String operation, LocalPlanner in) {
        LocalHost host = in.host();
        ReceiverSupervisor supervisor = new ReceiverSupervisor(receiver.name(), host.console(), new ReceiverSupervisor.Callbacks() {
            @Override
            public void onStart() {
                receiver.onStart();
            }

            @Override
            public void onStop() {
                receiver.onStop();
            }
        }, host.receivers());
        host.attach(receiver, supervisor);
        return new ReceiverInputNode<>(in.graph(), supervisor, host.receivers(), operation, StableIds::of);
    }

    static StreamNode<?> kafka(SourceOp.KafkaStream op, LocalPlanner in) {
        LocalHost host = in.host();
        KafkaSource source = new KafkaSource(in.graph(), op.config(), host.engine().scheduler()::lastCompleted,
                host.engine()::reportError, host.checkpointLog(), StableIds::of);
        host.engine().addHook(source.stopHook());
        return source;
    }
}
