package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.RunFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables of {@link Fixtures#mixed()}, worked out by hand in the comments from the table in its javadoc. */
class ReportTest {
    @TempDir
    Path dir;

    private static void assertAccuracy(Accuracy a, long n, long action, long subject, long total, long au, long su) {
        assertEquals(new Proportion(action, n), a.action(), "action");
        assertEquals(new Proportion(subject, n), a.subject(), "subject");
        assertEquals(new Proportion(total, n), a.total(), "total");
        assertEquals(au, a.actionUnsure(), "action unsure/undecided");
        assertEquals(su, a.subjectUnsure(), "subject unsure/undecided");
    }

    @Test
    void mainTableByMajorityVoteAndByJudgement() {
        Report r = Report.of(Fixtures.mixed());
        assertEquals(List.of("adi", "sd", "zero"), r.methods());
        // adi by image: action YES a1 a4 = 2/4; subject YES a1 a3 a4 = 3/4; total a1 a4 = 2/4;
        // action undecided a2 (1-1 tie) and a3 (only unsure) = 2; subject undecided a2 = 1.
        assertAccuracy(r.row("adi").byImage(), 4, 2, 3, 2, 2, 1);
        // adi by judgement (8): action yes a1r1 a1r2 a2r1 a4r2 = 4; subject yes 3 + 1 (a2r2) + 1 + 2 = 7;
        // both yes a1r1 a1r2 a4r2 = 3; unsure action a3r1 a4r3 = 2, subject 0.
        assertAccuracy(r.row("adi").byJudgement(), 8, 4, 7, 3, 2, 0);
        // sd by image: action s1 s3 = 2/4; subject s2 s3 = 2/4 (s1 1-2 NO, s4 all unsure); total s3 = 1/4.
        assertAccuracy(r.row("sd").byImage(), 4, 2, 2, 1, 0, 1);
        // sd by judgement (10): action yes 3 + 2 = 5; subject yes s1r1 + 3 + 2 = 6; both s1r1 s3r1 s3r2 = 3;
        // subject unsure s4r1 s4r2 = 2.
        assertAccuracy(r.row("sd").byJudgement(), 10, 5, 6, 3, 0, 2);
        // zero: z1 NO/NO, z2 NO/YES -> action 0/2, subject 1/2, total 0/2; judgements: 0/3, 2/3, 0/3.
        assertAccuracy(r.row("zero").byImage(), 2, 0, 1, 0, 0, 0);
        assertAccuracy(r.row("zero").byJudgement(), 3, 0, 2, 0, 0, 0);
        assertEquals("adi", r.best());
    }

    @Test
    void breakdownsPerActionGroupAndRater() {
        Report r = Report.of(Fixtures.mixed());
        // adi cheer = a1, a2: action 1/2 (a1), subject 1/2 (a1), total 1/2; undecided a2 both questions.
        AccuracyRow cheer = find(r.byAction(), "adi", "cheer");
        assertAccuracy(cheer.byImage(), 2, 1, 1, 1, 1, 1);
        // judgements a1 x3, a2 x2: action yes 2 + 1 = 3/5; subject yes 3 + 1 = 4/5; both 2/5.
        assertAccuracy(cheer.byJudgement(), 5, 3, 4, 2, 0, 0);
        // adi handstand = a3, a4: action 1/2, subject 2/2, total 1/2, action undecided a3.
        assertAccuracy(find(r.byAction(), "adi", "handstand").byImage(), 2, 1, 2, 1, 1, 0);
        // adi animal = a1, a3: action 1/2, subject 2/2, total 1/2; human = a2, a4: 1/2, 1/2, 1/2.
        assertAccuracy(find(r.byGroup(), "adi", "animal").byImage(), 2, 1, 2, 1, 1, 0);
        assertAccuracy(find(r.byGroup(), "adi", "human").byImage(), 2, 1, 1, 1, 1, 1);
        // groups in enum order: human before animal, whatever the input order.
        assertEquals(List.of("human", "animal"), r.byGroup().stream().filter(x -> x.method().equals("adi"))
                .map(AccuracyRow::key).collect(Collectors.toList()));
        // rater r1 on adi: a1 y/y, a2 y/n, a3 unsure/y -> action 2/3, subject 2/3, total 1/3, 1 unsure.
        assertAccuracy(find(r.byRater(), "adi", "r1").byJudgement(), 3, 2, 2, 1, 1, 0);
        // r2 on adi: a1 y/y, a2 n/y, a4 y/y -> 2/3, 3/3, 2/3. r3: a1 n/y, a4 unsure/y -> 0/2, 2/2, 0/2.
        assertAccuracy(find(r.byRater(), "adi", "r2").byJudgement(), 3, 2, 3, 2, 0, 0);
        assertAccuracy(find(r.byRater(), "adi", "r3").byJudgement(), 2, 0, 2, 0, 1, 0);
    }

    private static AccuracyRow find(List<AccuracyRow> rows, String method, String key) {
        return rows.stream().filter(x -> x.method().equals(method) && x.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void agreementIsNotApplicableForFleissWhenRaterCountsDiffer() {
        Report r = Report.of(Fixtures.mixed());
        AgreementRow action = r.agreement().get(0);
        assertEquals("action", action.question());
        assertEquals(10, action.images());
        assertEquals(1, action.minRaters());
        assertEquals(3, action.maxRaters());
        assertEquals(8, action.pairableImages()); // all ten but a3 and z1, which have one rater
        assertTrue(action.fleissKappa().isEmpty());
        assertTrue(action.note().contains("images have 1 to 3 raters"), action.note());
        // α by hand. Pairable images, action (yes,no,unsure): a1 (2,1,0) a2 (1,1,0) a4 (1,0,1) s1 (3,0,0)
        // s2 (0,3,0) s3 (2,0,0) s4 (0,2,0) z2 (0,2,0): n = 19; totals yes 9, no 9, unsure 1.
        // Disagreeing pairs (m² − Σ n_c²)/(m − 1): a1 (9 − 5)/2 = 2, a2 2, a4 2 -> 6. Expected: 361 − 81 − 81 − 1 = 198.
        assertEquals(1 - 18.0 * 6 / 198, action.krippendorffAlpha().getAsDouble(), 1e-12);
        // subject: a1 (3,0,0) a2 (1,1,0) a4 (2,0,0) s1 (1,2,0) s2 (3,0,0) s3 (2,0,0) s4 (0,0,2) z2 (2,0,0):
        // yes 14, no 3, unsure 2; disagreement a2 2, s1 (9 − 5)/2 = 2 -> 4; expected 361 − 196 − 9 − 4 = 152.
        assertEquals(1 - 18.0 * 4 / 152, r.agreement().get(1).krippendorffAlpha().getAsDouble(), 1e-12);
    }

    /**
     * Per-question agreement with every image rated twice: Fleiss' κ against the formula written out here.
     * Images (action answers): (y,y) (y,n) (n,n) (unsure,unsure). Categories yes/no/unsure.
     * P_i = (Σ n_ij² − 2)/2: 1, 0, 1, 1 -> P̄ = 3/4. p_yes = 3/8, p_no = 3/8, p_unsure = 2/8;
     * P̄e = (9 + 9 + 4)/64 = 22/64. κ = (3/4 − 22/64)/(1 − 22/64) = (26/64)/(42/64) = 13/21.
     */
    @Test
    void fleissKappaWhenEveryImageHasTwoRaters() {
        List<Judgement> l = List.of(
                Fixtures.j("r1", "i1", "m", "a", "man", "yes", "yes"), Fixtures.j("r2", "i1", "m", "a", "man", "yes", "yes"),
                Fixtures.j("r1", "i2", "m", "a", "man", "yes", "yes"), Fixtures.j("r2", "i2", "m", "a", "man", "no", "yes"),
                Fixtures.j("r1", "i3", "m", "a", "man", "no", "yes"), Fixtures.j("r2", "i3", "m", "a", "man", "no", "yes"),
                Fixtures.j("r1", "i4", "m", "a", "man", "unsure", "yes"),
                Fixtures.j("r2", "i4", "m", "a", "man", "unsure", "yes"));
        Report r = Report.of(l);
        assertEquals(13.0 / 21, r.agreement().get(0).fleissKappa().getAsDouble(), 1e-12);
        // subject: every answer yes -> κ and α undefined, with a note.
        AgreementRow subject = r.agreement().get(1);
        assertTrue(subject.fleissKappa().isEmpty());
        assertTrue(subject.krippendorffAlpha().isEmpty());
        assertTrue(subject.note().contains("every answer is the same"), subject.note());
    }

    /**
     * adi vs zero share (cheer, panda) and (handstand, man); adi got both totally right (a1, a4), zero neither:
     * every resample of the pairs gives 100 − 0, so the interval is exactly [100, 100].
     * adi vs sd share all four pairs: adi 2/4, sd 1/4, difference 25 points.
     */
    @Test
    void pairedComparisonDegenerateCaseAndObservedDifference() {
        Report r = Report.of(Fixtures.mixed());
        PairedComparison vsZero = r.comparisons().get(1);
        assertEquals("zero", vsZero.other());
        assertEquals(2, vsZero.pairs());
        assertEquals(100.0, vsZero.difference(), 1e-12);
        assertEquals(100.0, vsZero.low(), 1e-12);
        assertEquals(100.0, vsZero.high(), 1e-12);
        PairedComparison vsSd = r.comparisons().get(0);
        assertEquals("sd", vsSd.other());
        assertEquals(4, vsSd.pairs());
        assertEquals(25.0, vsSd.difference(), 1e-12);
        assertTrue(vsSd.low() < 25 && vsSd.high() > 25 && vsSd.low() >= -100 && vsSd.high() <= 100);
    }

    /**
     * Determinism: the same seed gives the same interval; another seed a different one. With two pairs
     * (diff +100 and −100 per pair, one image each) a resample is both-first (+100, prob 1/4), both-second
     * (−100, 1/4) or mixed (0, 1/2), so the 2.5% and 97.5% quantiles are −100 and +100.
     */
    @Test
    void bootstrapIsSeededAndMatchesTheResamplingDistribution() {
        long[] one = {1, 1};
        PairedComparison a = PairedComparison.bootstrap("b", "o", new long[] {1, 0}, one, new long[] {0, 1}, one, 4000, 7);
        PairedComparison b = PairedComparison.bootstrap("b", "o", new long[] {1, 0}, one, new long[] {0, 1}, one, 4000, 7);
        assertEquals(a, b);
        assertEquals(0.0, a.difference(), 1e-12);
        assertEquals(-100.0, a.low(), 1e-12);
        assertEquals(100.0, a.high(), 1e-12);
        Report r1 = Report.of(Fixtures.mixed(), 2000, 1);
        Report r2 = Report.of(Fixtures.mixed(), 2000, 1);
        Report r3 = Report.of(Fixtures.mixed(), 2000, 99);
        assertEquals(r1.comparisons(), r2.comparisons());
        assertNotEquals(r1.comparisons().get(0), r3.comparisons().get(0));
    }

    /**
     * Three pairs, one image each; the best is right on pair 1 only, the other on none. A resample's
     * difference is 100·k/3 with k ~ Binomial(3, 1/3): P(k=0) = 8/27, P(1) = 12/27, P(2) = 6/27, P(3) = 1/27
     * = 3.7%. So the 2.5% quantile is 0 and the 97.5% quantile is 100 (the top 3.7% are all 100), where a
     * 75% quantile would be 66.67. Reversed, the interval is [−100, 0] (a 25% quantile would be −66.67).
     */
    @Test
    void bootstrapIntervalMatchesTheExactResamplingDistribution() {
        long[] one = {1, 1, 1};
        long[] hit = {1, 0, 0};
        long[] none = {0, 0, 0};
        PairedComparison up = PairedComparison.bootstrap("b", "o", hit, one, none, one, 4000, 3);
        assertEquals(100.0 / 3, up.difference(), 1e-12);
        assertEquals(0.0, up.low(), 1e-12);
        assertEquals(100.0, up.high(), 1e-12);
        PairedComparison down = PairedComparison.bootstrap("b", "o", none, one, hit, one, 4000, 3);
        assertEquals(-100.0, down.low(), 1e-12);
        assertEquals(0.0, down.high(), 1e-12);
    }

    /** Equal totals: the method listed first is the best, and the comparison is against the other. */
    @Test
    void bestMethodTieGoesToTheFirstListed() {
        Report r = Report.of(List.of(Fixtures.j("r1", "x1", "second", "a", "man", "yes", "yes"),
                Fixtures.j("r1", "x2", "first", "a", "man", "yes", "yes")));
        assertEquals("second", r.best());
        assertEquals("first", r.comparisons().get(0).other());
    }

    @Test
    void quantileInterpolatesLikeRType7() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(1.1, PairedComparison.quantile(x, 0.025), 1e-12); // h = 4 * 0.025 = 0.1
        assertEquals(4.9, PairedComparison.quantile(x, 0.975), 1e-12);
    }

    /** The paper's ADI row rebuilt from 368 single-rater images: 222 action, 316 subject, 188 both correct. */
    @Test
    void markdownAndCsvOfAPaperRow() {
        List<Judgement> l = new ArrayList<>();
        for (int i = 0; i < 368; i++) {
            String a = i < 222 ? "yes" : "no"; // images 0-187 both yes, 188-221 action only
            String s = i < 188 || i >= 222 && i < 222 + 128 ? "yes" : "no"; // 128 subject only, 18 neither
            l.add(Fixtures.j("r1", "img" + i, "ADI (Ours)", "act" + i % 8, "s" + i % 23, a, s));
        }
        Report r = Report.of(l);
        String md = r.markdown();
        assertTrue(md.startsWith("| Method | Action | Subject | Total | Images | Total 95% CI |\n"), md);
        Proportion total = new Proportion(188, 368);
        assertTrue(md.contains("| ADI (Ours) | 60.33 | 85.87 | 51.09 | 368 | " + total.intervalText() + " |"), md);
        String[] csv = r.csv().split("\n");
        assertEquals(Report.CSV_HEADER, csv[0]);
        assertTrue(csv[1].startsWith("ADI (Ours),368,222,60.33,"), csv[1]);
        assertTrue(csv[1].contains(",188,51.09,"), csv[1]);
    }

    private Path csv(String... rows) throws Exception {
        Path p = dir.resolve("j.csv");
        Files.writeString(p, JudgementCsv.HEADER + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void duplicateJudgementIsRejectedWithItsLineEvenAfterBlankAndMultiLineRows() throws Exception {
        Path p = csv("r1,a.png,adi,cheer,man,human,yes,yes", // line 2
                "", // line 3: blank
                "r1,\"b\nc.png\",adi,cheer,man,human,no,no", // lines 4-5: quoted line break
                "r1,a.png,adi,cheer,man,human,no,yes"); // line 6
        RunFormatException e = assertThrows(RunFormatException.class, () -> Report.fromCsv(p));
        assertEquals("line 6", e.where());
        assertTrue(e.getMessage().contains("duplicate judgement"), e.getMessage());
    }

    @Test
    void imageUnderTwoMethodsIsRejectedWithItsLine() throws Exception {
        Path p = csv("r1,a.png,adi,cheer,man,human,yes,yes", "r2,a.png,sd,cheer,man,human,yes,yes");
        RunFormatException e = assertThrows(RunFormatException.class, () -> Report.fromCsv(p));
        assertEquals("line 3", e.where());
        assertTrue(e.reason().startsWith("method:"), e.reason());
    }

    @Test
    void unknownColumnAndBadValueAreRejectedByTheReader() throws Exception {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, JudgementCsv.HEADER + ",extra\n");
        assertEquals("line 1", assertThrows(RunFormatException.class, () -> Report.fromCsv(p)).where());
        Path q = csv("r1,a.png,adi,cheer,man,human,yes,yes", "r1,b.png,adi,cheer,man,human,maybe,yes");
        assertEquals("line 3", assertThrows(RunFormatException.class, () -> Report.fromCsv(q)).where());
    }

    @Test
    void csvRoundTripGivesTheSameReport() throws Exception {
        Path p = dir.resolve("mixed.csv");
        JudgementCsv.write(p, Fixtures.mixed());
        Report fromFile = Report.fromCsv(p);
        Report inMemory = Report.of(Fixtures.mixed());
        assertEquals(inMemory.byMethod(), fromFile.byMethod());
        assertEquals(inMemory.comparisons(), fromFile.comparisons());
        assertFalse(fromFile.markdown().isEmpty());
    }

    /** The report keeps its judgements column by column; read back they are the input, in input order. */
    @Test
    void judgementsComeBackAsGiven() throws Exception {
        assertEquals(Fixtures.mixed(), Report.of(Fixtures.mixed()).judgements());
        Path p = dir.resolve("mixed.csv");
        JudgementCsv.write(p, Fixtures.mixed());
        assertEquals(Fixtures.mixed(), Report.fromCsv(p).judgements());
    }

    @Test
    void inMemoryDuplicateNamesItsIndex() {
        List<Judgement> l = new ArrayList<>(Fixtures.mixed());
        l.add(l.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.of(l));
        assertTrue(e.getMessage().startsWith("judgement 21: duplicate judgement"), e.getMessage());
    }
}
