package org.actionbench.data.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgementCsvTest {
    @TempDir
    Path dir;

    static final String IMG = "cells/adi/wave/samples/panda/0.png";

    static Judgement j(String rater, Verdict a, Verdict s) {
        return new Judgement(rater, IMG, "adi", "wave", "panda", SubjectGroup.ANIMAL, a, s);
    }

    @Test
    void readsTheDesignedFormat() throws IOException {
        Path f = dir.resolve("j.csv");
        Files.writeString(f, "rater,image,method,action,subject,group,action_correct,subject_correct\r\n"
                + "alice," + IMG + ",adi,wave,panda,animal,yes,unsure\r\n"
                + "\"bob, jr.\"," + IMG + ",adi,wave,panda,animal,no,yes\n\n"
                + "\"multi\nline \"\"rater\"\"\"," + IMG + ",adi,wave,panda,animal,yes,yes");
        assertEquals(List.of(j("alice", Verdict.YES, Verdict.UNSURE), j("bob, jr.", Verdict.NO, Verdict.YES),
                j("multi\nline \"rater\"", Verdict.YES, Verdict.YES)), JudgementCsv.read(f));
    }

    @Test
    void roundTrips() throws IOException {
        List<Judgement> all = List.of(j("alice", Verdict.YES, Verdict.NO), j("a,b\"c\nd", Verdict.UNSURE, Verdict.YES),
                new Judgement("oracle", "cells/sd/cheer/samples/beckham/3.png", "sd", "cheer", "beckham",
                        SubjectGroup.CELEBRITY, Verdict.NO, Verdict.NO));
        Path f = dir.resolve("out/j.csv");
        JudgementCsv.write(f, all);
        assertEquals(all, JudgementCsv.read(f));
        assertTrue(Files.readString(f).startsWith(JudgementCsv.HEADER + "\nalice," + IMG + ",adi,wave,panda,animal,yes,no\n"
                + "\"a,b\"\"c\nd\","));
        JudgementCsv.write(f, List.of());
        assertEquals(JudgementCsv.HEADER + "\n", Files.readString(f));
        assertEquals(List.of(), JudgementCsv.read(f));
    }

    @Test
    void totallyCorrectOnlyWhenBothAreYes() {
        for (Verdict a : Verdict.values()) {
            for (Verdict s : Verdict.values()) {
                assertEquals(a == Verdict.YES && s == Verdict.YES, j("r", a, s).totallyCorrect(), a + "," + s);
            }
        }
        assertFalse(j("r", Verdict.YES, Verdict.UNSURE).totallyCorrect());
    }

    void assertError(String csv, String where, String reasonPart) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, csv);
        RunFormatException e = assertThrows(RunFormatException.class, () -> JudgementCsv.read(f));
        assertEquals(f, e.file());
        assertEquals(where, e.where(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": " + where + ": "), e.getMessage());
    }

    static final String H = JudgementCsv.HEADER + "\n";
    static final String ROW = "alice," + IMG + ",adi,wave,panda,animal,yes,no\n";

    @Test
    void errorsNameTheLine() throws IOException {
        assertError("", "line 1", "expected the header");
        assertError("rater,image,method,action,subject,group,action,subject\n", "line 1", "header is");
        assertError(H + ROW + "alice," + IMG + ",adi,wave,panda,animal,yes\n", "line 3", "expected 8 fields, found 7");
        assertError(H + ROW + ROW + "alice," + IMG + ",adi,wave,panda,animal,yes,maybe\n", "line 4",
                "subject_correct: \"maybe\" is not yes, no or unsure");
        assertError(H + "alice," + IMG + ",adi,wave,panda,plant,yes,no\n", "line 2", "group: unknown group \"plant\"");
        assertError(H + "," + IMG + ",adi,wave,panda,animal,yes,no\n", "line 2", "rater is empty");
        assertError(H + "\"a\nb\nc\"," + IMG + ",adi,wave,panda,animal,yes,no\n" + "x,y\n", "line 5", "found 2");
        assertError(H + ROW + "\"alice," + IMG + "\n", "line 3", "quoted field is not closed");
        assertError(H + "al\"ice," + IMG + ",adi,wave,panda,animal,yes,no\n", "line 2", "quote inside an unquoted field");
    }

    /**
     * The streaming form, over a file several times the reader's 64 Ki-character buffer with quoted line
     * breaks spread through it: the same judgements as written, each with the line its row starts on.
     */
    @Test
    void streamsRowsWithTheirLinesAcrossBufferBoundaries() throws IOException {
        List<Judgement> all = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            all.add(j(i % 7 == 0 ? "r" + i + "\nsecond line, \"quoted\"" : "r" + i, Verdict.values()[i % 3],
                    Verdict.values()[i / 3 % 3]));
        }
        Path f = dir.resolve("big.csv");
        JudgementCsv.write(f, all);
        assertTrue(Files.size(f) > 4 * 65536);
        List<Judgement> read = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        JudgementCsv.forEach(f, (judgement, line) -> {
            read.add(judgement);
            lines.add(line);
        });
        assertEquals(all, read);
        int expected = 2;
        for (int i = 0; i < all.size(); i++) {
            assertEquals(expected, lines.get(i), "row " + i);
            expected += 1 + (int) all.get(i).rater().chars().filter(c -> c == '\n').count();
        }
    }

    @Test
    void notUtf8IsNamedEvenWhenFoundLate() throws IOException {
        Path f = dir.resolve("latin1.csv");
        byte[] head = (H + ROW.repeat(3000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "r\u00e9,x,adi,wave,panda,animal,yes,no\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + bad.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(f, all);
        RunFormatException e = assertThrows(RunFormatException.class, () -> JudgementCsv.forEach(f, (j, l) -> { }));
        assertEquals("not UTF-8 text", e.reason());
    }

    @Test
    void acceptsAByteOrderMark() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.writeString(f, "\uFEFF" + H + ROW);
        assertEquals(List.of(j("alice", Verdict.YES, Verdict.NO)), JudgementCsv.read(f));
    }
}
