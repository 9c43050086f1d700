package dev.sluice.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The values of top-level snippet variables that a user function reads, shipped with the function
 * to executors. A variable typed at the top level of the shell ({@code String[] stop = ...}) is a
 * static field of its JShell wrapper class ({@code REPL.$JShell$14}); an executor loads that class
 * afresh from the snippet class directory, where the field was never assigned, so a lambda that
 * reads it would see null there. At translation, on the driver, {@link #of} finds the fields a
 * function reads (its implementation method's bytecode, and transitively the snippet methods and
 * lambdas it calls), takes their current values and checks that they and the function's captured
 * values serialize; the adapter calls {@link #install} before the function, which sets the fields
 * on an executor in another JVM (on the driver, and in local mode, the fields are the driver's own
 * and are left alone).
 *
 * <p>A value that cannot be shipped fails the translation, before any job starts, with a message
 * that names the variable and says what to do.
 */
final class ReplStatics implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Identifies this JVM: a snapshot taken here is not installed here. */
    private static final String JVM = UUID.randomUUID().toString();

    /** JShell's wrapper classes of top-level snippets ({@code REPL/$JShell$12}, redefined {@code REPL/$JShell$12B}). */
    private static final Pattern WRAPPER = Pattern.compile("REPL/\\$JShell\\$\\d+[A-Z]*");

    private static final ReplStatics NONE = new ReplStatics(List.of());

    private final String origin;
    private final List<Value> values;
    private transient volatile boolean installed;

    /** One top-level variable's value: the wrapper class (binary name), the field, the value. */
    private record Value(String owner, String field, Object value) implements Serializable {
    }

    private ReplStatics(List<Value> values) {
        this(values, JVM);
    }

    private ReplStatics(List<Value> values, String origin) {
        this.values = values;
        this.origin = origin;
    }

    /** The same snapshot as if taken in another JVM: {@link #install} sets it here (tests use it to play an executor). */
    ReplStatics asFromAnotherJvm() {
        return new ReplStatics(values, "elsewhere");
    }

    /** Whether there is nothing to set. */
    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The variables shipped, as {@code name} (for messages and tests). */
    List<String> names() {
        return values.stream().map(Value::field).toList();
    }

    /**
     * The snapshot for user function {@code fn}: empty unless it is a snippet's function that reads
     * top-level variables.
     *
     * @throws IllegalArgumentException the function captures a value that is not serializable, or it
     *                                  reads a top-level variable whose value is not serializable; the
     *                                  message names it and says what to do
     */
    static ReplStatics of(Object fn) {
        if (fn == null || !fn.getClass().getName().startsWith("REPL.")) {
            return NONE;                        // compiled code: its statics are on the executors' class path
        }
        Map<String, Value> found = new LinkedHashMap<>();
        collect(fn, found, new HashSet<>(), new HashSet<>());
        return found.isEmpty() ? NONE : new ReplStatics(List.copyOf(found.values()));
    }

    /** Sets the shipped variables in this JVM, once per deserialized snapshot; nothing where it was taken. */
    void install() {
        if (installed || values.isEmpty() || JVM.equals(origin)) {
            return;
        }
        synchronized (this) {
            if (installed) {
                return;
            }
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (Value v : values) {
                try {
                    Class<?> owner = Class.forName(v.owner(), true, loader != null ? loader : ReplStatics.class.getClassLoader());
                    Field f = owner.getDeclaredField(v.field());
                    f.setAccessible(true);
                    f.set(null, v.value());
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    throw new IllegalStateException("could not set the top-level variable '" + v.field()
                            + "' on this executor before running the function that reads it: " + e, e);
                }
            }
            installed = true;
        }
    }

    // ---- finding what a function reads

    private static void collect(Object fn, Map<String, Value> found, Set<String> methods, Set<Object> functions) {
        if (!functions.add(new Identity(fn))) {
            return;
        }
        ClassLoader loader = fn.getClass().getClassLoader();
        SerializedLambda lambda = serializedLambda(fn);
        Set<String> fields = new java.util.LinkedHashSet<>();
        if (lambda != null) {
            checkCaptured(fn, lambda);
            scanMethod(loader, lambda.getImplClass(), lambda.getImplMethodName(), lambda.getImplMethodSignature(), fields, methods);
        } else {
            checkSerializable(fn, () -> "the function " + fn.getClass().getName(), "make the class Serializable and its fields too");
            String owner = fn.getClass().getName().replace('.', '/');
            scanMethod(loader, owner, null, null, fields, methods);   // every method of a snippet's function class
        }
        for (String ref : fields) {
            int dot = ref.indexOf('.');
            String owner = ref.substring(0, dot).replace('/', '.');
            String name = ref.substring(dot + 1);
            String key = owner + "." + name;
            if (found.containsKey(key)) {
                continue;
            }
            Object value = read(loader, owner, name);
            if (value == NOT_A_VARIABLE) {
                continue;
            }
            checkSerializable(value, () -> "the top-level variable '" + name + "'",
                    "make its class Serializable, or build the value inside the lambda instead of reading the variable");
            found.put(key, new Value(owner, name, value));
            if (value != null && value.getClass().getName().startsWith("REPL.") && value instanceof Serializable) {
                collect(value, found, methods, functions);    // a function kept in a variable, read by this one
            }
        }
    }

    private static final Object NOT_A_VARIABLE = new Object();

    /** The current value of static field {@code owner.name}, or {@link #NOT_A_VARIABLE} for a constant or an unreadable field. */
    private static Object read(ClassLoader loader, String owner, String name) {
        try {
            Field f = Class.forName(owner, false, loader).getDeclaredField(name);
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || Modifier.isFinal(mod)) {
                return NOT_A_VARIABLE;
            }
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return NOT_A_VARIABLE;
        }
    }

    /** The serialized form of a serializable lambda, or null when {@code fn} is not one. */
    private static SerializedLambda serializedLambda(Object fn) {
        if (!fn.getClass().isSynthetic() && !fn.getClass().isHidden()) {
            return null;
        }
        try {
            Method m = fn.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return m.invoke(fn) instanceof SerializedLambda s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Fails naming the captured value of a lambda that does not serialize. */
    private static void checkCaptured(Object fn, SerializedLambda lambda) {
        List<String> names = parameterNames(fn.getClass().getClassLoader(), lambda);
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            Object arg = lambda.getCapturedArg(i);
            String type = arg == null ? "" : arg.getClass().getName();
            String what = i < names.size() && names.get(i) != null
                    ? "the variable '" + names.get(i) + "' (a " + type + ") that the lambda captures"
                    : "a value the lambda captures (a " + type + ", its captured value " + (i + 1) + ")";
            checkSerializable(arg, () -> what, "make its class Serializable, or build the value inside the lambda");
        }
    }

    private interface Text {
        String get();
    }

    private static void checkSerializable(Object value, Text what, String advice) {
        if (value == null) {
            return;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what.get() + " cannot be shipped to Spark's executors: "
                    + (e.getMessage() != null && !e.getMessage().equals(value.getClass().getName())
                    ? "it holds a " + e.getMessage() + ", which" : "its class " + value.getClass().getName())
                    + " is not Serializable; " + advice, e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what.get() + " cannot be shipped to Spark's executors: " + e + "; " + advice, e);
        }
    }

    /**
     * Names of a lambda implementation method's parameters (the captured variables come first), from
     * its MethodParameters or LocalVariableTable attribute when the class has them; null where unknown.
     */
    private static List<String> parameterNames(ClassLoader loader, SerializedLambda lambda) {
        byte[] bytes = classBytes(loader, lambda.getImplClass());
        List<String> parameters = new ArrayList<>();
        Map<Integer, String> locals = new java.util.HashMap<>();
        if (bytes != null) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (!name.equals(lambda.getImplMethodName()) || !descriptor.equals(lambda.getImplMethodSignature())) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitParameter(String pname, int access) {
                            parameters.add(pname);
                        }

                        @Override
                        public void visitLocalVariable(String lname, String d, String s, org.objectweb.asm.Label start,
                                                       org.objectweb.asm.Label end, int index) {
                            locals.putIfAbsent(index, lname);
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        if (!parameters.isEmpty()) {
            return parameters;
        }
        List<String> names = new ArrayList<>();
        int slot = lambda.getImplMethodKind() == java.lang.invoke.MethodHandleInfo.REF_invokeStatic ? 0 : 1;
        for (org.objectweb.asm.Type t : org.objectweb.asm.Type.getArgumentTypes(lambda.getImplMethodSignature())) {
            names.add(locals.get(slot));
            slot += t.getSize();
        }
        return names;
    }

    private static byte[] classBytes(ClassLoader loader, String internalName) {
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Adds to {@code fields} ({@code owner.name}) every static field of a JShell wrapper class read by
     * method {@code owner.name descriptor} (every method of {@code owner} when {@code name} is null),
     * following calls into snippet classes and the lambdas they make.
     */
    private static void scanMethod(ClassLoader loader, String owner, String name, String descriptor,
                                   Set<String> fields, Set<String> visited) {
        Deque<String[]> work = new ArrayDeque<>();
        work.push(new String[] {owner, name, descriptor});
        while (!work.isEmpty()) {
            String[] m = work.pop();
            if (!m[0].startsWith("REPL/") || !visited.add(m[0] + "." + m[1] + m[2])) {
                continue;
            }
            byte[] bytes = classBytes(loader, m[0]);
            if (bytes == null) {
                continue;
            }
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String mname, String mdesc, String signature, String[] exceptions) {
                    if (m[1] != null && (!mname.equals(m[1]) || !mdesc.equals(m[2]))) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitFieldInsn(int opcode, String fowner, String fname, String fdesc) {
                            if (opcode == Opcodes.GETSTATIC && WRAPPER.matcher(fowner).matches()) {
                                fields.add(fowner + "." + fname);
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String mowner, String n, String d, boolean itf) {
                            if (mowner.startsWith("REPL/")) {
                                work.push(new String[] {mowner, n, d});
                            }
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                            for (Object a : args) {
                                if (a instanceof Handle h && h.getOwner().startsWith("REPL/")) {
                                    work.push(new String[] {h.getOwner(), h.getName(), h.getDesc()});
                                }
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
    }

    /** Identity of a function object in a set (lambdas do not define equals, but user classes may). */
    private record Identity(Object o) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.o == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(o);
        }
    }
}
