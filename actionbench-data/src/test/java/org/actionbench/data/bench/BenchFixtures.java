package org.actionbench.data.bench;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Small valid benches and import folders written for tests, and a snapshot to prove a folder untouched. */
final class BenchFixtures {
    private BenchFixtures() {
    }

    static void png(Path file, int width, int height, int seed) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, new Color((x * 31 + seed * 7) & 255, (y * 17 + seed) & 255, (seed * 53) & 255).getRGB());
            }
        }
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** A bench of {@code actions} actions with {@code perAction} exemplars each and three subjects, one per group. */
    static Bench bench(int actions, int perAction) {
        List<Action> as = new ArrayList<>();
        for (int a = 0; a < actions; a++) {
            List<Exemplar> ex = new ArrayList<>();
            for (int k = 0; k < perAction; k++) {
                ex.add(new Exemplar("act" + a + "/" + k + ".png", "A man {} in scene " + k));
            }
            as.add(new Action("act" + a, "action " + a, "doing action " + a, ex));
        }
        List<Subject> subjects = List.of(
                new Subject("old-man", "An old man", SubjectGroup.HUMAN),
                new Subject("beckham", "David Beckham", SubjectGroup.CELEBRITY),
                new Subject("panda", "A panda", SubjectGroup.ANIMAL));
        return new Bench(as, subjects, new Evaluation(4, perAction));
    }

    /** Writes {@code bench} into {@code dir} with an 8x8 PNG for every exemplar. */
    static Path write(Path dir, Bench bench) throws IOException {
        int seed = 0;
        for (Action a : bench.actions()) {
            for (Exemplar e : a.exemplars()) {
                png(dir.resolve(e.file()), 8, 8, seed++);
            }
        }
        BenchJson.write(dir, bench);
        return dir;
    }

    /** Every file under {@code dir} (relative path) with the SHA-256 of its bytes; directories as "dir". */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String rel = dir.relativize(p).toString();
                out.put(rel, Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
