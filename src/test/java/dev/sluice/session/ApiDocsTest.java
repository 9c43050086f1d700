package dev.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the javadoc of the API from the sources the build puts into sluice.jar (here: target/classes). */
class ApiDocsTest {

    private final ApiDocs docs = new ApiDocs();

    @Test
    void anOverloadIsFoundByItsParameterTypes() {
        String stream = docs.javadoc("LiveTable dev.sluice.kernel.Notebook.display(DStream<?> stream)");
        String output = docs.javadoc("LiveTable dev.sluice.kernel.Notebook.display(OutputHandle output)");
        assertTrue(stream.startsWith("Shows the stream's latest batch as a table"), stream);
        assertTrue(output.startsWith("Shows the latest batch of an output's stream"), output);
    }

    @Test
    void theNotebookHelpersAndGenericMethodsDocumentThemselves() {
        String register = docs.javadoc("void Renderers.<T>register(Class<T> type, java.util.function.Function<? super T,MimeBundle> renderer)");
        assertTrue(register.startsWith("Registers renderer for values of type and its subtypes"), register);
        String html = docs.javadoc("MimeBundle MimeBundle.html(String html)");
        assertTrue(html.startsWith("A bundle of an HTML fragment"), html);
        String window = docs.javadoc("DStream<T> DStream<T>.window(Duration length, Duration slide)");
        assertTrue(window.startsWith("Returns a stream whose batch at time t holds"), window);
        assertEquals("", docs.javadoc("int Math.max(int a, int b)"), "not Sluice's");
    }

    @Test
    void parameterTypesAreSimpleNamesWithoutTypeArguments() {
        assertEquals(List.of("DStream", "Function", "int...", "String[]"),
                ApiDocs.parameterTypes("dev.sluice.streaming.DStream<T> s, java.util.function.Function<? super T,MimeBundle> f,"
                        + " int... n, final String[] words) {"));
        assertEquals(List.of(), ApiDocs.parameterTypes(")"));
        assertEquals(List.of("Class"), ApiDocs.parameterTypes("@SuppressWarnings(\"x\") Class<?> type)"));
    }
}
