package dev.sluice.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SourceTextTest {
    @Test
    void literalsAndCommentsAreBlankedAndTheRestStaysInPlace() {
        assertEquals("x + \"  \" + '  ' + y", SourceText.codeOnly("x + \"$1\" + '\\'' + y"));
        assertEquals("a(\"    \", $2)", SourceText.codeOnly("a(\"\\\"$1\", $2)"));
        assertEquals("$3 + " + " ".repeat("// $5 and $6".length()) + "\n + $4", SourceText.codeOnly("$3 + // $5 and $6\n + $4"));
        assertEquals("f(" + " ".repeat("/* $8 */".length()) + ", $7)", SourceText.codeOnly("f(/* $8 */, $7)"));
        assertEquals("\"\"\"\n" + " ".repeat("  $1".length()) + "\n\"\"\" + $9", SourceText.codeOnly("\"\"\"\n  $1\n\"\"\" + $9"));
        assertEquals("s = \"" + " ".repeat("open $1".length()), SourceText.codeOnly("s = \"open $1"), "an unclosed literal to the end of its line");
        assertEquals("x " + " ".repeat("/* $1 (".length()), SourceText.codeOnly("x /* $1 ("), "an unclosed comment to the end");
        String plain = "$1 + $2 * (3 / 4)";
        assertSame(plain, SourceText.codeOnly(plain));
    }

    @Test
    void theEndOfALiteralSkipsEscapes() {
        assertEquals(5, SourceText.literalEnd("\"a\\\"b\" + c", 0, '"'));
        assertEquals(-1, SourceText.literalEnd("\"abc\nd\"", 0, '"'));
    }
}
