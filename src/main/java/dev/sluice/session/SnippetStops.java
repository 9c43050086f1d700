package dev.sluice.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the shell stop a snippet that never checks for interrupts, such as {@code while (true) {}},
 * on JVMs where {@code Thread.stop} no longer works (Java 20 and later).
 *
 * <p>Every class compiled from a snippet is rewritten as it is installed: each method calls
 * {@link #check()} on entry, before every jump and before every switch. {@code check()} costs one
 * volatile read while no snippet is being stopped; once {@link #request(Thread)} names a thread,
 * snippet code running on that thread throws at its next check. Code of other threads (such as a
 * snippet's lambdas running in engine tasks) carries on. Code outside the snippet's own classes
 * (library or JDK methods it calls) is not rewritten, so a snippet stuck inside such a call ends
 * only when that call returns or responds to the interrupt.
 *
 * <p>Threading: all methods may be called from any thread.
 */
public final class SnippetStops {

    private static final Logger LOG = LoggerFactory.getLogger(SnippetStops.class);

    private static final String OWNER = SnippetStops.class.getName().replace('.', '/');

    /** How many threads are being stopped; {@link #check()} reads only this while it is zero. */
    private static volatile int pending;

    private static final Set<Thread> STOPPING = ConcurrentHashMap.newKeySet();

    private SnippetStops() {
    }

    /**
     * Called by snippet code at method entries, jumps and switches: throws if the current thread's
     * snippet is being stopped. Not meant to be called by hand.
     */
    public static void check() {
        if (pending != 0 && STOPPING.contains(Thread.currentThread())) {
            throw new Stopped();
        }
    }

    /** Makes snippet code on {@code thread} throw at its next check, until {@link #clear(Thread)}. */
    static synchronized void request(Thread thread) {
        if (STOPPING.add(thread)) {
            pending = STOPPING.size();
        }
    }

    /** Ends a {@link #request(Thread)}; called when the snippet's thread has ended. */
    static synchronized void clear(Thread thread) {
        if (STOPPING.remove(thread)) {
            pending = STOPPING.size();
        }
    }

    /**
     * Returns {@code bytes} with the checks added to every method, or {@code bytes} unchanged (and a
     * warning logged) if the class cannot be rewritten, e.g. because it was compiled for a newer
     * class-file version than this rewriter knows; such a snippet can then be stopped only where the
     * JVM still supports {@code Thread.stop}.
     */
    static byte[] instrument(String name, byte[] bytes) {
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                        String[] exceptions) {
                    return new Checks(super.visitMethod(access, method, descriptor, signature, exceptions));
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            LOG.warn("cannot add stop checks to snippet class {} ({}); Ctrl-C may not stop a busy loop in it",
                    name, e.toString());
            return bytes;
        }
    }

    /** Inserts a call to {@code check()}; none of them changes the operand stack or the locals. */
    private static final class Checks extends MethodVisitor {

        Checks(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        private void emitCheck() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            emitCheck();
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            emitCheck();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            emitCheck();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            emitCheck();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }
    }

    /** Thrown into a snippet that is being stopped. */
    private static final class Stopped extends Error {

        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the snippet was stopped");
        }
    }
}
