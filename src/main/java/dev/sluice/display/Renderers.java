package dev.sluice.display;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns values into {@link MimeBundle}s for a notebook: renderers registered per type, the most
 * specific type winning (a class before its superclasses, then interfaces). User code registers
 * renderers for its own types; they are used by {@code display(...)}, by cell results and by live
 * views.
 *
 * <pre>{@code
 * record Temperature(double celsius) {}
 * Renderers.register(Temperature.class, t -> MimeBundle.html("<b>" + t.celsius() + " °C</b>"));
 * display(new Temperature(21.5));
 * }</pre>
 *
 * <p>Thread-safe: engine threads render live views while cells register renderers.
 */
public final class Renderers {
    private static final Map<Class<?>, Function<Object, MimeBundle>> renderers = new LinkedHashMap<>();

    static {
        register(MimeBundle.class, b -> b);
        register(java.awt.image.RenderedImage.class, Images::png);
    }

    private Renderers() {
    }

    /**
     * Registers {@code renderer} for values of {@code type} and its subtypes, replacing an earlier
     * one for the same type. A renderer that returns null or throws falls back to the next match.
     */
    @SuppressWarnings("unchecked")
    public static synchronized <T> void register(Class<T> type, Function<? super T, MimeBundle> renderer) {
        renderers.put(type, (Function<Object, MimeBundle>) renderer);
    }

    /** Removes the renderer registered for exactly {@code type}; returns whether there was one. */
    public static synchronized boolean unregister(Class<?> type) {
        return renderers.remove(type) != null;
    }

    /** The bundle of the most specific registered renderer for the value, or empty when none applies. */
    public static Optional<MimeBundle> render(Object value) {
        if (value == null) return Optional.empty();
        for (Class<?> type : lookupOrder(value.getClass())) {
            Function<Object, MimeBundle> renderer;
            synchronized (Renderers.class) {
                renderer = renderers.get(type);
            }
            if (renderer == null) continue;
            try {
                MimeBundle bundle = renderer.apply(value);
                if (bundle != null) return Optional.of(bundle);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Renderers.class)
                        .warn("the renderer for {} failed on a {}: {}", type.getName(), value.getClass().getName(), e.toString());
            }
        }
        return Optional.empty();
    }

    /** The class, its superclasses, then the interfaces of each, nearest first. */
    static java.util.List<Class<?>> lookupOrder(Class<?> type) {
        java.util.List<Class<?>> order = new java.util.ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) order.add(c);
        java.util.ArrayDeque<Class<?>> queue = new java.util.ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) queue.addAll(java.util.List.of(c.getInterfaces()));
        while (!queue.isEmpty()) {
            Class<?> i = queue.poll();
            if (order.contains(i)) continue;
            order.add(i);
            queue.addAll(java.util.List.of(i.getInterfaces()));
        }
        return order;
    }

    /** PNG encoding of images, kept apart so that java.desktop loads only when an image is shown. */
    private static final class Images {
        static MimeBundle png(Object image) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                javax.imageio.ImageIO.write((java.awt.image.RenderedImage) image, "png", out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return MimeBundle.png(out.toByteArray());
        }
    }
}
