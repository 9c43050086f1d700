package dev.sluice.session;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteadyFileManagerTest {
    /** The JDK's standard file manager, with every call it gets recorded as "method arguments...". */
    private static StandardJavaFileManager recording(List<String> calls) {
        StandardJavaFileManager real = ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, null);
        return (StandardJavaFileManager) Proxy.newProxyInstance(SteadyFileManagerTest.class.getClassLoader(),
                new Class<?>[] {StandardJavaFileManager.class}, (proxy, method, args) -> {
                    StringBuilder call = new StringBuilder(method.getName());
                    if (method.getName().equals("handleOption")) {
                        // read the option's values, and hand the same values on
                        List<String> values = new ArrayList<>();
                        ((Iterator<?>) args[1]).forEachRemaining(v -> values.add((String) v));
                        call.append(' ').append(args[0]).append(' ').append(String.join(" ", values));
                        args = new Object[] {args[0], values.iterator()};
                    }
                    calls.add(call.toString());
                    return method.invoke(real, args);
                });
    }

    @Test
    void theSameMultiReleaseValueIsHandedOnOnceAndEverythingElseAlways() throws Exception {
        List<String> calls = new ArrayList<>();
        try (SteadyFileManager fm = new SteadyFileManager(recording(calls))) {
            assertTrue(fm.handleOption("--multi-release", List.of("17").iterator()));
            assertTrue(fm.handleOption("--multi-release", List.of("17").iterator()));
            assertTrue(fm.handleOption("--multi-release", List.of("17").iterator()));
            assertEquals(List.of("handleOption --multi-release 17"), calls);

            assertTrue(fm.handleOption("--multi-release", List.of("21").iterator()));
            assertTrue(fm.handleOption("-classpath", List.of("target/classes").iterator()));
            assertTrue(fm.handleOption("-classpath", List.of("target/classes").iterator()));
            assertEquals(List.of("handleOption --multi-release 17", "handleOption --multi-release 21",
                    "handleOption -classpath target/classes", "handleOption -classpath target/classes"), calls);

            calls.clear();
            fm.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(Path.of("target/classes")));
            assertEquals(List.of(Path.of("target/classes")), iterable(fm.getLocationAsPaths(StandardLocation.CLASS_PATH)));
            fm.getJavaFileObjects(Path.of("Nothing.java"));
            assertEquals(List.of("setLocationFromPaths", "getLocationAsPaths", "getJavaFileObjects"), calls,
                    "the standard file manager's own methods are reached, not the interface's defaults");
        }
    }

    private static <T> List<T> iterable(Iterable<? extends T> items) {
        List<T> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }
}
