package org.actionbench.data.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A benchmark: the actions to learn (each with its exemplars), the subjects to draw doing them, and the
 * evaluation settings. Its on-disk form is a directory with {@code bench.json} ({@link BenchJson}) and the
 * exemplar images; {@link BenchValidator} checks one.
 */
public record Bench(List<Action> actions, List<Subject> subjects, Evaluation evaluation) {
    public Bench {
        actions = List.copyOf(actions);
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(evaluation, "evaluation");
    }

    public Bench(List<Action> actions, List<Subject> subjects) {
        this(actions, subjects, Evaluation.DEFAULT);
    }

    public Optional<Action> action(String id) {
        return actions.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public Optional<Subject> subject(String id) {
        return subjects.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Whether every exemplar has its action-different renders in the bench directory {@code dir} (the folder
     * {@link Exemplar#actionDifferentFolder}; {@link BenchValidator} checks what is in it).
     */
    public boolean everyExemplarHasActionDifferentImages(Path dir) {
        return actions.stream().flatMap(a -> a.exemplars().stream())
                .allMatch(e -> Files.isDirectory(dir.resolve(Exemplar.actionDifferentFolder(e.file()))));
    }

    /** The subjects of one group, in bench order. */
    public List<Subject> subjects(SubjectGroup group) {
        return subjects.stream().filter(s -> s.group() == group).toList();
    }
}
