package dev.sluice.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.sluice.kernel.KernelProbe.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code display}/{@code updateDisplay} as IJava code uses them, MIME bundles and the renderer registry, through the kernel. */
class NotebookDisplayTest {
    private static KernelProbe k;

    @BeforeAll
    static void start() {
        k = new KernelProbe();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    @Test
    void displayReturnsAnIdThatUpdateDisplayReplaces() {
        String cell = k.run("String id = display(\"starting\");\nfor (int i = 1; i <= 3; i++) updateDisplay(id, \"step \" + i);\nid");
        String id = k.result(cell).replace("\"", "");
        List<Map<String, Object>> shown = k.displays(id);
        assertEquals(4, shown.size(), shown.toString());
        assertEquals("\"starting\"", data(shown.get(0)).get("text/plain"));
        assertEquals("\"step 3\"", data(shown.get(3)).get("text/plain"));
        assertEquals(1, k.of(cell, "display_data").size(), "one display, then updates");
        assertEquals(3, k.of(cell, "update_display_data").size());

        // An update from a later cell replaces the display where it is.
        String later = k.run("updateDisplay(id, \"done\");");
        assertEquals("\"done\"", data(k.of(later, "update_display_data").get(0)).get("text/plain"));
        assertEquals(id, ((Map<?, ?>) k.of(later, "update_display_data").get(0).get("transient")).get("display_id"));
    }

    @Test
    void mimeBundlesCarryHtmlSvgPngMarkdownAndJson() {
        String cell = k.run("display(MimeBundle.markdown(\"**bold**\"));\n"
                + "display(\"<b>hot</b>\", \"text/html\");\n"
                + "display(MimeBundle.svg(\"<svg xmlns='http://www.w3.org/2000/svg'/>\"));\n"
                + "display(MimeBundle.json(Map.of(\"n\", 1)));\n"
                + "var img = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
                + "display(img);\n"
                + "DisplayData dd = new DisplayData(\"plain\"); dd.putHTML(\"<i>ijava</i>\"); display(dd);");
        List<Map<String, Object>> shown = k.of(cell, "display_data");
        assertEquals(6, shown.size());
        assertEquals("**bold**", data(shown.get(0)).get("text/markdown"));
        assertEquals("<b>hot</b>", data(shown.get(1)).get("text/html"));
        assertTrue(String.valueOf(data(shown.get(2)).get("image/svg+xml")).startsWith("<svg"));
        assertEquals(Map.of("n", 1), data(shown.get(3)).get("application/json"));
        byte[] png = Base64.getDecoder().decode(String.valueOf(data(shown.get(4)).get("image/png")));
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("<i>ijava</i>", data(shown.get(5)).get("text/html"));
        assertEquals("plain", data(shown.get(5)).get("text/plain"));
    }

    @Test
    void userCodeRegistersRenderersForItsOwnTypes() {
        String cell = k.run("record Temperature(double celsius) {}\n"
                + "Renderers.register(Temperature.class, t -> MimeBundle.html(\"<b>\" + t.celsius() + \" °C</b>\"));\n"
                + "display(new Temperature(21.5));\n"
                + "new Temperature(3.0)");
        assertEquals("<b>21.5 °C</b>", data(k.of(cell, "display_data").get(0)).get("text/html"));
        assertEquals("<b>3.0 °C</b>", data(k.of(cell, "execute_result").get(0)).get("text/html"));
    }

    @Test
    void askingForATypeAValueCannotBeShownAsSaysWhatToDo() {
        String cell = k.run("String msg = \"\";\ntry { display(42, \"image/png\"); } catch (IllegalArgumentException e) { msg = e.getMessage(); }\nmsg");
        assertTrue(k.result(cell).contains("Renderers.register"), k.result(cell));
    }

    @Test
    void aLiveTableTurnsIntoBarsAndPrintReplacesItsBatchInPlace() {
        String create = k.run("var fruitQueue = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>();\n"
                + "var fruitCounts = ssc.queueStream(fruitQueue).countByValue().name(\"fruit\");\n"
                + "LiveTable bars = display(fruitCounts).chart().top(2);\n"
                + "var printed = fruitCounts.print();\n"
                + "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();");
        String viewId = (String) ((Map<?, ?>) k.of(create, "display_data").get(0).get("transient")).get("display_id");
        k.run("var clock = (ManualClock) ssc.clock();\n"
                + "fruitQueue.add(List.of(\"apple\", \"apple\", \"apple\", \"fig\", \"fig\", \"kiwi\"));\n"
                + "clock.advance(Duration.ofSeconds(1));\n"
                + "ssc.awaitBatch(Time.ofMillis(clock.millis() - clock.millis() % 1000), Duration.ofSeconds(20));\n"
                + "fruitQueue.add(List.of(\"plum\"));\n"
                + "clock.advance(Duration.ofSeconds(1));\n"
                + "ssc.awaitBatch(Time.ofMillis(clock.millis() - clock.millis() % 1000), Duration.ofSeconds(20));");
        k.await(m -> viewId.equals(KernelProbe.displayId(m)) && String.valueOf(data(content(m)).get("text/html")).contains("plum"),
                "the bars of the second batch");
        String firstBars = k.displays(viewId).stream().map(c -> String.valueOf(data(c).get("text/html")))
                .filter(h -> h.contains(">apple<")).findFirst().orElseThrow();
        assertEquals(2, firstBars.split("class=\"bar\"", -1).length - 1, "top(2): two bars");
        assertTrue(firstBars.indexOf(">apple<") < firstBars.indexOf(">fig<") && firstBars.contains("and 1 more"), firstBars);

        // print(): one display in the creating cell, replaced by each batch.
        k.await(m -> KernelProbe.parentId(m).equals(create) && String.valueOf(data(content(m)).get("text/plain")).contains("(plum,1)"),
                "the printed second batch");
        List<Map<String, Object>> printedShown = k.of(create, "display_data").stream()
                .filter(c -> String.valueOf(data(c).get("text/plain")).startsWith("-----")).toList();
        assertEquals(1, printedShown.size(), "print() shows one display");
        String printId = (String) ((Map<?, ?>) printedShown.get(0).get("transient")).get("display_id");
        List<Map<String, Object>> printUpdates = k.displays(printId);
        String lastPrint = String.valueOf(data(printUpdates.get(printUpdates.size() - 1)).get("text/plain"));
        assertTrue(lastPrint.contains("Time: ") && lastPrint.contains(" ms\n") && !lastPrint.contains("apple"),
                "Spark's header, and only the latest batch: " + lastPrint);
        assertTrue(k.of(create, "stream").stream().noneMatch(s -> String.valueOf(s.get("text")).contains("Time:")),
                "nothing printed as growing text");

        // Keeping the last two batches.
        k.run("keepPrintedBatches(printed, 2);\n"
                + "clock.advance(Duration.ofSeconds(1));\n"
                + "ssc.awaitBatch(Time.ofMillis(clock.millis() - clock.millis() % 1000), Duration.ofSeconds(20));\n"
                + "printed.stop(); bars.stop();");
        k.await(m -> printId.equals(KernelProbe.displayId(m))
                && String.valueOf(data(content(m)).get("text/plain")).split("Time: ", -1).length == 3, "two batches kept");
        k.await(m -> viewId.equals(KernelProbe.displayId(m))
                && String.valueOf(data(content(m)).get("text/html")).contains("data-sluice-state=\"stopped\""), "the view marked stopped");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(io.github.spencerpark.jupyter.messages.Message<?> m) {
        Object c = m.getContent();
        return c instanceof Map<?, ?> map && map.get("data") instanceof Map ? (Map<String, Object>) map : Map.of("data", Map.of());
    }
}
