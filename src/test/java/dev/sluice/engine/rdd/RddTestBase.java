package dev.sluice.engine.rdd;

import dev.sluice.engine.scheduler.TaskPool;
import org.junit.jupiter.api.AfterEach;

/** A context with two task threads for tests of datasets on their own, without a streaming context. */
abstract class RddTestBase {

    private final TaskPool pool = new TaskPool("rdd-test", 2);
    protected final RddContext ctx = new RddContext(pool, 2, 1);

    @AfterEach
    void stopPool() {
        pool.shutdown();
    }
}
