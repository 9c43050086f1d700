package dev.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * updateStateByKey against a plain model of it, batch by batch: keys whose hash codes collide, a
 * null key, keys with state and no values, states removed by an empty result (for keys with values
 * and for keys without), an empty batch, batches with many more keys than the one before, and the
 * state in several partitions. Each key's values must arrive in the order of the batch.
 */
class UpdateStateByKeyModelTest {

    /** A key whose hash code many keys share. */
    private record Colliding(int id) implements Serializable {
        @Override
        public int hashCode() {
            return id % 3;
        }
    }

    /** The update under test: keeps the values seen, in order; -1 among them, or no values and a state of 3 values, removes. */
    private static Optional<List<Integer>> update(List<Integer> values, Optional<List<Integer>> state) {
        if (values.contains(-1) || (values.isEmpty() && state.isPresent() && state.get().size() == 3)) {
            return Optional.empty();
        }
        List<Integer> next = new ArrayList<>(state.orElse(List.of()));
        next.addAll(values);
        return Optional.of(next);
    }

    private static Object key(Random random, int keys) {
        int k = random.nextInt(keys);
        return k == 0 ? null : k % 3 == 0 ? new Colliding(k) : "w" + k;
    }

    @Test
    void matchesAModelBatchByBatch() throws Exception {
        Random random = new Random(7);
        // Key counts per batch: small, many more, an empty batch, few (most keys keep their state with no values), more again.
        int[] keysPerBatch = {5, 400, 0, 3, 2_000, 2_000, 40};
        List<List<Pair<Object, Integer>>> batches = new ArrayList<>();
        for (int keys : keysPerBatch) {
            List<Pair<Object, Integer>> batch = new ArrayList<>();
            for (int i = 0; keys > 0 && i < 3 * keys; i++) {
                batch.add(Pair.of(key(random, keys), random.nextInt(40) == 0 ? -1 : random.nextInt(10)));
            }
            batches.add(batch);
        }
        for (int partitions : new int[] {1, 3}) {
            try (StreamTestKit kit = new StreamTestKit()) {
                @SuppressWarnings("unchecked")
                List<Pair<Object, Integer>>[] input = batches.toArray(List[]::new);
                PairDStream<Object, Integer> in = PairDStream.of(kit.input(input));
                PairDStream<Object, List<Integer>> state = in.updateStateByKey(
                        (Iterable<Integer> values, Optional<List<Integer>> s) -> {
                            List<Integer> vs = new ArrayList<>();
                            values.forEach(vs::add);
                            return update(vs, s);
                        }, partitions);
                var out = kit.collect(state);
                kit.run(batches.size());

                Map<Object, List<Integer>> model = new HashMap<>();
                List<List<Pair<Object, List<Integer>>>> got = out.batches();
                for (int b = 0; b < batches.size(); b++) {
                    Map<Object, List<Integer>> values = new LinkedHashMap<>();
                    for (Pair<Object, Integer> p : batches.get(b)) {
                        values.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p.value());
                    }
                    Set<Object> keys = new LinkedHashSet<>(model.keySet());
                    keys.addAll(values.keySet());
                    Map<Object, List<Integer>> next = new HashMap<>();
                    for (Object k : keys) {
                        update(values.getOrDefault(k, List.of()), Optional.ofNullable(model.get(k))).ifPresent(s -> next.put(k, s));
                    }
                    model = next;

                    Map<Object, List<Integer>> batchState = new HashMap<>();
                    for (Pair<Object, List<Integer>> p : got.get(b)) {
                        assertNull(batchState.put(p.key(), p.value()), "key " + p.key() + " twice in batch " + b);
                    }
                    assertEquals(model, batchState, "state after batch " + b + " with " + partitions + " partition(s)");
                }
            }
        }
    }
}
