package dev.sluice.engine.rdd;

/** Carries an exception thrown by a user function out of an iterator, whose methods cannot throw checked exceptions. */
public final class UserFunctionException extends RuntimeException {

    /** Wraps {@code cause}. */
    public UserFunctionException(Throwable cause) {
        super(cause.toString(), cause, false, false);
    }

    /** Returns {@code e}'s cause if it is a wrapper, else {@code e}. */
    public static Throwable unwrap(Throwable e) {
        while (e instanceof UserFunctionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Rethrows {@code e} unchecked, wrapping checked exceptions. */
    public static RuntimeException wrap(Exception e) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new UserFunctionException(e);
    }
}
