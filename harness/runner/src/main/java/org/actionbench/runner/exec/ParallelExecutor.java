package org.actionbench.runner.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.actionbench.data.run.CellState;
import org.actionbench.runner.plan.MethodCatalog;
import org.actionbench.runner.plan.PlannedCell;
import org.actionbench.runner.plan.RunPlan;
import org.actionbench.runner.progress.ProgressSink;

/**
 * Runs a plan's cells one per slot at a time, each in a child JVM ({@code actionbench cell RUN --index I
 * --with-parent}, what a Slurm array task runs): DJL allows one gradient collector per JVM, so cells cannot
 * train side by side in one process. Longest cells start first (by {@code order}), so the last
 * cells to finish are short ones. The parent follows the children through the files they write anyway
 * (state.json's step, the cell's samples.jsonl) and reports them to its {@link ProgressSink} (events of
 * different cells interleave: {@code ParallelProgress} shows them); after every child it brings run.json
 * and the run's samples.jsonl up to date, as the serial executor does after every cell.
 *
 * <p>Kill-safety is the cells' own (CellRunner, CellLock): a child ends with its parent (it watches its
 * standard input, which closes when the parent dies, even by {@code kill -9}), and a killed child is a cell
 * interrupted like any other, so {@code resume} continues. A failed cell stops new cells from starting; the
 * running ones finish, then the failure is reported.
 */
public final class ParallelExecutor implements RunExecutor {
    /** How often the children's files are read for progress. */
    private static final long POLL_MILLIS = 500;
    /** A cell whose lock is still held (a child of a killed parent, a moment from ending) is waited for this long. */
    private static final long LOCK_WAIT_MILLIS = 15_000;
    /** Lines of a child's output kept to show when it fails. */
    private static final int OUTPUT_LINES = 40;

    private final MethodCatalog catalog;
    private final ProgressSink sink;
    private final List<String> cliCommand;
    private final Map<String, String> environment;
    private final List<List<String>> slots;
    private final Comparator<PlannedCell> order;

