package org.actionbench.reports;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.Verdict;

/**
 * The judgements of one report, checked and held column by column: every distinct text once, each
 * judgement as a few numbers. A million judgements as {@link Judgement} records with their own strings take
 * about 350 MB; here about 40 MB, so the report of a large run fits a small heap (ReportBenchmark).
 *
 * <p>Images are numbered in the order they first appear. An image's method, action, subject and group are
 * stored once per image, which the {@link Builder} makes safe by refusing a judgement that disagrees with an
 * earlier one about them. {@link #texts()} holds raters, methods, actions and subjects; image names are kept
 * apart ({@link #imageName(int)}) since they are almost all distinct.
 */
final class JudgementTable {
    private final String[] texts;
    private final String[] imageNames;
    // per judgement
    private final int[] raterCode;
    private final int[] imageOf;
    private final byte[] verdicts; // action ordinal * 3 + subject ordinal
    // per image
    private final int[] methodCode;
    private final int[] actionCode;
    private final int[] subjectCode;
    private final byte[] group;

    private JudgementTable(Builder b) {
        texts = b.texts;
        imageNames = Arrays.copyOf(b.imageNames, b.images);
        raterCode = Arrays.copyOf(b.raterCode, b.size);
        imageOf = Arrays.copyOf(b.imageOf, b.size);
        verdicts = Arrays.copyOf(b.verdicts, b.size);
        methodCode = Arrays.copyOf(b.methodCode, b.images);
        actionCode = Arrays.copyOf(b.actionCode, b.images);
        subjectCode = Arrays.copyOf(b.subjectCode, b.images);
        group = Arrays.copyOf(b.group, b.images);
    }

    int size() {
        return raterCode.length;
    }

    int images() {
        return imageNames.length;
    }

    /** Raters, methods, actions and subjects, each once; the codes below index this. */
    List<String> texts() {
        return Arrays.asList(texts);
    }

    int raterCode(int judgement) {
        return raterCode[judgement];
    }

    int imageOf(int judgement) {
        return imageOf[judgement];
    }

    Verdict actionVerdict(int judgement) {
        return VERDICTS[verdicts[judgement] / 3];
    }

    Verdict subjectVerdict(int judgement) {
        return VERDICTS[verdicts[judgement] % 3];
    }

    String imageName(int image) {
        return imageNames[image];
    }

    int methodCode(int image) {
        return methodCode[image];
    }

    int actionCode(int image) {
        return actionCode[image];
    }

    int subjectCode(int image) {
        return subjectCode[image];
    }

    SubjectGroup group(int image) {
        return GROUPS[group[image]];
    }

    String text(int code) {
        return texts[code];
    }

    Judgement judgement(int i) {
        int image = imageOf[i];
        return new Judgement(texts[raterCode[i]], imageNames[image], texts[methodCode[image]],
                texts[actionCode[image]], texts[subjectCode[image]], GROUPS[group[image]], actionVerdict(i),
                subjectVerdict(i));
    }

    /** The judgements in input order, each made on access (nothing is copied). */
    List<Judgement> asList() {
        return new Judgements();
    }

