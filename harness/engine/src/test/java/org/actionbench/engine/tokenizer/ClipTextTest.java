package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cleaning and pre-tokenization, expected values worked out by hand from CLIP's rules and Python's. */
class ClipTextTest {
    @Test
    void whitespaceIsPythonsWhitespace() {
        // Python's str.isspace covers NBSP, ideographic space and the separators U+001C..U+001F;
        // a zero-width space is not whitespace.
        assertEquals("hello world x", ClipText.clean("  Hello\u00a0\u3000World \u001c\tx \n"));
        assertEquals("a\u200bb", ClipText.clean("a\u200bb"));
        assertEquals("", ClipText.clean(" \r\n\u2028 "));
    }

    @Test
    void composesLowerCasesAndUnescapes() {
        assertEquals("\u00e9cole", ClipText.clean("E\u0301cole"));
        // Python's lower(): final sigma, and dotted capital I to i + combining dot.
        assertEquals("\u03c3\u03b1\u03c2", ClipText.clean("\u03a3\u0391\u03a3"));
        assertEquals("i\u0307stanbul", ClipText.clean("\u0130stanbul"));
        assertEquals("rock & roll", ClipText.clean("Rock &amp;amp; Roll"));
    }

    @Test
    void preTokensFollowClipsPattern() {
        assertEquals(List.of("don", "'t", "stop", ",", "it", "'s", "3", ":", "4", "5", "pm", "!!"),
                ClipText.preTokens("don't stop, it's 3:45pm!!"));
        // A symbol run swallows a following apostrophe; contractions only start at one.
        assertEquals(List.of("!'", "s", "'ll", "'d"), ClipText.preTokens("!'s 'll'd"));
        assertEquals(List.of("x", "\u00b2", "\u6771\u4eac\u30bf", "\ud835\udd6c"),
                ClipText.preTokens("x\u00b2 \u6771\u4eac\u30bf \ud835\udd6c"));
        assertEquals(List.of("a", "<|endoftext|>", "b", "<|", "startoftext"),
                ClipText.preTokens("a<|endoftext|>b <|startoftext"));
    }
}
