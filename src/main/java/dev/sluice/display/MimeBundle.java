package dev.sluice.display;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value as a notebook shows it: its representations keyed by MIME type (HTML, SVG, PNG,
 * Markdown, JSON, plain text), of which the front end picks the richest it can show.
 *
 * <pre>{@code
 * display(MimeBundle.markdown("**42** records"));
 * display(MimeBundle.html("<b>hot</b>").with("text/plain", "hot"));
 * }</pre>
 */
public final class MimeBundle {
    /** Plain text, which every front end can show. */
    public static final String TEXT = "text/plain";
    /** An HTML fragment. */
    public static final String HTML = "text/html";
    /** An SVG document. */
    public static final String SVG = "image/svg+xml";
    /** A PNG image, carried as base64 text. */
    public static final String PNG = "image/png";
    /** Markdown text. */
    public static final String MARKDOWN = "text/markdown";
    /** A JSON value: maps, lists, strings, numbers, booleans. */
    public static final String JSON = "application/json";

    private final Map<String, Object> data;

    private MimeBundle(Map<String, Object> data) {
        this.data = data;
    }

    /** An empty bundle, to fill with {@link #with}. */
    public static MimeBundle empty() {
        return new MimeBundle(new LinkedHashMap<>());
    }

    /** A bundle of plain text. */
    public static MimeBundle text(String text) {
        return empty().with(TEXT, text);
    }

    /** A bundle of an HTML fragment (its plain text is the fragment's text without tags). */
    public static MimeBundle html(String html) {
        return empty().with(TEXT, plainOf(html)).with(HTML, html);
    }

    /** A bundle of an SVG document. */
    public static MimeBundle svg(String svg) {
        return empty().with(TEXT, "(SVG image)").with(SVG, svg);
    }

    /** A bundle of a PNG image given as its bytes. */
    public static MimeBundle png(byte[] png) {
        return empty().with(TEXT, "(PNG image, " + png.length + " bytes)").with(PNG, Base64.getEncoder().encodeToString(png));
    }

    /** A bundle of Markdown text (shown as is where Markdown cannot be rendered). */
    public static MimeBundle markdown(String markdown) {
        return empty().with(TEXT, markdown).with(MARKDOWN, markdown);
    }

    /** A bundle of a JSON value (maps, lists, strings, numbers, booleans and null). */
    public static MimeBundle json(Object value) {
        return empty().with(TEXT, Values.inline(value)).with(JSON, value);
    }

    /**
     * Returns this bundle with {@code data} as its {@code mimeType} representation (replacing one
     * of the same type). A {@code byte[]} for an {@code image/*} type is encoded as base64.
     */
    public MimeBundle with(String mimeType, Object data) {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(data, "data");
        Map<String, Object> copy = new LinkedHashMap<>(this.data);
        copy.put(mimeType, data instanceof byte[] bytes && mimeType.startsWith("image/")
                ? Base64.getEncoder().encodeToString(bytes) : data);
        return new MimeBundle(copy);
    }

    /** The representation of one MIME type, or null. */
    public Object get(String mimeType) {
        return data.get(mimeType);
    }

    /** The representations by MIME type, in the order they were added. */
    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    /**
     * The full name of a MIME type written short ({@code html}, {@code svg}, {@code png},
     * {@code markdown} or {@code md}, {@code json}, {@code text}); full names are returned as given.
     */
    public static String mimeType(String nameOrType) {
        return switch (nameOrType.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "html" -> HTML;
            case "svg" -> SVG;
            case "png" -> PNG;
            case "markdown", "md" -> MARKDOWN;
            case "json" -> JSON;
            case "text", "plain" -> TEXT;
            case "latex" -> "text/latex";
            default -> nameOrType.strip();
        };
    }

    private static String plainOf(String html) {
        String text = html.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", "").replaceAll("<[^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&").replaceAll("[ \\t]+", " ").strip();
        return text.isEmpty() ? "(HTML)" : text;
    }

    @Override
    public String toString() {
        Object text = data.get(TEXT);
        return text != null ? String.valueOf(text) : "MimeBundle" + data.keySet();
    }
}
