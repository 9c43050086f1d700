package dev.sluice.engine.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generator draws Spark's numbers: expected values printed by Spark 4.1.0's XORShiftRandom and Scala's MurmurHash3. */
class XorShiftRandomTest {

    private static String draws(long seed) {
        Random r = new XorShiftRandom(seed);
        return r.nextLong() + "L, " + r.nextInt(100) + ", " + r.nextDouble();
    }

    @Test
    void drawsSparksNumbersForASeed() {
        assertEquals("2236810499658231116L, 67, 0.10698297690858893", draws(0));
        assertEquals("1907851442491015307L, 95, 0.0878356757203187", draws(42));
        assertEquals("87341357561603782L, 88, 0.40047900307389594", draws(-1));
    }

    @Test
    void setSeedStartsOverAsANewGenerator() {
        Random r = new XorShiftRandom(5);
        r.nextDouble();
        r.setSeed(42);
        assertEquals(1907851442491015307L, r.nextLong());
    }

    @Test
    void murmurHashOfBytesIsScalas() {
        assertEquals(-919982090, XorShiftRandom.murmur3(new byte[] {1, 2, 3, 4, 5, 6, 7}, 0x3c074a61));
        assertEquals(-1032050413, XorShiftRandom.murmur3(new byte[0], 9));
    }
}
