package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.streaming.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joins that look the other side's records up in a materialized table, read narrowly or shuffled. */
class LookupJoinNodeTest extends RddTestBase {

    private final HashPartitioner two = new HashPartitioner(2);
    private final List<Pair<String, String>> records = List.of(Pair.of("a", "x"), Pair.of("d", "w"), Pair.of("a", "y"),
            Pair.of("b", "z"), Pair.of("c", "v"), Pair.of("a", "x"));

    private MapBackedNode<String, Integer> table() {
        Map<String, Integer> values = new HashMap<>();
        values.put("a", 1);
        values.put("b", null);   // a key whose value is null is still in the table
        values.put("c", 3);
        values.put("e", 5);      // only in the table
        List<Pair<String, Integer>> pairs = new ArrayList<>();
        values.forEach((k, v) -> pairs.add(new Pair<>(k, v)));
        return MapBackedNode.fromPairs(ctx, pairs, two, "window");
    }

    /** The records partitioned like the table (read narrowly), or in three slices (shuffled). */
    private RddNode<Pair<String, String>> other(boolean narrow) {
        if (!narrow) {
            return ParallelCollectionNode.slice(ctx, records, 3, "batch");
        }
        List<List<Object>> parts = List.of(new ArrayList<>(), new ArrayList<>());
        for (Pair<String, String> r : records) {
            parts.get(two.partition(r.key())).add(r);
        }
        Object[][] arrays = {parts.get(0).toArray(), parts.get(1).toArray()};
        return new ParallelCollectionNode<>(ctx, arrays, two, "batch");
    }

    private List<String> sorted(RddNode<?> node) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<String> part : ctx.runJob(node, (split, it) -> {
            List<String> l = new ArrayList<>();
            it.forEachRemaining(x -> l.add(String.valueOf(x)));
            return l;
        })) {
            out.addAll(part);
        }
        out.sort(null);
        return out;
    }

    @Test
    void innerAndOuterJoinsMatchEveryRecordOfTheOtherSideOnce() throws Exception {
        for (boolean narrow : new boolean[] {true, false}) {
            String how = narrow ? "narrow" : "shuffled";
            assertEquals(List.of("(a,(x,1))", "(a,(x,1))", "(a,(y,1))", "(b,(z,null))", "(c,(v,3))"),
                    sorted(new LookupJoinNode<>(other(narrow), table(), false, false)), how);
            assertEquals(List.of("(a,(1,x))", "(a,(1,x))", "(a,(1,y))", "(b,(null,z))", "(c,(3,v))"),
                    sorted(new LookupJoinNode<>(other(narrow), table(), true, false)), how);
            assertEquals(List.of("(a,(x,Optional[1]))", "(a,(x,Optional[1]))", "(a,(y,Optional[1]))", "(b,(z,Optional.empty))",
                            "(c,(v,Optional[3]))", "(d,(w,Optional.empty))"),
                    sorted(new LookupJoinNode<>(other(narrow), table(), false, true)), how);
            assertEquals(List.of("(a,(Optional[1],x))", "(a,(Optional[1],x))", "(a,(Optional[1],y))", "(b,(Optional.empty,z))",
                            "(c,(Optional[3],v))", "(d,(Optional.empty,w))"),
                    sorted(new LookupJoinNode<>(other(narrow), table(), true, true)), how);
        }
    }

    @Test
    void theOtherSideIsShuffledOnlyWhenItIsPartitionedOtherwise() {
        assertTrue(new LookupJoinNode<>(other(true), table(), false, false).shuffleDependencies().isEmpty());
        LookupJoinNode<String, String, Integer> shuffled = new LookupJoinNode<>(other(false), table(), false, false);
        assertEquals(1, shuffled.shuffleDependencies().size());
        assertEquals(List.of("window"), shuffled.narrowParents().stream().map(RddNode::operation).toList());
        assertEquals(two, shuffled.partitioner());
    }

    @Test
    void onlyAMaterializedTablePartitionedLikeTheResultIsLookedUp() {
        assertTrue(LookupJoinNode.isTable(table(), new HashPartitioner(2)));
        assertFalse(LookupJoinNode.isTable(table(), new HashPartitioner(3)), "other partitions: co-grouped");
        assertFalse(LookupJoinNode.isTable(other(true), two), "not materialized");
    }
}
