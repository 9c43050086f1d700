package dev.sluice.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code ```java} blocks of README.md, each with the section (## heading) it belongs to. */
final class ReadmeSnippets {

    /** One fenced Java block. */
    record Block(String section, String code) {
        List<String> lines() {
            return code.lines().toList();
        }
    }

    private ReadmeSnippets() {
    }

    static Path readme() {
        Path p = Path.of("README.md");
        if (!Files.exists(p)) {
            throw new AssertionError("README.md not found in " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * A block meant for a program of one's own, with its context renamed from {@code ssc} to
     * {@code program}, so that it can run in a session, whose {@code ssc} cannot be declared again.
     */
    static String asProgram(String code) {
        return code.replaceAll("\\bssc\\b", "program");
    }

    static List<Block> blocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        String section = "";
        StringBuilder code = null;
        for (String line : Files.readAllLines(readme(), StandardCharsets.UTF_8)) {
            if (code != null) {
                if (line.strip().equals("```")) {
                    blocks.add(new Block(section, code.toString()));
                    code = null;
                } else {
                    code.append(line).append('\n');
                }
            } else if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            } else if (line.strip().equals("```java")) {
                code = new StringBuilder();
            }
        }
        if (code != null) {
            throw new AssertionError("README.md has an unclosed ```java block in section " + section);
        }
        return blocks;
    }

    static List<Block> inSection(String section) throws IOException {
        return blocks().stream().filter(b -> b.section().equals(section)).toList();
    }
}
