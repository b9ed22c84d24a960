package org.actionbench.reports;

import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.Verdict;

/** Small judgement sets whose tables the tests work out by hand. */
final class Fixtures {
    private Fixtures() {
    }

    static Judgement j(String rater, String image, String method, String action, String subject, String a, String s) {
        SubjectGroup group = subject.equals("panda") ? SubjectGroup.ANIMAL
                : subject.equals("beckham") ? SubjectGroup.CELEBRITY : SubjectGroup.HUMAN;
        return new Judgement(rater, image, method, action, subject, group, Verdict.fromCsvName(a).orElseThrow(),
                Verdict.fromCsvName(s).orElseThrow());
    }

    /**
     * Three methods, two actions (cheer, handstand), two subjects (panda: animal, man: human), raters r1-r3
     * with some missing. Per image (action vote, subject vote):
     * <pre>
     * adi  a1 cheer/panda      r1 y/y r2 y/y r3 n/y      YES (2-1)        YES (3-0)   total yes
     * adi  a2 cheer/man        r1 y/n r2 n/y             UNDECIDED (1-1)  UNDECIDED   no
     * adi  a3 handstand/panda  r1 unsure/y               UNDECIDED (0-0)  YES         no
     * adi  a4 handstand/man    r2 y/y r3 unsure/y        YES (1-0)        YES (2-0)   total yes
     * sd   s1 cheer/panda      r1 y/y r2 y/n r3 y/n      YES              NO (1-2)    no
     * sd   s2 cheer/man        r1 n/y r2 n/y r3 n/y      NO               YES         no
     * sd   s3 handstand/panda  r1 y/y r2 y/y             YES              YES         total yes
     * sd   s4 handstand/man    r1 n/unsure r2 n/unsure   NO               UNDECIDED   no
     * zero z1 cheer/panda      r1 n/n                    NO               NO          no
     * zero z2 handstand/man    r2 n/y r3 n/y             NO               YES         no
     * </pre>
     */
    static List<Judgement> mixed() {
        List<Judgement> l = new ArrayList<>();
        l.add(j("r1", "a1.png", "adi", "cheer", "panda", "yes", "yes"));
        l.add(j("r2", "a1.png", "adi", "cheer", "panda", "yes", "yes"));
        l.add(j("r3", "a1.png", "adi", "cheer", "panda", "no", "yes"));
        l.add(j("r1", "a2.png", "adi", "cheer", "man", "yes", "no"));
        l.add(j("r2", "a2.png", "adi", "cheer", "man", "no", "yes"));
        l.add(j("r1", "a3.png", "adi", "handstand", "panda", "unsure", "yes"));
        l.add(j("r2", "a4.png", "adi", "handstand", "man", "yes", "yes"));
        l.add(j("r3", "a4.png", "adi", "handstand", "man", "unsure", "yes"));
        l.add(j("r1", "s1.png", "sd", "cheer", "panda", "yes", "yes"));
        l.add(j("r2", "s1.png", "sd", "cheer", "panda", "yes", "no"));
        l.add(j("r3", "s1.png", "sd", "cheer", "panda", "yes", "no"));
        l.add(j("r1", "s2.png", "sd", "cheer", "man", "no", "yes"));
        l.add(j("r2", "s2.png", "sd", "cheer", "man", "no", "yes"));
        l.add(j("r3", "s2.png", "sd", "cheer", "man", "no", "yes"));
        l.add(j("r1", "s3.png", "sd", "handstand", "panda", "yes", "yes"));
        l.add(j("r2", "s3.png", "sd", "handstand", "panda", "yes", "yes"));
        l.add(j("r1", "s4.png", "sd", "handstand", "man", "no", "unsure"));
        l.add(j("r2", "s4.png", "sd", "handstand", "man", "no", "unsure"));
        l.add(j("r1", "z1.png", "zero", "cheer", "panda", "no", "no"));
        l.add(j("r2", "z2.png", "zero", "handstand", "man", "no", "yes"));
        l.add(j("r3", "z2.png", "zero", "handstand", "man", "no", "yes"));
        return l;
    }
}
