package org.actionbench.data.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.actionbench.data.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final Instant T1 = Instant.parse("2024-05-01T12:30:15.250Z");

    @TempDir
    Path dir;

    static RunManifest manifest() throws IOException {
        JsonNode spec = Json.mapper().readTree("{\"methods\": [\"adi\", \"sd\"], \"bench\": \"mini\", \"zeta\": {\"b\": 1, \"a\": [1.5, null]}}");
        JsonNode adi = JsonNodeFactory.instance.objectNode().put("beta", 0.6).put("steps", 3000).put("lr", 2e-4);
        return new RunManifest(1, T0, spec, Map.of("adi", adi, "sd", JsonNodeFactory.instance.objectNode()),
                Map.of("harness", "0.1.0", "java", "17"), Map.of("training", 0L, "sampling", 1000L),
                Map.of("sd", Map.of("wave", CellState.Status.DONE), "adi", Map.of("wave", CellState.Status.RUNNING,
                        "cheer", CellState.Status.PENDING)));
    }

    @Test
    void manifestRoundTripsKeepingTheSpecAsGiven() throws IOException {
        Path file = dir.resolve("run.json");
        RunManifest m = manifest();
        m.write(file);
        RunManifest back = RunManifest.read(file);
        assertEquals(m, back);
        String text = Files.readString(file);
        // The spec keeps its own key order (zeta after bench, b before a); maps are sorted.
        assertTrue(text.contains("\"spec\": {\n    \"methods\": [\n      \"adi\",\n      \"sd\"\n    ],\n"
                + "    \"bench\": \"mini\",\n    \"zeta\": {\n      \"b\": 1,\n      \"a\": [\n        1.5,\n        null\n"), text);
        assertTrue(text.indexOf("\"sampling\": 1000") < text.indexOf("\"training\": 0"), text);
        assertTrue(text.indexOf("\"cheer\": \"pending\"") < text.indexOf("\"wave\": \"running\""), text);
        assertTrue(text.contains("\"created\": \"2024-05-01T12:00:00Z\""), text);
        assertTrue(text.startsWith("{\n  \"format\": 1,\n  \"created\""), text);
    }

    @Test
    void manifestWithCellUpdatesOneStatus() throws IOException {
        RunManifest m = manifest().withCell("adi", "cheer", CellState.Status.DONE).withCell("ti", "wave",
                CellState.Status.FAILED);
        assertEquals(CellState.Status.DONE, m.cells().get("adi").get("cheer"));
        assertEquals(CellState.Status.RUNNING, m.cells().get("adi").get("wave"));
        assertEquals(CellState.Status.FAILED, m.cells().get("ti").get("wave"));
        assertEquals(CellState.Status.PENDING, manifest().cells().get("adi").get("cheer"), "the original is unchanged");
    }

    @Test
    void manifestErrorsNameTheField() throws IOException {
        Path file = dir.resolve("run.json");
        manifest().write(file);
        String ok = Files.readString(file);

        Files.writeString(file, ok.replace("\"wave\": \"done\"", "\"wave\": \"finished\""));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals("cells.sd.wave", e.where(), e.getMessage());
        assertTrue(e.reason().contains("finished"), e.getMessage());

        Files.writeString(file, ok.replace("\"format\": 1", "\"format\": 2"));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals(file + ": run format 2 is not supported (this harness reads 1)", e.getMessage());

        Files.writeString(file, ok.replace("\"seeds\"", "\"seedz\""));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals(file + ": seeds: missing", e.getMessage());

        Files.writeString(file, ok.replace("\"format\": 1,", "\"format\": 1, \"colour\": 1,"));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals("colour", e.where(), e.getMessage());

        Files.writeString(file, ok.replace("\"training\": 0", "\"training\": \"0\""));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals("seeds.training", e.where(), e.getMessage());

        Files.writeString(file, ok.replace("\"created\": \"2024-05-01T12:00:00Z\"", "\"created\": \"yesterday\""));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals("created", e.where(), e.getMessage());

        Files.writeString(file, ok.substring(0, ok.length() / 2));
        e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertTrue(e.getMessage().startsWith(file + ": malformed JSON at line "), e.getMessage());

        e = assertThrows(RunFormatException.class, () -> RunManifest.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": missing", e.getMessage());
    }

    @Test
    void cellStateRoundTripsThroughItsLife() throws IOException {
        Path file = dir.resolve("cells/adi/wave/state.json");
        CellState pending = CellState.readOrPending(file, T0);
        assertEquals(new CellState(CellState.Status.PENDING, 0, 0, null, T0, null), pending);
        CellState running = pending.running(10, 3000, T0);
        CellState later = running.running(20, 3000, T1);
        assertEquals(new CellState(CellState.Status.RUNNING, 20, 3000, T0, T1, null), later, "start time kept");
        CellState failed = later.failed("out of memory", T1);
        CellState done = later.done(T1);
        for (CellState s : List.of(pending, running, later, failed, done)) {
            s.write(file);
            assertEquals(s, CellState.read(file));
            assertEquals(s, CellState.readOrPending(file, T1));
        }
        assertTrue(done.isDone());
        assertEquals("{\n  \"status\": \"done\",\n  \"step\": 20,\n  \"steps\": 3000,\n  \"started\": \"2024-05-01T12:00:00Z\",\n"
                + "  \"updated\": \"2024-05-01T12:30:15.250Z\",\n  \"message\": null\n}\n", Files.readString(file));
    }

    @Test
    void cellStateErrorsNameTheField() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"status\": \"paused\", \"step\": 0, \"steps\": 0, \"started\": null,"
                + " \"updated\": \"2024-05-01T12:00:00Z\", \"message\": null}");
        RunFormatException e = assertThrows(RunFormatException.class, () -> CellState.read(file));
        assertEquals("status", e.where());
        assertTrue(e.getMessage().contains("unknown status \"paused\""), e.getMessage());

        Files.writeString(file, "{\"status\": \"done\", \"step\": 0, \"steps\": 0, \"started\": null, \"message\": null}");
        e = assertThrows(RunFormatException.class, () -> CellState.read(file));
        assertEquals(file + ": updated: missing", e.getMessage());

        Files.writeString(file, "{\"status\": \"done\", \"step\": 1.5, \"steps\": 0, \"started\": null,"
                + " \"updated\": \"2024-05-01T12:00:00Z\", \"message\": null}");
        e = assertThrows(RunFormatException.class, () -> CellState.read(file));
        assertEquals("step", e.where(), e.getMessage());
    }

    @Test
    void sha256OfAKnownInput() throws IOException {
        Path f = dir.resolve("abc");
        Files.write(f, "abc".getBytes(StandardCharsets.US_ASCII));
        // FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SampleRecord.sha256Of(f));
    }
}
