package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.actionbench.engine.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placeholder tokens with OpenAI's vocabulary (49408 ids, so the first placeholder is 49408). */
class ClipTokenizerPlaceholderTest {
    static ClipTokenizer base;
    ClipTokenizer clip;

    @BeforeAll
    static void load() {
        base = ClipTokenizer.fromOpenAiBpe(TestData.clipBpe());
    }

    @BeforeEach
    void fresh() {
        clip = base.withoutPlaceholders();
    }

    static int[] model(int... tokens) {
        return ClipTokenizerReferenceTest.model(tokens);
    }

    @Test
    void idsFollowTheVocabularyInOrder() {
        assertArrayEquals(new int[] {49408}, clip.addPlaceholder("<jump>", 1));
        assertEquals(49409, clip.vocabSize());
        assertArrayEquals(new int[] {49409, 49410, 49411}, clip.addPlaceholder("<run>", 3));
        assertArrayEquals(new int[] {49412}, clip.addPlaceholder("<sit>", 1));
        assertEquals(49413, clip.vocabSize());
        assertEquals(49408, clip.baseVocabSize());
        assertEquals(List.of(new Placeholder("<jump>", 49408, 1), new Placeholder("<run>", 49409, 3),
                new Placeholder("<sit>", 49412, 1)), clip.placeholders());
        // The base tokenizer is untouched.
        assertEquals(49408, base.vocabSize());
    }

    @Test
    void placeholderEncodesInPlace() {
        clip.addPlaceholder("<jump>", 1);
        // "a photo of" = 320 1125 539 (published, see ClipTokenizerReferenceTest).
        assertArrayEquals(model(320, 1125, 539, 49408), clip.encodeForModel("a photo of <jump>"));
        // Case-insensitive, and cut out of the text even when glued to other symbols.
        assertArrayEquals(new int[] {320, 49408, 267, 320, 2368}, clip.encode("A <JUMP>, a cat"));
        assertArrayEquals(new int[] {2368, 49408, 2368}, clip.encode("cat<jump>cat"));
        // Without the placeholder the same text is ordinary symbols and letters.
        assertEquals(3, base.encode("<jump>").length);
    }

    @Test
    void multiVectorPlaceholderExpandsToAllItsIds() {
        clip.addPlaceholder("<jump>", 1);
        int[] run = clip.addPlaceholder("<run>", 3);
        assertArrayEquals(new int[] {49409, 49410, 49411}, run);
        // "a dog" = 320 1929 (bumblebee's published "a photo of a dog").
        assertArrayEquals(model(320, 49409, 49410, 49411, 1929, 49408), clip.encodeForModel("a <run> dog <jump>"));
        assertEquals("a <run> dog <jump>", clip.decode(clip.encodeForModel("a <run> dog <jump>")));
        assertEquals("<run>", clip.token(49409));
        assertEquals("<run>_2", clip.token(49411));
        assertEquals(49409, clip.tokenId("<run>"));
    }

    @Test
    void longerPlaceholderWinsWhereBothMatch() {
        clip.addPlaceholder("<jump>", 1);
        clip.addPlaceholder("<jump>-high", 1);
        assertArrayEquals(new int[] {49409, 49408}, clip.encode("<jump>-high <jump>"));
    }

    @Test
    void endPositionIsNotTheLargestId() {
        clip.addPlaceholder("<jump>", 1);
        int[] ids = clip.encodeForModel("a <jump>");
        // Arg-max of the ids would find the placeholder at 2; CLIP pools at the end token.
        assertEquals(3, clip.eosPosition(ids));
    }

    @Test
    void badPlaceholdersAreRefusedByName() {
        clip.addPlaceholder("<jump>", 1);
        assertMessageNames("<jump>", () -> clip.addPlaceholder("<jump>", 1));
        assertMessageNames("<JUMP>", () -> clip.addPlaceholder("<JUMP>", 2));
        // Already a vocabulary entry ("cat" is one, as a word piece), or a word that is one token though
        // not an entry by itself: "astronaut</w>" = 18376 (Apple's ids), "café" → "cafÃ©</w>" = 15304.
        assertMessageNames("<|endoftext|>", () -> clip.addPlaceholder("<|endoftext|>", 1));
        assertMessageNames("cat", () -> clip.addPlaceholder("cat", 1));
        assertMessageNames("Astronaut", () -> clip.addPlaceholder("Astronaut", 1));
        assertMessageNames("Caf\u00e9", () -> clip.addPlaceholder("Caf\u00e9", 1));
        assertMessageNames("a b", () -> clip.addPlaceholder("a b", 1));
        assertMessageNames("<x>", () -> clip.addPlaceholder("<x>", 0));
        assertThrows(IllegalArgumentException.class, () -> clip.addPlaceholder("  ", 1));
        // Nothing was added by the failures.
        assertEquals(49409, clip.vocabSize());
    }

    static void assertMessageNames(String token, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains("'" + token + "'"), e.getMessage());
    }
}
