package dev.sluice.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerSymbolsTest {
    @Test
    void compactingKeepsTheSameNamesAndSymbolsInTheSameOrderAndLeavesOutEmptyNames() {
        Map<Object, Map<Object, Object>> classes = new HashMap<>();
        List<Object> expectedOrder = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Map<Object, Object> perModule = new HashMap<>();
            if (i % 7 != 0) {
                perModule.put("module" + (i % 3), "symbol" + i);
                if (i % 11 == 0) perModule.put("other", "second" + i);
            }
            classes.put("name" + i, perModule);
        }
        Map<Object, Map<Object, Object>> before = new LinkedHashMap<>();
        classes.forEach((k, v) -> before.put(k, new HashMap<>(v)));
        Map<Object, Object> oldMapOfName1 = classes.get("name1");
        for (Map.Entry<Object, Map<Object, Object>> e : classes.entrySet()) {
            if (!e.getValue().isEmpty()) expectedOrder.add(e.getKey());
        }

        int empty = CompilerSymbols.compact(classes);

        assertEquals(72, empty); // 0, 7, ..., 497
        assertEquals(new ArrayList<>(expectedOrder), new ArrayList<>(classes.keySet()), "walk order");
        before.forEach((name, perModule) -> {
            if (perModule.isEmpty()) {
                assertTrue(!classes.containsKey(name), name + " is left out");
            } else {
                assertEquals(perModule, classes.get(name), String.valueOf(name));
            }
        });
        assertNotSame(oldMapOfName1, classes.get("name1"));
        classes.get("name1").put("later", "entered after"); // javac enters more symbols into the copies
        assertEquals("entered after", classes.get("name1").get("later"));
    }

    @Test
    void theSnippetPackagesNamesAloneAreWalkedHoweverTheyEntered() {
        CompilerSymbols.SnippetNamesFirst classes = new CompilerSymbols.SnippetNamesFirst();
        classes.computeIfAbsent("java.lang.String", n -> new HashMap<>()).put("java.base", "String");
        classes.computeIfAbsent("REPL.$JShell$1", n -> new HashMap<>()).put("unnamed", "$JShell$1");
        classes.put("REPL.$JShell$2", new HashMap<>(Map.of("unnamed", "$JShell$2")));
        classes.putIfAbsent("REPL.$JShell$3", new HashMap<>(Map.of("unnamed", "$JShell$3")));
        classes.compute("REPL.$JShell$4", (k, v) -> new HashMap<>(Map.of("unnamed", "$JShell$4")));
        classes.merge("REPL.$JShell$5", new HashMap<>(Map.of("unnamed", "$JShell$5")), (a, b) -> a);
        classes.putAll(Map.of("REPL.$JShell$6$Point", new HashMap<>(Map.of("unnamed", "Point")),
                "java.util.List", new HashMap<>(Map.of("java.base", "List"))));
        classes.computeIfAbsent("REPLICA.Other", n -> new HashMap<>()).put("unnamed", "Other"); // another package

        List<Object> walked = new ArrayList<>();
        classes.values().forEach(m -> walked.addAll(m.values()));
        assertEquals(List.of("$JShell$1", "$JShell$2", "$JShell$3", "$JShell$4", "$JShell$5", "Point"), walked);
        assertEquals(6, classes.values().size());
        assertEquals(9, classes.allValues().size(), "every name is still in the table");
        assertEquals("String", classes.get("java.lang.String").get("java.base"));

        classes.get("REPL.$JShell$1").remove("unnamed"); // what dropping a class does
        classes.remove("REPL.$JShell$2");
        int empty = CompilerSymbols.compact(classes);
        assertEquals(1, empty);
        walked.clear();
        classes.values().forEach(m -> walked.addAll(m.values()));
        assertEquals(java.util.Set.of("$JShell$3", "$JShell$4", "$JShell$5", "Point"), new java.util.HashSet<>(walked),
                "compacted (in the table's order): the emptied name is gone");
        assertEquals(4, walked.size());
        classes.clear();
        assertTrue(classes.values().isEmpty());
    }

    @Test
    void aSessionCompactsItsCompilersTablesAndCompilesAsBefore() throws Exception {
        // the tests run with jdk.jshell and javac's api and code packages open, as the launcher does
        try (Session s = Session.open(SessionOptions.builder().manualClock(true).build())) {
            CompilerSymbols symbols = s.compilerSymbols();
            assertTrue(symbols.reachable(), "the compilers' contexts are reachable with the launcher's --add-opens");
            assertEquals(2, s.eval("1 + 1").value());
            assertTrue(symbols.compactions() >= 1, "compacted after the first cell");
            assertEquals(Runtime.version().feature() <= 25, symbols.snippetNamesApart, "on the Java versions checked");
            assertEquals(symbols.snippetNamesApart,
                    symbols.tablesForTests().stream().allMatch(t -> t instanceof CompilerSymbols.SnippetNamesFirst),
                    "every pooled compiler's table keeps the snippet package's names apart, where that is done");
            // a class declared, compacted over, declared again with another shape, and used
            s.eval("record Point(int x) { int twice() { return 2 * x; } }");
            s.eval("var p = new Point(4);");
            int before = symbols.compactions();
            for (int i = 0; i < 40 && symbols.compactions() == before; i++) {
                s.eval("var m" + i + " = new java.util.concurrent.ConcurrentSkipListMap<String, java.util.zip.CRC32>();");
                s.eval("java.util.regex.Pattern.compile(\"a\").matcher(\"a\").matches()");
            }
            assertTrue(symbols.compactions() > before, "compacted again after new packages were listed");
            s.eval("record Point(int x, int y) { int twice() { return 2 * (x + y); } }");
            assertEquals(10, s.eval("new Point(2, 3).twice()").value());
            assertEquals("java.util.concurrent.ConcurrentSkipListMap", s.eval("m0.getClass().getName()").value());

            // a class path that grows gives JShell new compilers, whose tables are laid out in turn
            int beforeClasspath = symbols.compactions();
            s.addClasspath(java.nio.file.Path.of("target/test-classes").toAbsolutePath().toString());
            assertEquals(10, s.eval("new Point(2, 3).twice()").value());
            assertTrue(symbols.compactions() > beforeClasspath, "the new compilers' tables were laid out after the next cell");
        }
    }
}
