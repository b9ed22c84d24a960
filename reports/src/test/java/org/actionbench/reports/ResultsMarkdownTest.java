package org.actionbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full results Markdown of a judgement CSV small enough to work out by hand. */
class ResultsMarkdownTest {
    /**
     * One rater. adi: action 3/4, subject 3/4, total 2/4; sd: 2/4, 2/4, 1/4; zero (two images): 0/2, 1/2, 0/2.
     * Groups: man human, beckham celebrity, panda animal.
     */
    static final String CSV = """
            rater,image,method,action,subject,group,action_correct,subject_correct
            oracle,a1.png,adi,cheer,man,human,yes,yes
            oracle,a2.png,adi,cheer,beckham,celebrity,yes,no
            oracle,a3.png,adi,bow,panda,animal,no,yes
            oracle,a4.png,adi,bow,man,human,yes,yes
            oracle,s1.png,sd,cheer,man,human,yes,no
            oracle,s2.png,sd,cheer,beckham,celebrity,no,yes
            oracle,s3.png,sd,bow,panda,animal,no,no
            oracle,s4.png,sd,bow,man,human,yes,yes
            oracle,z1.png,zero,cheer,man,human,no,no
            oracle,z2.png,zero,bow,panda,animal,no,yes
            """;

    private static Report report(Path dir) throws Exception {
        Path csv = dir.resolve("judgements.csv");
        Files.writeString(csv, CSV);
        return Report.fromCsv(csv);
    }

    /**
     * Wilson 95% for 3/4, by hand: z = 1.959964, z² = 3.841459; centre = (0.75 + z²/8) / (1 + z²/4)
     * = 1.230182 / 1.960365 = 0.627527; half = z / (1 + z²/4) · √(0.75·0.25/4 + z²/64) = 0.999796 · √0.106898
     * = 0.326888; so [30.06, 95.44]. For 2/4 the centre is 0.5 and the half-width 0.349961: [15.00, 85.00].
     */
    @Test
    void table1HasCountsAndHandComputedWilsonIntervals(@TempDir Path dir) throws Exception {
        String md = report(dir).resultsMarkdown("sd");
        assertTrue(md.contains("| adi | 4 | 75.00 (3/4) [30.06, 95.44] | 75.00 (3/4) [30.06, 95.44]"
                + " | 50.00 (2/4) [15.00, 85.00] |\n"), md);
        assertTrue(md.contains("| zero | 2 | 0.00 (0/2) [0.00, 65.76] | 50.00 (1/2) [9.45, 90.55]"
                + " | 0.00 (0/2) [0.00, 65.76] |\n"), md);
    }

    @Test
    void groupsAndActionsAreBrokenDownPerMethod(@TempDir Path dir) throws Exception {
        String md = report(dir).resultsMarkdown(null);
        String groups = section(md, "## Per subject group", "## Per action");
        // adi's two human images are both right; its celebrity image has the action but not the subject.
        assertTrue(groups.contains("| adi | human | 2 | 100.00 (2/2) [34.24, 100.00] | 100.00 (2/2) [34.24, 100.00]"
                + " | 100.00 (2/2) [34.24, 100.00] |"), groups);
        assertTrue(groups.contains("| adi | celebrity | 1 | 100.00 (1/1)"), groups);
        assertTrue(groups.contains("| adi | animal | 1 | 0.00 (0/1)"), groups);
        assertFalse(groups.contains("| zero | celebrity |"), "zero has no celebrity image:\n" + groups);
        // Groups in the order human, celebrity, animal whatever the input order.
        assertTrue(groups.indexOf("| sd | human |") < groups.indexOf("| sd | celebrity |")
                && groups.indexOf("| sd | celebrity |") < groups.indexOf("| sd | animal |"), groups);
        String actions = section(md, "## Per action", "## Paired comparison");
        assertTrue(actions.contains("| adi | cheer | 2 | 100.00 (2/2) [34.24, 100.00] | 50.00 (1/2) [9.45, 90.55]"
                + " | 50.00 (1/2) [9.45, 90.55] |"), actions);
        assertTrue(actions.contains("| sd | bow | 2 | 50.00 (1/2)"), actions);
    }

    /**
     * Against sd: adi shares all four pairs (sd 1/4 − adi 2/4 = −25 points); zero shares (cheer, man) and
     * (bow, panda), where neither is ever totally right, so every resample gives 0 and the interval is [0, 0].
     */
    @Test
    void everyOtherMethodIsComparedWithTheReference(@TempDir Path dir) throws Exception {
        Report r = report(dir);
        List<PairedComparison> against = r.comparisonsAgainst("sd");
        assertEquals(List.of("adi", "zero"), against.stream().map(PairedComparison::other).toList());
        assertTrue(against.stream().allMatch(p -> p.reference().equals("sd")));
        assertEquals(4, against.get(0).pairs());
        assertEquals(-25.0, against.get(0).difference(), 1e-12);
        assertEquals(2, against.get(1).pairs());
        assertEquals(0.0, against.get(1).low(), 0.0);
        assertEquals(0.0, against.get(1).high(), 0.0);
        String md = r.resultsMarkdown("sd");
        String paired = md.substring(md.indexOf("## Paired comparison against sd"));
        assertTrue(paired.contains("| adi | 4 | -25.00 | ["), paired);
        assertTrue(paired.contains("| zero | 2 | +0.00 | [+0.00, +0.00] |"), paired);
        assertFalse(paired.contains("| sd |"), paired);
        assertTrue(paired.contains("10,000 replicates, seed " + Report.DEFAULT_SEED), paired);
        // Without a reference the best method (adi, highest total) is the reference.
        assertTrue(r.resultsMarkdown(null).contains("## Paired comparison against adi"));
    }

    @Test
    void theSameCsvGivesTheSameBytes(@TempDir Path dir) throws Exception {
        assertEquals(report(dir).resultsMarkdown("sd"), report(dir).resultsMarkdown("sd"));
    }

    @Test
    void anUnknownReferenceNamesTheMethodsThereAre(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> report(dir).resultsMarkdown("ADI"));
        assertEquals("no method \"ADI\" in the judgements (they have: adi, sd, zero)", e.getMessage());
    }

    private static String section(String md, String from, String to) {
        return md.substring(md.indexOf(from), md.indexOf(to));
    }
}