    private final class Judgements extends AbstractList<Judgement> implements RandomAccess {
        @Override
        public Judgement get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException(index);
            }
            return judgement(index);
        }

        @Override
        public int size() {
            return JudgementTable.this.size();
        }
    }

    private static final Verdict[] VERDICTS = Verdict.values();
    private static final SubjectGroup[] GROUPS = SubjectGroup.values();

    /** A judgement that contradicts an earlier one; {@code index} is its position in the input (from 0). */
    static final class InvalidJudgement extends Exception {
        final int index;

        InvalidJudgement(int index, String reason) {
            super(reason);
            this.index = index;
        }
    }

    /** Takes the judgements in input order; refuses a duplicate or a contradiction as it arrives. */
    static final class Builder {
        private final Map<String, Integer> textCodes = new HashMap<>();
        private final Map<String, Integer> imageNumbers = new HashMap<>();
        private String[] texts = new String[16];
        private String[] imageNames = new String[16];
        private int[] raterCode = new int[64];
        private int[] imageOf = new int[64];
        private byte[] verdicts = new byte[64];
        /** The previous judgement of the same image, or -1: each image's judgements as a chain. */
        private int[] previousOfImage = new int[64];
        private int[] lastOfImage = new int[16];
        private int[] methodCode = new int[16];
        private int[] actionCode = new int[16];
        private int[] subjectCode = new int[16];
        private byte[] group = new byte[16];
        private int textCount;
        private int size;
        private int images;

        void add(Judgement j) throws InvalidJudgement {
            int rater = code(j.rater());
            int method = code(j.method());
            int action = code(j.action());
            int subject = code(j.subject());
            Integer known = imageNumbers.get(j.image());
            int image;
            if (known == null) {
                image = newImage(j.image(), method, action, subject, j.group());
            } else {
                image = known;
                check(image, j, rater, method, action, subject);
            }
            if (size == raterCode.length) {
                int n = size * 2;
                raterCode = Arrays.copyOf(raterCode, n);
                imageOf = Arrays.copyOf(imageOf, n);
                verdicts = Arrays.copyOf(verdicts, n);
                previousOfImage = Arrays.copyOf(previousOfImage, n);
            }
            raterCode[size] = rater;
            imageOf[size] = image;
            verdicts[size] = (byte) (j.actionCorrect().ordinal() * 3 + j.subjectCorrect().ordinal());
            previousOfImage[size] = lastOfImage[image];
            lastOfImage[image] = size;
            size++;
        }

        JudgementTable build() {
            texts = Arrays.copyOf(texts, textCount);
            return new JudgementTable(this);
        }

        private int code(String text) {
            Integer c = textCodes.get(text);
            if (c != null) {
                return c;
            }
            if (textCount == texts.length) {
                texts = Arrays.copyOf(texts, textCount * 2);
            }
            texts[textCount] = text;
            textCodes.put(text, textCount);
            return textCount++;
        }

        private int newImage(String name, int method, int action, int subject, SubjectGroup g) {
            if (images == imageNames.length) {
                int n = images * 2;
                imageNames = Arrays.copyOf(imageNames, n);
                lastOfImage = Arrays.copyOf(lastOfImage, n);
                methodCode = Arrays.copyOf(methodCode, n);
                actionCode = Arrays.copyOf(actionCode, n);
                subjectCode = Arrays.copyOf(subjectCode, n);
                group = Arrays.copyOf(group, n);
            }
            imageNames[images] = name;
            imageNumbers.put(name, images);
            lastOfImage[images] = -1;
            methodCode[images] = method;
            actionCode[images] = action;
            subjectCode[images] = subject;
            group[images] = (byte) g.ordinal();
            return images++;
        }

        private void check(int image, Judgement j, int rater, int method, int action, int subject)
                throws InvalidJudgement {
            for (int k = lastOfImage[image]; k >= 0; k = previousOfImage[k]) {
                if (raterCode[k] == rater) {
                    throw new InvalidJudgement(size, "duplicate judgement: rater \"" + j.rater()
                            + "\" already judged image \"" + j.image() + "\"");
                }
            }
            contradiction("method", j.image(), methodCode[image], method);
            contradiction("action", j.image(), actionCode[image], action);
            contradiction("subject", j.image(), subjectCode[image], subject);
            SubjectGroup earlier = GROUPS[group[image]];
            if (earlier != j.group()) {
                throw contradiction("group", j.image(), earlier.jsonName(), j.group().jsonName());
            }
        }

        private void contradiction(String field, String image, int earlier, int here) throws InvalidJudgement {
            if (earlier != here) {
                throw contradiction(field, image, texts[earlier], texts[here]);
            }
        }

        private InvalidJudgement contradiction(String field, String image, String earlier, String here) {
            return new InvalidJudgement(size, field + ": image \"" + image + "\" is \"" + here
                    + "\" here but \"" + earlier + "\" in an earlier judgement");
        }
    }
}
