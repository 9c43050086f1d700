package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Appends (or replaces) the JMH section of RESULTS.md with JMH's text result file. */
public final class JmhReport {
    private static final String HEADING = "## JMH microbenchmarks (Sluice engine hot paths)";

    private JmhReport() {
    }

    public static void main(String[] args) throws Exception {
        Path jmh = Path.of(args[0]);
        Path results = Path.of(args[1]);
        String md = Files.exists(results) ? Files.readString(results) : "";
        int at = md.indexOf(HEADING);
        if (at >= 0) {
            int next = md.indexOf("\n## ", at + HEADING.length());
            md = md.substring(0, at) + (next >= 0 ? md.substring(next + 1) : "");
        }
        if (!md.endsWith("\n")) {
            md += "\n";
        }
        Files.writeString(results, md + "\n" + section(jmh));
    }

    /** The report's JMH section, from JMH's text result file. */
    static String section(Path jmh) throws java.io.IOException {
        StringBuilder section = new StringBuilder();
        section.append(HEADING).append("\n\n");
        section.append("One fork, 3 x 1 s warm-up and 5 x 1 s measurement iterations per benchmark, -Xmx1g; average\n")
                .append("time per operation (lower is better). `ShuffleBench` works on 100,000 W1 lines of (word, 1)\n")
                .append("pairs; `StreamBatchBench` runs one whole batch on a manual clock; `BlockGenerationBench` takes\n")
                .append("50,000 lines in through a receiver, cut into 200 ms blocks, and runs the batch that holds them,\n")
                .append("against the same batch from a queue (`source=queue`); see the class javadocs.\n\n");
        section.append("```\n").append(Files.exists(jmh) ? Files.readString(jmh).trim() : "(no JMH results)").append("\n```\n");
        return section.toString();
    }
}
