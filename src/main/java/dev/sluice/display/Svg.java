package dev.sluice.display;

import java.util.Locale;

/** Small SVG building blocks shared by the charts: text, lines, nice axis maxima, text width estimates. */
final class Svg {
    static final String FONT = "font-family=\"-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif\"";
    static final String AXIS = "#666";
    static final String GRID = "#e6e6e6";
    /** Series colours, chosen to stay apart for colour-blind readers (Okabe-Ito). */
    static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};

    private Svg() {
    }

    static String open(int width, int height) {
        return String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" %s font-size=\"12\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>",
                width, height, width, height, FONT);
    }

    static void text(StringBuilder svg, double x, double y, String anchor, String fill, String attrs, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s fill=\"%s\"%s>%s</text>", x, y,
                anchor == null ? "" : " text-anchor=\"" + anchor + "\"", fill, attrs == null ? "" : " " + attrs,
                HtmlTable.escape(text)));
    }

    static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String stroke, String attrs) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
                x1, y1, x2, y2, stroke, attrs == null ? "" : " " + attrs));
    }

    /** Estimated width in pixels of {@code text} at {@code size} px in a sans-serif font (generous, so layouts never overlap). */
    static double width(String text, double size) {
        double w = 0;
        for (char c : text.toCharArray()) {
            if ("il.,:;'|!ftj ()[]".indexOf(c) >= 0) w += 0.34;
            else if (Character.isUpperCase(c) || "mwMW@%".indexOf(c) >= 0) w += 0.78;
            else if (Character.isDigit(c)) w += 0.58;
            else w += 0.57;
        }
        return w * size;
    }

    /** The smallest "round" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above v; 1 for v <= 0. */
    static double niceCeiling(double v) {
        if (!(v > 0)) return 1;
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * exp >= v - 1e-9 * exp) return m * exp;
        }
        return 10 * exp;
    }

    /** An axis maximum with headroom: a flat line at v sits well below the top edge. */
    static double axisMax(double v) {
        return niceCeiling(Math.max(v, 0) * 1.2);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
