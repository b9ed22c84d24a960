package org.actionbench.data.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.actionbench.data.bench.SubjectGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesJsonlTest {
    @TempDir
    Path dir;

    static final SamplerSettings DDIM = new SamplerSettings("ddim", 50, 0.0, 7.5, 64, 64);

    static SampleRecord record(int k) {
        String file = "cells/adi/wave/samples/panda/" + k + ".png";
        return new SampleRecord(file, "0".repeat(63) + k, "adi", "wave", "panda", SubjectGroup.ANIMAL, 1000L + k,
                "A panda <adi-wave> \"quoted\"", DDIM);
    }

    Path file() {
        return dir.resolve("samples.jsonl");
    }

    @Test
    void appendsAndReadsBack() throws IOException {
        assertEquals(new SamplesJsonl.Contents(List.of(), 0), SamplesJsonl.read(file()), "no file yet: no records");
        SamplesJsonl out = new SamplesJsonl(file());
        for (int k = 0; k < 3; k++) {
            out.append(record(k));
        }
        SamplesJsonl.Contents c = SamplesJsonl.read(file());
        assertEquals(List.of(record(0), record(1), record(2)), c.records());
        assertEquals(0, c.tornLine());
        assertEquals(Optional.empty(), c.warning(file()));
        List<String> lines = Files.readAllLines(file());
        assertEquals(3, lines.size());
        assertEquals("{\"file\":\"cells/adi/wave/samples/panda/0.png\",\"sha256\":\"" + "0".repeat(64)
                + "\",\"method\":\"adi\",\"action\":\"wave\",\"subject\":\"panda\",\"group\":\"animal\",\"seed\":1000,"
                + "\"prompt\":\"A panda <adi-wave> \\\"quoted\\\"\",\"sampler\":{\"scheduler\":\"ddim\",\"steps\":50,"
                + "\"eta\":0.0,\"guidance\":7.5,\"width\":64,\"height\":64}}", lines.get(0));
    }

    @Test
    void refusesASecondRecordForAnImage() throws IOException {
        SamplesJsonl out = new SamplesJsonl(file());
        out.append(record(0));
        out.append(record(1));
        byte[] before = Files.readAllBytes(file());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.append(record(1)));
        assertTrue(e.getMessage().contains("line 2 already records cells/adi/wave/samples/panda/1.png"), e.getMessage());
        // A fresh appender (a resumed run) knows what is already there.
        assertThrows(IllegalArgumentException.class, () -> new SamplesJsonl(file()).append(record(0)));
        assertTrue(new SamplesJsonl(file()).contains(record(1).file()));
        assertFalse(new SamplesJsonl(file()).contains(record(2).file()));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(file()));
    }

    @Test
    void tornLastLineIsReportedSkippedAndRepairedOnAppend() throws IOException {
        SamplesJsonl out = new SamplesJsonl(file());
        out.append(record(0));
        out.append(record(1));
        String clean = Files.readString(file());
        // A write cut short, longer than the record appended next, so only cutting it off leaves a clean file.
        String torn = "{\"file\":\"cells/adi/wave/samples/panda/2.png\",\"prompt\":\"" + "long ".repeat(100);
        Files.writeString(file(), torn, StandardOpenOption.APPEND);

        SamplesJsonl.Contents c = SamplesJsonl.read(file());
        assertEquals(List.of(record(0), record(1)), c.records());
        assertEquals(3, c.tornLine());
        assertEquals(Optional.of(file() + ": line 3: incomplete last line (an interrupted write) ignored"),
                c.warning(file()));

        new SamplesJsonl(file()).append(record(2));
        assertEquals(clean + Files.readAllLines(file()).get(2) + "\n", Files.readString(file()), "torn bytes cut off");
        c = SamplesJsonl.read(file());
        assertEquals(List.of(record(0), record(1), record(2)), c.records());
        assertEquals(0, c.tornLine());
    }

    @Test
    void completeJsonWithoutItsNewlineIsStillTorn() throws IOException {
        SamplesJsonl out = new SamplesJsonl(file());
        out.append(record(0));
        String s = Files.readString(file());
        Files.writeString(file(), s + s.strip().replace("/0.png", "/1.png"), StandardOpenOption.TRUNCATE_EXISTING);
        SamplesJsonl.Contents c = SamplesJsonl.read(file());
        assertEquals(List.of(record(0)), c.records());
        assertEquals(2, c.tornLine());
    }

    @Test
    void badCompleteLineNamesItsLine() throws IOException {
        SamplesJsonl out = new SamplesJsonl(file());
        out.append(record(0));
        Files.writeString(file(), "{\"file\": 3}\n", StandardOpenOption.APPEND);
        new SamplesJsonl(dir.resolve("other.jsonl")).append(record(1));
        Files.writeString(file(), Files.readString(dir.resolve("other.jsonl")), StandardOpenOption.APPEND);
        RunFormatException e = assertThrows(RunFormatException.class, () -> SamplesJsonl.read(file()));
        assertTrue(e.getMessage().startsWith(file() + ": line 2: "), e.getMessage());
        assertThrows(RunFormatException.class, () -> new SamplesJsonl(file()).append(record(2)));

        Files.writeString(file(), Files.readString(dir.resolve("other.jsonl")).replace(",\"height\":64", ""));
        e = assertThrows(RunFormatException.class, () -> SamplesJsonl.read(file()));
        assertEquals(file() + ": line 1: sampler.height: missing", e.getMessage());

        Files.writeString(file(), Files.readString(dir.resolve("other.jsonl")).repeat(2));
        e = assertThrows(RunFormatException.class, () -> SamplesJsonl.read(file()));
        assertEquals(file() + ": line 2: cells/adi/wave/samples/panda/1.png is recorded again (first at line 1)",
                e.getMessage());
    }

    @Test
    void twoAppendersOnOneFileSeeEachOther() throws IOException {
        SamplesJsonl a = new SamplesJsonl(file());
        SamplesJsonl b = new SamplesJsonl(file());
        a.append(record(0));
        b.append(record(1));
        a.append(record(2));
        assertThrows(IllegalArgumentException.class, () -> a.append(record(1)));
        assertThrows(IllegalArgumentException.class, () -> b.append(record(2)));
        assertEquals(List.of(record(0), record(1), record(2)), SamplesJsonl.read(file()).records());
    }

    @Test
    void parallelAppendsLoseNothing() throws Exception {
        SamplesJsonl a = new SamplesJsonl(file());
        SamplesJsonl b = new SamplesJsonl(file());
        Thread t1 = new Thread(() -> appendRange(a, 0, 50));
        Thread t2 = new Thread(() -> appendRange(b, 50, 100));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        List<SampleRecord> records = SamplesJsonl.read(file()).records();
        assertEquals(100, records.size());
        assertEquals(100, records.stream().map(SampleRecord::file).distinct().count());
    }

    private static void appendRange(SamplesJsonl out, int from, int to) {
        try {
            for (int k = from; k < to; k++) {
                out.append(new SampleRecord("cells/sd/wave/samples/cat/" + k + ".png", "a".repeat(64), "sd", "wave",
                        "cat", SubjectGroup.ANIMAL, k, "A cat", DDIM));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
