package org.actionbench.mini.world;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.actionbench.data.io.AtomicFiles;
import org.actionbench.data.io.Json;
import org.actionbench.data.io.Png;

/**
 * Captioned images of the whole ActionBench-Mini world for pretraining the mini text-to-image model: every
 * character (evaluation subjects and exemplar people) doing every action in every scene, uniformly at
 * random. Only a share {@code actionWordShare} of the captions names the action; the rest say who and where
 * but not what ("a photo of a panda in a park"). So, as for Stable Diffusion in the paper, text alone
 * controls the pose only partly: the model learns the action words, but weakly, and an action
 * customisation method has something to add.
 *
 * <p>Item {@code n} depends only on the seed and {@code n}, so a corpus can be made in any order or in parts.
 * {@link #write} streams the images to {@code images/NNNNNNN.png} and one JSON line per image to
 * {@code captions.jsonl} (in item order); each image is written atomically, and the captions file appears
 * (atomically, complete) only when every image is written.
 */
public final class PretrainingCorpus {
    public static final String CAPTIONS_FILE = "captions.jsonl";
    public static final String IMAGES_DIR = "images";
    /** Writer threads by default: enough to overlap the per-file disk syncs on a small machine. */
    public static final int DEFAULT_THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

    /** One corpus image with its training caption. */
    public record Item(Render render, String caption, boolean actionInCaption) {
    }

    /** One line of {@code captions.jsonl}. Keypoints are x0, y0, x1, y1, … in unit-square image coordinates. */
    public record Line(String file, String caption, String subject, String group, String action, String scene,
                       boolean actionInCaption, List<Double> keypoints) {
    }

    private final List<CastMember> cast;
    private final long seed;
    private final int resolution;
    private final double actionWordShare;

    /** A corpus of the whole cast ({@link Cast#all()}). */
    public PretrainingCorpus(long seed, int resolution, double actionWordShare) {
        this(Cast.all(), seed, resolution, actionWordShare);
    }

    public PretrainingCorpus(List<CastMember> cast, long seed, int resolution, double actionWordShare) {
        Objects.requireNonNull(cast, "cast");
        if (cast.isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one character");
        }
        if (!(actionWordShare >= 0 && actionWordShare <= 1)) {
            throw new IllegalArgumentException("actionWordShare must be in [0, 1], got " + actionWordShare);
        }
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be at least 8 pixels, got " + resolution);
        }
        this.cast = List.copyOf(cast);
        this.seed = seed;
        this.resolution = resolution;
        this.actionWordShare = actionWordShare;
    }

    public Item item(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("corpus index must be non-negative, got " + index);
        }
        Random r = new Random(Seeds.derive(seed, index));
        CastMember who = cast.get(r.nextInt(cast.size()));
        PoseFamily action = PoseFamily.values()[r.nextInt(PoseFamily.values().length)];
        SceneKind where = SceneKind.values()[r.nextInt(SceneKind.values().length)];
        boolean words = r.nextDouble() < actionWordShare;
        Render render = MiniRenderer.render(who, action, where, resolution, r.nextLong());
        return new Item(render, words ? render.caption() : Captions.withoutAction(who.text(), where), words);
    }

    /** The relative file name of item {@code index}. */
    public static String file(long index) {
        return IMAGES_DIR + "/" + String.format(Locale.ROOT, "%07d", index) + ".png";
    }

    /** Writes items 0..count−1 into {@code dir} with {@link #DEFAULT_THREADS} threads. */
    public void write(Path dir, int count) throws IOException {
        write(dir, count, DEFAULT_THREADS, done -> {
        });
    }

    /**
     * Writes items 0..count−1 into {@code dir}, telling {@code progress} (on the calling thread, in order) the
     * number done after each image. Items are rendered and written by {@code threads} threads: each image
     * file is forced to disk before it is renamed into place, and overlapping those waits is what makes a
     * large corpus fast. The output does not depend on the number of threads.
     */
    public void write(Path dir, int count, int threads, IntConsumer progress) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("corpus size must be non-negative, got " + count);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Files.createDirectories(dir.resolve(IMAGES_DIR));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mini-corpus");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicFiles.write(dir.resolve(CAPTIONS_FILE), tmp -> {
                try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    Deque<Future<String>> pending = new ArrayDeque<>();
                    int window = 4 * threads;
                    int done = 0;
                    for (int i = 0; i < count; i++) {
                        int index = i;
                        pending.add(pool.submit(() -> writeItem(dir, index)));
                        if (pending.size() >= window) {
                            out.write(take(pending));
                            progress.accept(++done);
                        }
                    }
                    while (!pending.isEmpty()) {
                        out.write(take(pending));
                        progress.accept(++done);
                    }
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    /** Renders item {@code index}, writes its image, and returns its captions line. */
    private String writeItem(Path dir, int index) throws IOException {
        Item it = item(index);
        Render r = it.render();
        String file = file(index);
        Png.write(dir.resolve(file), r.image());
        String group = cast.stream().filter(c -> c.id().equals(r.subjectId())).findFirst().orElseThrow()
                .subject().group().jsonName();
        return Json.compact(new Line(file, it.caption(), r.subjectId(), group, r.actionId(), r.sceneId(),
                it.actionInCaption(), r.keypoints().toRoundedList())) + "\n";
    }

    private static String take(Deque<Future<String>> pending) throws IOException {
        try {
            return pending.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the corpus");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("cannot write a corpus image: " + e.getCause(), e.getCause());
        }
    }
}
