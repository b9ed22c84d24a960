package org.actionbench.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

    @Test
    void mergesTheMostFrequentPairFirstCountingWordOccurrences() {
        // "aa" twice → pair (a, a</w>) counts 2; "ab" once → (a, b</w>) counts 1.
        ClipTokenizer t = BpeTrainer.train(List.of("aa aa ab"), 5, 1, 8);
        assertEquals(512 + 2 + 2, t.vocabSize(), "bytes, bytes</w>, two merges, two specials");
        assertEquals(512, t.tokenId("aa</w>"), "the first merge is the more frequent pair");
        assertEquals(513, t.tokenId("ab</w>"));
        assertArrayEquals(new int[] {512, 513}, t.encode("aa ab"));
        assertArrayEquals(new int[] {t.bosId(), 512, t.eosId(), t.eosId(), t.eosId(), t.eosId(), t.eosId(),
                t.eosId()}, t.encodeForModel("aa"));
    }

    @Test
    void tiesGoToTheSmallestPairAndRarePairsAreNotMerged() {
        ClipTokenizer t = BpeTrainer.train(List.of("ab ba"), 5, 1, 8);
        assertEquals(512, t.tokenId("ab</w>"), "'a b</w>' sorts before 'b a</w>'");
        assertEquals(513, t.tokenId("ba</w>"));
        ClipTokenizer none = BpeTrainer.train(List.of("ab ba"), 5, 2, 8);
        assertEquals(514, none.vocabSize(), "no pair occurs twice");
        // With no merges a word is its byte symbols, the last one marked end-of-word.
        assertArrayEquals(new int[] {none.tokenId("a"), none.tokenId("b</w>")}, none.encode("ab"));
    }

    @Test
    void writtenFilesLoadBackAsTheSameTokenizer(@TempDir Path dir) {
        ClipTokenizer t = BpeTrainer.train(List.of("a photo of a cat", "a photo of a dog in a park"), 50, 1, 16);
        t.writeTo(dir);
        assertEquals(true, Files.isRegularFile(dir.resolve("merges.txt")));
        ClipTokenizer back = ClipTokenizer.load(dir);
        assertArrayEquals(t.encodeForModel("a photo of a dog"), back.encodeForModel("a photo of a dog"));
        assertEquals(16, back.maxLength());
        assertEquals(t.vocabSize(), back.vocabSize());
    }
}
