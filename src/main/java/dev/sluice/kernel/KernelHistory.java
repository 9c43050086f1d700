package dev.sluice.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run with {@code store_history} in this kernel, numbered by execution count, with the
 * plain-text result of each; answers {@code history_request}s (tail, range and glob search).
 *
 * <p>Thread-safe.
 */
final class KernelHistory {
    /** The session number reported for this kernel's entries (one kernel run = one session). */
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} entries ({@code n <= 0}: all). */
    synchronized List<List<Object>> tail(int n, boolean output) {
        int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
        return rows(entries.subList(from, entries.size()), output);
    }

    /**
     * Entries with {@code start <= line < stop} of the given session; session 0 or this session
     * means the current one, {@code stop <= 0} means up to the end.
     */
    synchronized List<List<Object>> range(int session, int start, int stop, boolean output) {
        if (session != 0 && session != SESSION) return List.of();
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line() >= start && (stop <= 0 || e.line() < stop)) hits.add(e);
        }
        return rows(hits, output);
    }

    /**
     * Entries whose input matches the glob {@code pattern} ({@code *} and {@code ?}), the last
     * {@code n} of them ({@code n <= 0}: all); with {@code unique}, each input once (its latest).
     */
    synchronized List<List<Object>> search(String pattern, int n, boolean unique, boolean output) {
        Pattern glob = glob(pattern == null || pattern.isEmpty() ? "*" : pattern);
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            if (glob.matcher(e.input()).matches()) hits.add(e);
        }
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : hits) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            hits = new ArrayList<>(latest.values());
        }
        if (n > 0 && hits.size() > n) hits = hits.subList(hits.size() - n, hits.size());
        return rows(hits, output);
    }

    private static List<List<Object>> rows(List<Entry> entries, boolean output) {
        List<List<Object>> rows = new ArrayList<>();
        for (Entry e : entries) {
            Object cell = output ? java.util.Arrays.asList(e.input(), e.output()) : e.input();
            rows.add(java.util.Arrays.asList(SESSION, e.line(), cell));
        }
        return rows;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
