package dev.sluice.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/** The live views a kernel has shown, so that a kernel shutting down marks them all as stopped. */
final class LiveViews {
    private static final Set<Stoppable> views = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** A view that can be stopped with a reason shown on it. */
    interface Stoppable {
        void stopWith(String reason);
    }

    private LiveViews() {
    }

    static void add(Stoppable view) {
        views.add(view);
    }

    static void remove(Stoppable view) {
        views.remove(view);
    }

    /** Stops every live view, showing {@code reason} on it. */
    static void stopAll(String reason) {
        List<Stoppable> all;
        synchronized (views) {
            all = new ArrayList<>(views);
        }
        for (Stoppable view : all) {
            try {
                view.stopWith(reason);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LiveViews.class).debug("stopping a view failed", e);
            }
        }
    }
}
