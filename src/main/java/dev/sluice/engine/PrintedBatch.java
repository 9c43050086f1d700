package dev.sluice.engine;

import java.util.List;

/** Formats what {@code print(n)} shows for one batch, as Spark's {@code print} does, for every engine that runs it. */
public final class PrintedBatch {

    private PrintedBatch() {
    }

    /**
     * Returns the header with the batch time ({@code micros}, shown in milliseconds as Spark shows
     * it, with a fraction only between milliseconds), the first {@code n} of {@code first} one per line,
     * {@code ...} when {@code first} holds more than {@code n} (take {@code n + 1} to know), and a
     * blank line.
     */
    public static String text(long micros, List<?> first, int n) {
        StringBuilder sb = new StringBuilder();
        sb.append("-------------------------------------------\n");
        sb.append("Time: ").append(Micros.formatMillis(micros)).append(" ms\n");
        sb.append("-------------------------------------------\n");
        for (int i = 0; i < Math.min(n, first.size()); i++) {
            sb.append(first.get(i)).append('\n');
        }
        if (first.size() > n) {
            sb.append("...\n");
        }
        sb.append('\n');
        return sb.toString();
    }
}
