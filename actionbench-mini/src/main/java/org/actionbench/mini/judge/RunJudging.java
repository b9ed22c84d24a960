package org.actionbench.mini.judge;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.RunLayout;
import org.actionbench.data.run.SampleRecord;
import org.actionbench.data.run.SamplesJsonl;
import org.actionbench.data.run.Verdict;
import org.actionbench.engine.image.Images;

/**
 * Judges every image of an ActionBench-Mini run with the {@link OracleJudge}: one judgement per image by
 * the rater {@value #RATER}, yes when the classifier names the action (subject) the image was asked for,
 * no otherwise (the oracle is never unsure). Images are checked against their sha256 first, so a judgement
 * is never written for a file that changed after sampling.
 */
public final class RunJudging {
    public static final String RATER = "oracle";
    /** Where {@code actionbench judge} writes, inside the run directory. */
    public static final String FILE_NAME = "judgements-oracle.csv";
    private static final int BATCH = 64;

    private RunJudging() {
    }

    private static IOException unknown(Path samples, SampleRecord r, String what) {
        return new IOException(samples + ": image " + r.file() + " shows " + what + ", which the ActionBench-Mini"
                + " oracle does not know; only ActionBench-Mini runs can be judged automatically");
    }

    /** Judges every image of {@code run} with the judge in {@code judgeDir}, writes RUN/{@value #FILE_NAME}, returns the judgements. */
    public static List<Judgement> judgeAndWrite(Path run, Path judgeDir) throws IOException {
        List<Judgement> judgements;
        try (OracleJudge judge = OracleJudge.load(judgeDir)) {
            judgements = judge(run, judge);
        }
        JudgementCsv.write(run.resolve(FILE_NAME), judgements);
        return judgements;
    }

    public static List<Judgement> judge(Path run, OracleJudge judge) throws IOException {
        RunLayout layout = new RunLayout(run);
        Path samples = layout.samplesJsonl();
        if (!Files.isRegularFile(samples)) {
            throw new IOException(run + " is not a finished run: " + samples.getFileName() + " is missing");
        }
        List<SampleRecord> records = SamplesJsonl.read(samples).records();
        for (SampleRecord r : records) {
            if (!judge.actionConfig().labels().contains(r.action())) {
                throw unknown(samples, r, "action '" + r.action() + "'");
            }
            if (!judge.subjectConfig().labels().contains(r.subject())) {
                throw unknown(samples, r, "subject '" + r.subject() + "'");
            }
        }
        List<Judgement> out = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += BATCH) {
            List<SampleRecord> batch = records.subList(from, Math.min(records.size(), from + BATCH));
            List<BufferedImage> images = new ArrayList<>();
            for (SampleRecord r : batch) {
                Path file = layout.resolve(r.file());
                if (!Files.isRegularFile(file)) {
                    throw new IOException(samples + ": image " + r.file() + " is missing");
                }
                if (!SampleRecord.sha256Of(file).equals(r.sha256())) {
                    throw new IOException(samples + ": image " + r.file() + " does not match its sha256");
                }
                images.add(Images.read(file));
            }
            List<OracleJudge.Reading> readings = judge.read(images);
            for (int i = 0; i < batch.size(); i++) {
                SampleRecord r = batch.get(i);
                OracleJudge.Reading reading = readings.get(i);
                out.add(new Judgement(RATER, r.file(), r.method(), r.action(), r.subject(), r.group(),
                        reading.action().label().equals(r.action()) ? Verdict.YES : Verdict.NO,
                        reading.subject().label().equals(r.subject()) ? Verdict.YES : Verdict.NO));
            }
        }
        return out;
    }
}
