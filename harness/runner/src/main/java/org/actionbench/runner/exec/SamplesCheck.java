package org.actionbench.runner.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;

/**
 * A re-run checked against published records ({@code run SPEC --only M/A --check-against samples.jsonl}): every
 * image the run recorded must be in the published file under the same run-relative name, and the bytes on disk
 * must have the published sha256. The run's own records are not trusted for the digest: the file is hashed.
 */
public final class SamplesCheck {
    /** One image that does not match, as the check prints it. */
    public record Mismatch(String file, String message) {
        @Override
        public String toString() {
            return file + ": " + message;
        }
    }

    /** What the check compared and what differed; {@code mismatches} empty means every image matches. */
    public record Result(int compared, List<Mismatch> mismatches) {
        public boolean matches() {
            return mismatches.isEmpty();
        }
    }

    private SamplesCheck() {
    }

    /**
     * Compares the images of the run in {@code run} with {@code published}; an unreadable or empty published
     * file is an IOException naming it (nothing would be compared).
     */
    public static Result compare(Path run, Path published) throws IOException {
        if (!Files.isRegularFile(published)) {
            throw new IOException(published + ": no such file (the published samples.jsonl to check against)");
        }
        SamplesJsonl.Contents given = SamplesJsonl.read(published);
        if (given.tornLine() != 0) {
            throw new IOException(published + ": line " + given.tornLine() + " is not a whole record");
        }
        if (given.records().isEmpty()) {
            throw new IOException(published + ": holds no records");
        }
        Map<String, SampleRecord> byFile = new HashMap<>();
        given.records().forEach(r -> byFile.put(r.file(), r));
        List<SampleRecord> produced = SamplesJsonl.read(run.resolve(SamplesJsonl.FILE_NAME)).records();
        List<Mismatch> mismatches = new ArrayList<>();
        for (SampleRecord r : produced) {
            SampleRecord expected = byFile.get(r.file());
            if (expected == null) {
                mismatches.add(new Mismatch(r.file(), "not in " + published));
                continue;
            }
            String actual = SampleRecord.sha256Of(run.resolve(r.file()));
            if (!actual.equals(expected.sha256())) {
                mismatches.add(new Mismatch(r.file(), "sha256 " + actual + ", " + published + " has "
                        + expected.sha256()));
            } else if (r.seed() != expected.seed() || !r.prompt().equals(expected.prompt())) {
                mismatches.add(new Mismatch(r.file(), "same bytes but seed/prompt " + r.seed() + " \"" + r.prompt()
                        + "\", " + published + " has " + expected.seed() + " \"" + expected.prompt() + "\""));
            }
        }
        if (produced.isEmpty()) {
            mismatches.add(new Mismatch(SamplesJsonl.FILE_NAME, "the run recorded no images"));
        }
        return new Result(produced.size(), mismatches);
    }
}
