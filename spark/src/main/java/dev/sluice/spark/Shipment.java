package dev.sluice.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job translated from a lineage ships to Spark's executors besides its functions: the
 * values of the top-level snippet variables that the user's functions inside those functions read
 * ({@link ReplStatics}). {@link #check} serializes the functions once on the driver, before any job,
 * as Spark's closure cleaner does for Scala closures: a function that does not serialize is found
 * then, so that the job can run on the driver instead, and every user function met on the way (a
 * snippet's lambda or object, however deep in the engine's steps) gets its snapshot taken, the way
 * the {@link Fns} adapters take it for the functions of a stream's operators.
 */
final class Shipment implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nothing to install. */
    static final Shipment NONE = new Shipment(List.of());

    private final List<ReplStatics> statics;

    private Shipment(List<ReplStatics> statics) {
        this.statics = statics;
    }

    /** Why a dataset's lineage or a job's task cannot run on Spark. */
    static final class NotShippable extends Exception {
        private static final long serialVersionUID = 1L;

        NotShippable(String message) {
            super(message, null, false, false);
        }
    }

    /** Sets, on an executor, the snippet variables the shipped functions read; nothing on the driver. */
    void install() {
        for (ReplStatics s : statics) {
            s.install();
        }
    }

    /** The top-level variables shipped (for messages and tests). */
    List<String> names() {
        List<String> out = new ArrayList<>();
        statics.forEach(s -> out.addAll(s.names()));
        return out;
    }

    /** The same shipment as if checked in another JVM: {@link #install} sets it here (tests play an executor with it). */
    Shipment asFromAnotherJvm() {
        List<ReplStatics> all = new ArrayList<>();
        statics.forEach(s -> all.add(s.asFromAnotherJvm()));
        return new Shipment(List.copyOf(all));
    }

    /** Returns a shipment that installs what both install. */
    Shipment and(Shipment other) {
        if (other.statics.isEmpty()) {
            return this;
        }
        if (statics.isEmpty()) {
            return other;
        }
        List<ReplStatics> all = new ArrayList<>(statics);
        all.addAll(other.statics);
        return new Shipment(List.copyOf(all));
    }

    /**
     * Serializes {@code values} (the engine's functions of one step, or the data of a static
     * dataset) as Spark would, and returns the snippet variables their user functions read.
     *
     * @throws NotShippable something in them does not serialize, or a snippet's function reads a
     *                      variable that does not; the message says what ({@code what} names the step)
     */
    static Shipment check(String what, Object... values) throws NotShippable {
        List<ReplStatics> found = new ArrayList<>();
        try (Finder out = new Finder(found)) {
            for (Object v : values) {
                out.writeObject(v);
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = e instanceof WrappedFailure w ? w.getCause() : e;
            throw new NotShippable(what + " cannot be shipped to Spark's executors: " + cause);
        }
        found.removeIf(ReplStatics::isEmpty);
        return found.isEmpty() ? NONE : new Shipment(List.copyOf(found));
    }

    /** Carries a failure out of {@code replaceObject} (which may throw only IOException). */
    private static final class WrappedFailure extends IOException {
        private static final long serialVersionUID = 1L;

        WrappedFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Writes to nowhere, taking the snapshot of every snippet function it meets. */
    private static final class Finder extends ObjectOutputStream {
        private final List<ReplStatics> found;

        Finder(List<ReplStatics> found) throws IOException {
            super(OutputStream.nullOutputStream());
            this.found = found;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) throws IOException {
            try {
                if (obj instanceof SerializedLambda lambda) {
                    if (lambda.getCapturingClass().startsWith("REPL/")) {
                        found.add(ReplStatics.of(lambdaOf(lambda)));
                    }
                } else if (obj != null && obj.getClass().getName().startsWith("REPL.")) {
                    found.add(ReplStatics.of(obj));
                }
            } catch (IllegalArgumentException e) {
                throw new WrappedFailure(e);        // a variable that does not serialize, named in the message
            }
            return obj;
        }

        /** The lambda a serialized form stands for (its capturing class makes it again, as deserializing would). */
        private static Object lambdaOf(SerializedLambda lambda) throws IOException {
            try {
                Method resolve = SerializedLambda.class.getDeclaredMethod("readResolve");
                resolve.setAccessible(true);
                return resolve.invoke(lambda);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new WrappedFailure(new IllegalStateException("cannot look into the snippet function "
                        + lambda.getImplClass() + "." + lambda.getImplMethodName() + " for the variables it reads: " + e, e));
            }
        }
    }
}
