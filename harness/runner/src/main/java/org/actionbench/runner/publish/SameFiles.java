package org.actionbench.runner.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Whether two directories hold the same regular files, by relative name and bytes. */
final class SameFiles {
    private SameFiles() {
    }

    /** Null when {@code a} and {@code b} hold the same files; else what differs first, in words. */
    static String difference(Path a, Path b) throws IOException {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return null;
        }
        if (!Files.isDirectory(b)) {
            return b + " is not a directory";
        }
        List<String> left = files(a);
        List<String> right = files(b);
        Set<String> leftSet = new HashSet<>(left);
        Set<String> rightSet = new HashSet<>(right);
        for (String f : left) {
            if (!rightSet.contains(f)) {
                return f + " is missing";
            }
        }
        for (String f : right) {
            if (!leftSet.contains(f)) {
                return f + " is not in the run's";
            }
        }
        for (String f : left) {
            if (Files.mismatch(a.resolve(f), b.resolve(f)) != -1) {
                return f + " differs";
            }
        }
        return null;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }
}
