package org.actionbench.baselines;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * libtorch's own profiler (reached through DJL's {@link JniUtils#startProfile}) around a stretch of work, and
 * its chrome trace summed per operator: how many calls, their self time (an op's time minus the ops it
 * called), and the wall time the trace covers, so the gap between the two is what the calls from Java cost.
 * For finding where a training step's time goes; prints, asserts nothing.
 */
final class NativeOpProfile {
    private NativeOpProfile() {
    }

    static void start() {
        JniUtils.startProfile(false, false, false);
    }

    /** Stops the profiler, writes its trace to {@code trace} and prints the {@code top} ops by self time. */
    static void stopAndPrint(Path trace, String label, int steps, int top, PrintStream out) throws IOException {
        JniUtils.stopProfile(trace.toString());
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        record Event(String name, long ts, long dur, String thread) {}
        List<Event> list = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                list.add(new Event(e.path("name").asText(), (long) (e.path("ts").asDouble() * 1000),
                        (long) (e.path("dur").asDouble() * 1000), e.path("tid").asText()));
            }
        }
        list.sort(Comparator.comparingLong(Event::ts).thenComparing(Comparator.comparingLong(Event::dur).reversed()));
        Map<String, long[]> byName = new HashMap<>(); // calls, self ns
        Map<String, Deque<long[]>> stacks = new HashMap<>(); // per thread: end, index into selfs
        List<long[]> selfs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long topLevel = 0;
        for (Event e : list) {
            first = Math.min(first, e.ts());
            last = Math.max(last, e.ts() + e.dur());
            Deque<long[]> stack = stacks.computeIfAbsent(e.thread(), k -> new ArrayDeque<>());
            while (!stack.isEmpty() && stack.peek()[0] <= e.ts()) {
                stack.pop();
            }
            if (stack.isEmpty()) {
                topLevel += e.dur();
            } else {
                selfs.get((int) stack.peek()[1])[0] -= e.dur();
            }
            selfs.add(new long[] {e.dur()});
            names.add(e.name());
            stack.push(new long[] {e.ts() + e.dur(), selfs.size() - 1});
        }
        int calls = 0;
        for (int i = 0; i < names.size(); i++) {
            long[] agg = byName.computeIfAbsent(names.get(i), k -> new long[2]);
            agg[0]++;
            agg[1] += selfs.get(i)[0];
        }
        for (long[] s : selfs) {
            calls++;
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(byName.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        double wall = (last - first) / 1e6;
        out.printf(Locale.ROOT, "[op-profile] %s: %d steps, trace %.1f ms, top-level ops %.1f ms (%.0f%%), %d op calls"
                + " (%.0f per step)%n", label, steps, wall, topLevel / 1e6, 100.0 * topLevel / 1e6 / wall, calls,
                (double) calls / steps);
        for (int i = 0; i < Math.min(top, sorted.size()); i++) {
            Map.Entry<String, long[]> e = sorted.get(i);
            out.printf(Locale.ROOT, "[op-profile]   %-40s %8d calls %9.2f ms/step self %6.1f%%%n", e.getKey(),
                    e.getValue()[0] / steps, e.getValue()[1] / 1e6 / steps, 100.0 * e.getValue()[1] / 1e6 / wall);
        }
    }
}
