package org.actionbench.mini.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.mini.world.PretrainingCorpus;
import org.actionbench.mini.world.Render;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplerSettings;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.data.run.Verdict;
import org.actionbench.engine.image.Images;
import org.actionbench.engine.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJudgingTest {
    @TempDir
    static Path shared;
    static Path judgeDir;

    @BeforeAll
    static void trainATinyJudge() throws IOException {
        judgeDir = shared.resolve("judge");
        JudgeTraining.train(new JudgeTraining.Plan(3, 64, 8, 2, 1e-3, 16, List.of(8, 8, 16, 16), 16, 100), judgeDir,
                shared.resolve("judge.work"), TrainingListener.NONE);
    }

    /** A run directory with {@code n} renders as samples, asked for what the renders show. */
    private static List<Render> run(Path run, int n, String subjectOverride) throws IOException {
        PretrainingCorpus corpus = new PretrainingCorpus(99, 64, 1.0);
        List<Render> renders = new java.util.ArrayList<>();
        SamplesJsonl jsonl = new SamplesJsonl(run.resolve(SamplesJsonl.FILE_NAME));
        for (int i = 0; i < n; i++) {
            Render r = corpus.item(i).render();
            renders.add(r);
            String file = "cells/adi/" + r.actionId() + "/samples/" + r.subjectId() + "/" + i + ".png";
            Files.createDirectories(run.resolve(file).getParent());
            Images.writePng(r.image(), run.resolve(file));
            jsonl.append(new SampleRecord(file, SampleRecord.sha256Of(run.resolve(file)), "adi", r.actionId(),
                    subjectOverride != null ? subjectOverride : r.subjectId(), SubjectGroup.HUMAN, i, r.caption(),
                    new SamplerSettings("ddim", 50, 0, 7.5, 64, 64)));
        }
        return renders;
    }

    @Test
    void eachImageGetsYesExactlyWhenTheClassifierNamesWhatItWasAskedFor(@TempDir Path run) throws IOException {
        List<Render> renders = run(run, 6, null);
        try (OracleJudge judge = OracleJudge.load(judgeDir)) {
            List<Judgement> judgements = RunJudging.judge(run, judge);
            List<OracleJudge.Reading> readings = judge.read(renders.stream().map(Render::image).toList());
            assertEquals(6, judgements.size());
            for (int i = 0; i < 6; i++) {
                Judgement j = judgements.get(i);
                assertEquals(RunJudging.RATER, j.rater());
                assertEquals(readings.get(i).action().label().equals(renders.get(i).actionId()) ? Verdict.YES
                        : Verdict.NO, j.actionCorrect());
                assertEquals(readings.get(i).subject().label().equals(renders.get(i).subjectId()) ? Verdict.YES
                        : Verdict.NO, j.subjectCorrect());
            }
        }
    }

    @Test
    void aChangedImageOrAnUnknownSubjectIsRefusedWithTheFileNamed(@TempDir Path run, @TempDir Path other)
            throws IOException {
        run(run, 2, null);
        Path first = Files.list(run.resolve("cells/adi")).findFirst().orElseThrow();
        Path png = Files.walk(first).filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        Files.write(png, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (OracleJudge judge = OracleJudge.load(judgeDir)) {
            IOException e = assertThrows(IOException.class, () -> RunJudging.judge(run, judge));
            assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains(run.relativize(png).toString()),
                    e.getMessage());
            run(other, 1, "david-beckham-lookalike");
            IOException unknown = assertThrows(IOException.class, () -> RunJudging.judge(other, judge));
            assertTrue(unknown.getMessage().contains("david-beckham-lookalike"), unknown.getMessage());
        }
    }
}