    /**
     * @param cliCommand      the command line that starts the runner's CLI in a child JVM (this JVM's java, class
     *                        path and engine settings, each child's intra-op threads), the cell's arguments follow
     * @param environment     set in each child's environment (the native library's variables), on top of this
     *                        process's own
     * @param slots           one entry per cell at once: the arguments added to the command of a child running in
     *                        that slot (e.g. {@code --device cuda:1}, so that each GPU runs one cell at a time)
     * @param order the order cells start in ({@link PlannedCell#LONGEST_FIRST})
     */
    public ParallelExecutor(MethodCatalog catalog, ProgressSink sink, List<String> cliCommand,
            Map<String, String> environment, List<List<String>> slots,
            Comparator<PlannedCell> order) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("at least one slot is needed");
        }
        this.catalog = catalog;
        this.sink = sink;
        this.cliCommand = List.copyOf(cliCommand);
        this.environment = Map.copyOf(environment);
        this.slots = slots.stream().map(List::copyOf).toList();
        this.order = order;
    }

    /** {@code parallel} slots whose children all get the same {@code arguments} (cells on the run's own device). */
    public static List<List<String>> sameSlots(int parallel, List<String> arguments) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, is " + parallel);
        }
        return Collections.nCopies(parallel, List.copyOf(arguments));
    }

    @Override
    public MethodCatalog catalog() {
        return catalog;
    }

    /** A running child and what the parent last saw of its cell. */
    private static final class Child {
        final PlannedCell cell;
        final int slot;
        final Process process;
        final Deque<String> output = new ArrayDeque<>();
        long step = -1;
        int images;
        boolean started;
        /** The last state.json message shown for the work before training; null until one is. */
        String note;

        Child(PlannedCell cell, int slot, Process process, int images) {
            this.cell = cell;
            this.slot = slot;
            this.process = process;
            this.images = images;
        }
    }

    @Override
    public void execute(RunPlan plan, RunDirectory dir) throws IOException {
        List<PlannedCell> pending = new ArrayList<>();
        Map<Integer, Integer> recorded = new LinkedHashMap<>();
        int imagesDone = 0;
        for (CellStatus s : CellStatus.of(plan, dir.layout())) {
            if (!s.state().isDone()) {
                pending.add(s.cell());
                recorded.put(s.cell().index(), s.images());
            }
            imagesDone += s.images();
        }
        pending.sort(order);
        sink.runStarted(plan, pending, imagesDone);
        Deque<PlannedCell> queue = new ArrayDeque<>(pending);
        List<Child> running = new ArrayList<>();
        // Lowest free slot first, so a run with fewer cells than slots uses the first devices.
        TreeSet<Integer> free = new TreeSet<>();
        for (int i = 0; i < slots.size(); i++) {
            free.add(i);
        }
        List<String> failures = new ArrayList<>();
        try {
            while (!running.isEmpty() || (!queue.isEmpty() && failures.isEmpty())) {
                while (!free.isEmpty() && !queue.isEmpty() && failures.isEmpty()) {
                    PlannedCell cell = queue.poll();
                    running.add(start(dir, cell, free.pollFirst(), recorded.get(cell.index())));
                }
                sleep();
                for (Child c : List.copyOf(running)) {
                    follow(plan, dir, c);
                    if (!c.process.isAlive()) {
                        follow(plan, dir, c);
                        running.remove(c);
                        free.add(c.slot);
                        dir.refresh(plan, true);
                        CellState state = CellState.readOrPending(dir.layout().cellState(c.cell.cell()),
                                Instant.now());
                        if (c.process.exitValue() != 0 || !state.isDone()) {
                            if (state.isDone() || state.status() == CellState.Status.RUNNING
                                    || state.status() == CellState.Status.PENDING) {
                                state = state.failed("its process exited with " + c.process.exitValue(),
                                        Instant.now());
                            }
                            failures.add(failure(dir, c, state));
                        }
                        sink.cellFinished(c.cell, state);
                    }
                }
            }
        } finally {
            for (Child c : running) {
                c.process.destroyForcibly();
            }
        }
        dir.refresh(plan, true);
        if (!failures.isEmpty()) {
            throw new RunFailedException(String.join("\n", failures), null);
        }
    }

    private Child start(RunDirectory dir, PlannedCell cell, int slot, int images) throws IOException {
        waitForLock(dir.layout().cell(cell.cell()));
        List<String> cmd = new ArrayList<>(cliCommand);
        cmd.addAll(List.of("cell", dir.root().toString(), "--index", Integer.toString(cell.index()),
                "--with-parent"));
        cmd.addAll(slots.get(slot));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Child child = new Child(cell, slot, pb.start(), images);
        Thread pump = new Thread(() -> keepLastLines(child), "cell " + cell.index() + " output");
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    /** Waits while another process holds the cell's lock (a child of a killed parent still ending). */
    private static void waitForLock(Path cellDir) throws IOException {
        if (!Files.isDirectory(cellDir)) {
            return;
        }
        long end = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            try (CellLock free = CellLock.tryAcquire(cellDir)) {
                if (free != null || System.currentTimeMillis() > end) {
                    return; // if still held, the child reports "being run by another process"
                }
            }
            sleep();
        }
    }

    private static void keepLastLines(Child child) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (isLibtorchNoise(line)) {
                    continue;
                }
                synchronized (child.output) {
                    child.output.addLast(line);
                    if (child.output.size() > OUTPUT_LINES) {
                        child.output.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone; what was read is kept
        }
    }

    /**
     * libtorch's warning that NNPACK cannot run on this CPU, which it logs on every convolution it computes
     * with its slow kernel (thousands of lines a cell): kept, it would crowd a failure's own lines out of the
     * {@value #OUTPUT_LINES} shown.
     */
    static boolean isLibtorchNoise(String line) {
        return line.contains("NNPACK.cpp") && line.contains("Could not initialize NNPACK");
    }

    /** Reports what the child's cell did since the last look: training steps, images recorded. */
    private void follow(RunPlan plan, RunDirectory dir, Child c) {
        try {
            CellState state = CellState.readOrPending(dir.layout().cellState(c.cell.cell()), Instant.now());
            if (!c.started && state.status() != CellState.Status.PENDING) {
                c.started = true;
                sink.cellStarted(c.cell);
            }
            if (!c.started) {
                return;
            }
            if (state.status() == CellState.Status.RUNNING && state.message() != null
                    && !state.message().equals(c.note)) {
                c.note = state.message(); // the work before training (CellState.preparing)
                sink.preparing(c.cell, c.note);
            }
            if (state.steps() > 0 && state.step() != c.step && c.images == 0) {
                c.step = state.step();
                sink.trainingStep(c.cell, state.step(), state.steps(), Map.of());
            }
            int images = CellStatus.recordedImages(c.cell, dir.layout());
            if (images > c.images) {
                sink.imagesWritten(c.cell, images - c.images, images, c.cell.images().size());
                c.images = images;
            }
        } catch (IOException | RuntimeException e) {
            // a file caught mid-replace reads next time; progress is informative only
        }
    }

    private static String failure(RunDirectory dir, Child c, CellState state) {
        StringBuilder s = new StringBuilder("cell " + c.cell.label() + " failed: "
                + (state.message() == null ? "exit " + c.process.exitValue() : state.message()) + " (details in "
                + dir.layout().trainLog(c.cell.cell()) + "; actionbench resume " + dir.root() + " retries it)");
        synchronized (c.output) {
            if (!c.output.isEmpty()) {
                s.append("\nlast output of its process:");
                c.output.forEach(l -> s.append("\n  ").append(l));
            }
        }
        return s.toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cells were running", e);
        }
    }
}
