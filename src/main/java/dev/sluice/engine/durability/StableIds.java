package dev.sluice.engine.durability;

import dev.sluice.engine.graph.StreamNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Gives each stream an id that stays the same when the same program (or a changed version of it)
 * builds the graph again, so checkpointed state and logged input find their operator after a
 * restart.
 *
 * <p>A stream named with {@code name(...)} has the id {@code name:<name>}. Any other has its
 * shape: its operation followed by its parents' ids, e.g.
 * {@code updateStateByKey(mapToPair(receiverStream(Feed)))}, plus {@code #k} when it is the k-th
 * stream (in creation order) with that shape. User functions are not part of an id, so changing a
 * lambda keeps the id; adding, removing or reordering operators changes the ids downstream of the
 * change (name the stateful streams to keep them stable across such changes).
 */
public final class StableIds {

    private static final int MAX_SHAPE = 160;

    private StableIds() {
    }

    /** Returns the stable id of {@code node}. */
    public static String of(StreamNode<?> node) {
        if (node.name() != null) {
            return "name:" + node.name();
        }
        String shape = shape(node);
        int index = 0;
        List<StreamNode<?>> nodes = node.graph().nodes();
        for (StreamNode<?> n : nodes) {
            if (n == node) {
                break;
            }
            if (n.name() == null && shape(n).equals(shape)) {
                index++;
            }
        }
        return shape + "#" + index;
    }

    private static String shape(StreamNode<?> node) {
        if (node.name() != null) {
            return "name:" + node.name();
        }
        StringBuilder sb = new StringBuilder(node.operation());
        if (!node.parents().isEmpty()) {
            sb.append('(');
            boolean first = true;
            for (StreamNode<?> p : node.parents()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(shape(p));
            }
            sb.append(')');
        }
        String s = sb.toString();
        return s.length() <= MAX_SHAPE ? s : node.operation() + "@" + digest(s);
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(s.hashCode());
        }
    }
}
