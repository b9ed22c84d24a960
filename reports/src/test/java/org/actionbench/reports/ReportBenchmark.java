package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of 1,000,000 judgements (8 methods × 8 actions × 23 subjects, 250,000 images, 4 raters each):
 * CSV read, tables, agreement, bootstrap and the streamed workbook. Prints time, the heap cap and peak resident
 * memory; asserts only what it produced, never a speed (ARCHITECTURE.md §7). Not part of the normal test run. Issue 15
 * asks for at most 10 s with {@code -DargLine=-Xmx256m}.
 */
@Tag("benchmark")
class ReportBenchmark {
    static final int JUDGEMENTS = 1_000_000;
    static final int RATERS = 4;

    @TempDir
    Path dir;

    @Test
    void millionJudgements() throws Exception {
        String[] methods = {"sd", "controlnet", "dreambooth", "textualinversion", "reversion", "customdiffusion",
                "promptplus", "adi"};
        SubjectGroup[] groups = SubjectGroup.values();
        Verdict[] verdicts = Verdict.values();
        SplittableRandom random = new SplittableRandom(1);
        List<Judgement> judgements = new ArrayList<>(JUDGEMENTS);
        for (int i = 0; judgements.size() < JUDGEMENTS; i++) {
            int m = i % 8, a = i / 8 % 8, s = i / 64 % 23;
            String image = "cells/" + methods[m] + "/action" + a + "/samples/subject" + s + "/" + i + ".png";
            for (int r = 0; r < RATERS; r++) {
                // Better methods say yes more often, so the tables are not flat.
                Verdict av = random.nextInt(100) < 10 + 8 * m ? Verdict.YES : verdicts[1 + random.nextInt(2)];
                Verdict sv = random.nextInt(100) < 80 ? Verdict.YES : verdicts[1 + random.nextInt(2)];
                judgements.add(new Judgement("rater" + r, image, methods[m], "action" + a, "subject" + s,
                        groups[s % 3], av, sv));
            }
        }
        Path csv = dir.resolve("judgements.csv");
        JudgementCsv.write(csv, judgements);
        judgements = null;
        System.gc();

        long t0 = System.nanoTime();
        Report report = Report.fromCsv(csv);
        long t1 = System.nanoTime();
        Path xlsx = dir.resolve("report.xlsx");
        report.writeXlsx(xlsx);
        long t2 = System.nanoTime();
        String md = report.markdown();
        System.out.printf("benchmark: %d judgements, %d images; csv %.1f MB; read+tables %.2f s; xlsx %.2f s (%.1f MB);"
                + " total %.2f s; max heap %d MB; VmHWM %s (the process, fixture generation included)%n",
                report.judgements().size(), report.agreement().get(0).images(), Files.size(csv) / 1e6,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, Files.size(xlsx) / 1e6, (t2 - t0) / 1e9,
                Runtime.getRuntime().maxMemory() >> 20, vmHwm());
        System.out.print(md);
        assertEquals(JUDGEMENTS, report.judgements().size());
        assertEquals(JUDGEMENTS / RATERS, report.agreement().get(0).images());
    }

    private static String vmHwm() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
