package dev.sluice.session;

/**
 * The running snippet was interrupted at the user's request. Streams and their outputs keep running;
 * snippets of the cell after the interrupted one were not run.
 */
public final class EvalInterruptedException extends SessionException {

    private static final long serialVersionUID = 1L;

    EvalInterruptedException(String source) {
        super("interrupted: " + firstLine(source) + "\nstreams keep running; use :stop or ssc.stop() to stop them", null);
    }

    @Override
    public String kind() {
        return "Interrupted";
    }

    private static String firstLine(String source) {
        String s = source.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
