package dev.sluice.streaming;

import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A key's state as seen by the {@link MappingFunction} of {@code mapWithState}.
 *
 * <pre>{@code
 * (key, value, state) -> {
 *     long n = state.getOption().orElse(0L) + 1;
 *     state.update(n);
 *     return Pair.of(key, n);
 * }
 * }</pre>
 */
public interface State<S> {

    /** Returns true if the key has state. */
    boolean exists();

    /**
     * Returns the state.
     *
     * @throws NoSuchElementException if the key has none
     */
    S get();

    /** Returns the state, if any. */
    default Optional<S> getOption() {
        return exists() ? Optional.of(get()) : Optional.empty();
    }

    /**
     * Sets the key's state.
     *
     * @throws IllegalStateException if the key is timing out or its state was removed in this call
     */
    void update(S newState);

    /** Removes the key's state. */
    void remove();

    /** Returns true if this call is the key's timeout call (no value; the state is removed after it). */
    boolean isTimingOut();
}
