package dev.sluice.streaming.spi;

/**
 * A way to run a context's streams other than the embedded engine, found on the class path with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.sluice.streaming.spi.Runner}
 * file naming the implementation). {@code StreamingContext.builder().master(url)} picks the first
 * runner that {@linkplain #accepts accepts} the master; the embedded engine needs none.
 *
 * <p>A runner receives the context's logical plan ({@link RunnerContext#plan()}): every stream's
 * operator (kind, user function, parameters, parents) and every output, which it translates into
 * its own engine, one translator per operator kind. This interface is for runner modules, not for
 * programs that use streams; the plan's types may change between versions of Sluice.
 */
public interface Runner {

    /** Returns the runner's name for messages, e.g. {@code "Spark"}. */
    String name();

    /** Returns true if this runner runs contexts whose master is {@code master}, e.g. {@code "local[2]"} or {@code "spark://host:7077"}. */
    boolean accepts(String master);

    /**
     * Prepares to run {@code context}'s plan; called once, when the context is built. The plan is
     * still empty then: streams and outputs are defined afterwards, and {@link RunnerExecution#start()}
     * runs what the plan holds at that time.
     */
    RunnerExecution open(RunnerContext context);
}
