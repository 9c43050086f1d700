package dev.sluice.engine.plan;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The logical plan of one context: every stream's operator, with its id and name, and every
 * output, in the order they were defined. The one description of a pipeline that each runner
 * builds from; it grows while a context runs, as streams and outputs are added.
 */
public final class Plan {

    /**
     * A stream of the plan: its id, its operator (replaced by an operator that {@link StreamOp#modifiesParent()
     * modifies it}, {@code cache} or {@code checkpoint}, when so asked) and its name.
     */
    public static final class Stream {
        private final int id;
        private final boolean pair;
        private volatile StreamOp op;
        private volatile String name;

        private Stream(int id, StreamOp op, boolean pair) {
            this.id = id;
            this.op = op;
            this.pair = pair;
        }

        /** Returns the stream's id, unique within its context. */
        public int id() {
            return id;
        }

        /** Returns the operator that makes the stream. */
        public StreamOp op() {
            return op;
        }

        /** Returns the name the user gave the stream, or null. */
        public String name() {
            return name;
        }

        /** Sets the name. */
        public void name(String name) {
            this.name = name;
        }

        /** Returns true if the stream is keyed (its API type is {@code PairDStream}). */
        public boolean isPair() {
            return pair;
        }

        @Override
        public String toString() {
            return "stream " + id + (name != null ? " '" + name + "'" : "") + ": " + op.kind();
        }
    }

    /** An output of the plan: its id (the output handle's) and its operator. */
    public record Output(int id, OutputOp op) {
        /** Checks the operator is present. */
        public Output {
            Objects.requireNonNull(op, "op");
        }
    }

    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final List<Output> outputs = new CopyOnWriteArrayList<>();
    private final Map<StreamOp, Stream> byOp = Collections.synchronizedMap(new IdentityHashMap<>());

    /** Adds a stream made by {@code op}; returns its entry. */
    public Stream add(int id, StreamOp op, boolean pair) {
        Stream s = new Stream(id, Objects.requireNonNull(op, "op"), pair);
        byOp.put(op, s);
        streams.add(s);
        return s;
    }

    /** Removes the streams with these ids (released from the graph: nothing reaches them any more). */
    public void forgetStreams(Set<Integer> ids) {
        streams.removeIf(st -> ids.contains(st.id));
        synchronized (byOp) {
            byOp.values().removeIf(st -> ids.contains(st.id));
        }
    }

    /**
     * Records a change of how {@code stream} is kept ({@code cache}, {@code checkpoint}): its
     * operator becomes {@code modifier}, whose parent is the previous one.
     */
    public void modify(Stream stream, StreamOp modifier) {
        if (!modifier.modifiesParent() || modifier.parents().get(0) != stream.op) {
            throw new IllegalArgumentException(modifier.kind() + " must wrap the stream's current operator");
        }
        byOp.put(modifier, stream);
        stream.op = modifier;
    }

    /** Adds an output. */
    public Output addOutput(int id, OutputOp op) {
        Output o = new Output(id, op);
        outputs.add(o);
        return o;
    }

    /** Returns the streams, in the order they were defined. */
    public List<Stream> streams() {
        return List.copyOf(streams);
    }

    /** Returns the outputs, in the order they were defined (stopped ones too). */
    public List<Output> outputs() {
        return List.copyOf(outputs);
    }

    /** Returns the stream {@code op} makes, if it belongs to this plan. */
    public Optional<Stream> stream(StreamOp op) {
        return Optional.ofNullable(byOp.get(op));
    }

    /** Returns how descriptions refer to the stream of {@code op}: {@code stream(3)}. */
    public String refer(StreamOp op) {
        Stream s = byOp.get(op);
        return s == null ? "stream(?)" : "stream(" + s.id + ")";
    }

    /** Returns the kinds along first parents: {@code countByValue <- map <- queueStream}. */
    public static String lineage(StreamOp op) {
        StringBuilder sb = new StringBuilder(op.kind());
        for (StreamOp p = first(op); p != null; p = first(p)) {
            sb.append(" <- ").append(p.kind());
        }
        return sb.toString();
    }

    /**
     * Returns the code that makes {@code op}'s stream, in the API's own terms, from its source:
     * {@code ssc.queueStream(queue).flatMap(f).countByValue()}.
     */
    public String explain(StreamOp op) {
        StreamOp parent = op.continuesFirstParent() ? first(op) : null;
        return (parent == null ? "" : explain(parent)) + op.toNativeString(this::refer);
    }

    /**
     * Returns the whole plan, a line per stream and per output, each operator over its first
     * parent by id: {@code stream 3 'counts' = stream(1).countByValue()}.
     */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        for (Stream s : streams) {
            StreamOp op = s.op;
            String cached = "";
            while (op.modifiesParent()) {
                cached = op.toNativeString(this::refer) + cached;
                op = first(op);
            }
            StreamOp parent = op.continuesFirstParent() ? first(op) : null;
            sb.append("stream ").append(s.id).append(s.name != null ? " '" + s.name + "'" : "").append(" = ")
                    .append(parent == null ? "" : refer(parent)).append(op.toNativeString(this::refer)).append(cached).append('\n');
        }
        for (Output o : outputs) {
            sb.append("output ").append(o.id).append(" = ").append(refer(o.op.parent())).append(o.op.toNativeString()).append('\n');
        }
        return sb.toString();
    }

    private static StreamOp first(StreamOp op) {
        List<StreamOp> parents = op.parents();
        return parents.isEmpty() ? null : parents.get(0);
    }
}
