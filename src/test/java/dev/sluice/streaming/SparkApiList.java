package dev.sluice.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a javap-made list of Spark's Java API methods and looks them up by name and arity. */
final class SparkApiList {

    private SparkApiList() {
    }

    /** The methods of a resource list, each {@code [class, name, arity]}; blank and {@code #} lines skipped. */
    static List<String[]> read(String resource) throws IOException {
        try (InputStream in = SparkApiList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.trim().split(" "));
                }
            }
            return out;
        }
    }

    /** True if {@code cls} has a public method of that name and parameter count. */
    static boolean has(Class<?> cls, String name, int arity) {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                return true;
            }
        }
        return false;
    }
}
