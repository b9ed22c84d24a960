package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * The byte table against facts derived by hand from its definition and well known from GPT-2 vocab
 * files: space is 'Ġ' (U+0120), newline 'Ċ' (U+010A), soft hyphen 'Ń' (U+0143).
 */
class ByteUnicodeTest {
    @Test
    void printableBytesAreThemselvesAndTheRestMoveAboveU0100InByteOrder() {
        assertEquals('!', ByteUnicode.charOf('!'));
        assertEquals('\u00e9', ByteUnicode.charOf(0xE9));
        assertEquals('\u0100', ByteUnicode.charOf(0));
        assertEquals('\u010a', ByteUnicode.charOf('\n'));
        assertEquals('\u0120', ByteUnicode.charOf(' '));
        // 0..32 take U+0100..U+0120, then 0x7F..0xA0 (34 bytes) U+0121..U+0142, then 0xAD U+0143.
        assertEquals('\u0121', ByteUnicode.charOf(0x7F));
        assertEquals('\u0142', ByteUnicode.charOf(0xA0));
        assertEquals('\u0143', ByteUnicode.charOf(0xAD));
        for (int b = 0; b < 256; b++) {
            assertEquals(b, ByteUnicode.byteOf(ByteUnicode.charOf(b)));
        }
        assertEquals(-1, ByteUnicode.byteOf('\u0144'));
    }

    @Test
    void alphabetListsPrintableBytesFirst() {
        assertEquals(256, ByteUnicode.alphabet().size());
        assertEquals(256, new HashSet<>(ByteUnicode.alphabet()).size());
        assertEquals("!", ByteUnicode.alphabet().get(0));
        assertEquals("~", ByteUnicode.alphabet().get(93));
        assertEquals("\u00a1", ByteUnicode.alphabet().get(94));
        assertEquals("\u00ff", ByteUnicode.alphabet().get(187));
        assertEquals("\u0100", ByteUnicode.alphabet().get(188));
        assertEquals("\u0143", ByteUnicode.alphabet().get(255));
    }

    @Test
    void encodesUtf8BytesAndDecodesThemBack() {
        // "é" is C3 A9, both printable: 'Ã©', as in transformers' expected token 'Ã©</w>'.
        assertEquals("\u00c3\u00a9", ByteUnicode.encode("\u00e9"));
        assertEquals("a\u0120b", ByteUnicode.encode("a b"));
        String text = "caf\u00e9 \ud83d\ude00\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteUnicode.decodeInto(ByteUnicode.encode(text), out);
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
    }
}
