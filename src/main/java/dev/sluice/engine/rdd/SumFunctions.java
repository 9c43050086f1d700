package dev.sluice.engine.rdd;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Recognizes reduce functions that are the JDK's own sums ({@code Long::sum}, {@code Integer::sum}),
 * so that a by-key combine can count into a mutable {@code long} per key instead of boxing a new
 * value for every record. Lambdas written by the user ({@code (a, b) -> a + b}) are not recognized
 * and take the general path; the results are the same either way.
 */
public final class SumFunctions {

    /** The kind of sum a function is. */
    public enum Kind {
        /** Not a recognized sum. */
        NONE,
        /** {@code Long::sum}. */
        LONG,
        /** {@code Integer::sum} (wraps on overflow, as the function does). */
        INT
    }

    /** The kind per lambda class (a lambda's class stands for one call site, so one implementation). */
    private static final ClassValue<Kind[]> CACHE = new ClassValue<>() {
        @Override
        protected Kind[] computeValue(Class<?> type) {
            return new Kind[1];
        }
    };

    private SumFunctions() {
    }

    /**
     * Returns what kind of sum {@code f} is, from its serialized form; looked up once per lambda
     * class, since by-key operations build an aggregator every batch.
     */
    public static Kind kindOf(Serializable f) {
        Kind[] cached = CACHE.get(f.getClass());
        Kind kind = cached[0];
        if (kind == null) {
            kind = inspect(f);
            cached[0] = kind;
        }
        return kind;
    }

    private static Kind inspect(Serializable f) {
        try {
            Method writeReplace = f.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(f) instanceof SerializedLambda lambda) || lambda.getCapturedArgCount() != 0) {
                return Kind.NONE;
            }
            if (!"sum".equals(lambda.getImplMethodName())) {
                return Kind.NONE;
            }
            return switch (lambda.getImplClass() + lambda.getImplMethodSignature()) {
                case "java/lang/Long(JJ)J" -> Kind.LONG;
                case "java/lang/Integer(II)I" -> Kind.INT;
                default -> Kind.NONE;
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Kind.NONE;
        }
    }
}
