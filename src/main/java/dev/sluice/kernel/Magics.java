package dev.sluice.kernel;

import dev.sluice.session.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the line magics at the top of a cell before its Java, with IJava's names: {@code %maven}
 * (also {@code %addMavenDependency}, {@code %addMavenDependencies}, {@code %dependency}),
 * {@code %jars}, {@code %classpath} and {@code %mavenRepo}. They map to the session's libraries,
 * as the shell's {@code :dependency} and {@code :classpath} do.
 */
final class Magics {

    private final Session session;

    Magics(Session session) {
        this.session = session;
    }

    /** Whether the cell starts with a line magic. */
    static boolean starts(String code) {
        String c = code.stripLeading();
        return c.startsWith("%") && !c.startsWith("%%");
    }

    /**
     * Runs the cell's leading magic lines, writing what they did to {@code out} and downloads to
     * {@code err}, and returns the Java that follows them (blank lines kept, so line numbers of
     * errors still count from the top of the cell).
     *
     * @throws MagicException an unknown magic, bad arguments, or a library that cannot be added; its
     *         message says what to do, and is all the cell shows
     */
    String run(String code, PrintStream out, PrintStream err) {
        String[] lines = code.split("\n", -1);
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("%") || line.startsWith("%%")) {
                break;
            }
            try {
                one(line.substring(1), out, err);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new MagicException(e.getMessage(), e);
            }
            lines[i] = "";
        }
        return String.join("\n", lines);
    }

    private void one(String line, PrintStream out, PrintStream err) {
        List<String> words = Arrays.stream(line.split("\\s+")).filter(w -> !w.isEmpty()).toList();
        String name = words.isEmpty() ? "" : words.get(0);
        List<String> args = words.subList(Math.min(1, words.size()), words.size());
        switch (name) {
            case "maven", "addMavenDependency", "addMavenDependencies", "dependency" -> {
                need(name, args, "group:artifact:version");
                for (String coordinates : args) {
                    List<Path> jars = session.addDependency(coordinates, err::println);
                    out.println("added " + coordinates + ": " + describe(jars));
                }
            }
            case "jars", "classpath" -> {
                need(name, args, "path (a jar, a folder of classes or a glob such as lib/*.jar)");
                for (String path : args) {
                    out.println("added " + describe(session.addClasspath(path)));
                }
            }
            case "mavenRepo", "addMavenRepo" -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("%" + name + " expects an id and a URL, as in %mavenRepo mine https://repo.example.com/maven2/");
                }
                session.addRepository(args.get(1));
                out.println("added Maven repository " + args.get(0) + " (" + args.get(1) + ")");
            }
            default -> throw new IllegalArgumentException("unknown line magic %" + name
                    + "; Sluice knows %maven group:artifact:version, %jars path, %classpath path and %mavenRepo id url");
        }
    }

    private static void need(String name, List<String> args, String what) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("%" + name + " expects at least one " + what);
        }
    }

    private static String describe(List<Path> entries) {
        if (entries.isEmpty()) {
            return "already on the class path";
        }
        return entries.size() + (entries.size() == 1 ? " entry (" : " entries (")
                + String.join(", ", entries.stream().map(p -> p.getFileName().toString()).toList()) + ")";
    }

    /** A line magic that could not do what it was asked; the message is the whole report. */
    static final class MagicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MagicException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
