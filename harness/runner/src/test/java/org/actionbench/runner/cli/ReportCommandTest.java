package org.actionbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.actionbench.reports.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format results [--reference M]} as a user meets it. */
class ReportCommandTest {
    private static final String CSV = """
            rater,image,method,action,subject,group,action_correct,subject_correct
            oracle,a1.png,adi,cheer,man,human,yes,yes
            oracle,a2.png,adi,bow,panda,animal,no,yes
            oracle,s1.png,sd,cheer,man,human,yes,no
            oracle,s2.png,sd,bow,panda,animal,yes,yes
            """;

    @Test
    void resultsFormatPrintsTheFullReportAgainstTheReference(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("j.csv");
        Files.writeString(csv, CSV);
        MainTest.Result r = MainTest.run("report", csv.toString(), "--format", "results", "--reference", "sd");
        assertEquals(0, r.code(), r.err());
        assertEquals(Report.fromCsv(csv).resultsMarkdown("sd"), r.out());
        assertTrue(r.out().startsWith("## Table 1\n"), r.out());
        assertTrue(r.out().contains("## Paired comparison against sd\n"), r.out());
        assertTrue(r.out().contains("| adi | 2 | "), r.out());

        MainTest.Result plain = MainTest.run("report", csv.toString());
        assertEquals(0, plain.code(), plain.err());
        assertEquals(Report.fromCsv(csv).markdown(), plain.out(), "the default output stays Table 1");
    }

    @Test
    void anUnknownReferenceOrAReferenceWithoutResultsIsRefused(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("j.csv");
        Files.writeString(csv, CSV);
        MainTest.Result unknown = MainTest.run("report", csv.toString(), "--format=results", "--reference", "dreambooth");
        assertEquals(1, unknown.code());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().contains("--reference: no method \"dreambooth\" in the judgements (they have: adi, sd)"),
                unknown.err());
        MainTest.Result misplaced = MainTest.run("report", csv.toString(), "--reference", "sd");
        assertEquals(2, misplaced.code());
        assertTrue(misplaced.err().contains("--reference goes with --format results"), misplaced.err());
    }
}
