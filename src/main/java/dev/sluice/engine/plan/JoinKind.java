package dev.sluice.engine.plan;

/** Which keys a join keeps, named by the API method that asks for it. */
public enum JoinKind {
    /** {@code join}: keys on both sides. */
    INNER("join"),
    /** {@code leftOuterJoin}: every key of the left side. */
    LEFT_OUTER("leftOuterJoin"),
    /** {@code rightOuterJoin}: every key of the right side. */
    RIGHT_OUTER("rightOuterJoin"),
    /** {@code fullOuterJoin}: every key of either side. */
    FULL_OUTER("fullOuterJoin");

    private final String method;

    JoinKind(String method) {
        this.method = method;
    }

    /** Returns the API method's name, e.g. {@code leftOuterJoin}. */
    public String method() {
        return method;
    }
}
