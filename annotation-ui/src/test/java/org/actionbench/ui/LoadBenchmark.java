package org.actionbench.ui;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.ui.model.Rater;
import org.actionbench.ui.model.Role;
import org.actionbench.ui.security.PasswordHasher;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 200 virtual raters on loopback, each in a loop of: fetch the rating page, fetch its image, look at it for
 * 2 s (a rater's pace, issue 19 §5), submit a judgement; about 300 requests/s in all. Warm-up, then a 60 s
 * window; prints requests/s and p50 / p99 latency per request kind, errors, and the server's CPU time per request
 * (the CPU time of the HTTP threads, so the client's own work is not counted). Prints figures, asserts nothing
 * (tagged "benchmark", so not part of the test run). On H2 it runs in file mode, the real default (the test
 * profile's in-memory H2 would flatter it): {@code ./mvnw -pl annotation-ui -am verify -Dtest=LoadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups=none}; with ACTIONBENCH_TEST_PG_*
 * set it runs a second time on PostgreSQL.
 */
@QuarkusTest
@TestProfile(LoadBenchmark.FileMode.class)
@Tag("benchmark")
class LoadBenchmark extends DatabaseReset {
    static final int RATERS = Integer.getInteger("bench.raters", 200);
    static final Duration THINK = Duration.ofMillis(Long.getLong("bench.think-ms", 2000));
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 15));
    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.seconds", 60));
    /** Raters per image: enough slots that 200 raters do not run out within the run. */
    static final int K = 10;

    /** H2 in file mode (WRITE_DELAY=0 as in production) unless the PostgreSQL pass is running. */
    public static class FileMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if ("postgresql".equals(System.getenv("ACTIONBENCH_UI_TEST_DB_KIND"))) {
                return Map.of();
            }
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:file:"
                    + java.nio.file.Path.of("target", "load-benchmark-h2").toAbsolutePath() + "/actionbench"
                    + ";AUTO_SERVER=FALSE;WRITE_DELAY=0");
        }
    }
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern IMAGE = Pattern.compile("name=\"image\" value=\"([^\"]*)\"");
    private static final String[] KINDS = {"GET /rate", "GET /img", "POST /rate"};

    @Inject
    PasswordHasher hasher;

    @Test
    void twoHundredRatersFetchAndSubmit() throws Exception {
        String base = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Client admin = Client.admin();
        // 3 methods x 8 actions x 23 subjects x 2 images = 1,104 images; k = 3 gives 3,312 slots.
        java.nio.file.Path run = RunFixture.write(RunFixture.newRunDir(), RunFixture.METHODS,
                List.of(PoseFamily.values()), Cast.EVALUATION, 2);
        importRun(admin, run);
        admin.post("/admin/settings", Map.of("ratersPerImage", Integer.toString(K)));
        String hash = hasher.hash("load-password");
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < RATERS; i++) {
                Rater r = new Rater();
                r.username = "load" + i;
                r.passwordHash = hash;
                r.role = Role.RATER;
                r.active = true;
                r.orderSeed = i * 7919L;
                r.createdAt = Instant.now();
                r.persist();
            }
        });
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < RATERS; i++) {
            clients.add(Client.login("load" + i, "load-password"));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long end = measureFrom + WINDOW.toNanos();
        long[][] latencies = new long[KINDS.length][4_000_000];
        AtomicLong[] counts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        AtomicLong errors = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(RATERS);
        CountDownLatch done = new CountDownLatch(RATERS);
        for (Client c : clients) {
            String cookie = "ab_session=" + sessionOf(c);
            pool.submit(() -> {
                try {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> page = timed(0, measureFrom, end, latencies, counts,
                                () -> http.send(get(base + "/rate", cookie), HttpResponse.BodyHandlers.ofString()));
                        Matcher img = IMAGE.matcher(page.body());
                        if (page.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (!img.find()) {
                            finished.incrementAndGet();
                            break; // nothing left for this rater
                        }
                        String image = img.group(1);
                        Matcher csrf = CSRF.matcher(page.body());
                        csrf.find();
                        HttpResponse<byte[]> png = timed(1, measureFrom, end, latencies, counts,
                                () -> http.send(get(base + "/img/" + image, cookie), HttpResponse.BodyHandlers.ofByteArray()));
                        Thread.sleep(THINK.toMillis());
                        String form = "csrf=" + csrf.group(1) + "&image=" + image + "&action=yes&subject="
                                + (image.hashCode() % 2 == 0 ? "yes" : "no") + "&ms=900";
                        HttpResponse<Void> post = timed(2, measureFrom, end, latencies, counts, () -> http.send(
                                HttpRequest.newBuilder(URI.create(base + "/rate")).header("Cookie", cookie)
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                                HttpResponse.BodyHandlers.discarding()));
                        if (png.statusCode() != 200 || post.statusCode() != 303) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
                return null;
            });
        }
        // CPU time of this JVM (server and client together) over the window: a figure that, unlike latency,
        // does not depend on how many other processes share the cores.
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long cpu0 = os.getProcessCpuTime();
        Map<Long, Long> server0 = serverThreadCpu();
        Map<Long, Long> loop0 = eventLoopCpu();
        EndpointCpu.start();
        double load0 = os.getSystemLoadAverage();
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        long cpu1 = os.getProcessCpuTime();
        Map<String, long[]> endpoints = EndpointCpu.stop();
        Map<Long, Long> server1 = serverThreadCpu();
        Map<Long, Long> loop1 = eventLoopCpu();
        long loopCpu = 0;
        for (var e : loop1.entrySet()) {
            loopCpu += e.getValue() - loop0.getOrDefault(e.getKey(), 0L);
        }
        double load1 = os.getSystemLoadAverage();
        long serverCpu = 0;
        for (var e : server1.entrySet()) {
            serverCpu += e.getValue() - server0.getOrDefault(e.getKey(), 0L);
        }
        done.await();
        pool.shutdown();
        String db = ConfigProvider.getConfig().getValue("quarkus.datasource.db-kind", String.class);
        long total = 0;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "LoadBenchmark (%s, %s, %d raters, %d ms per judgement, k = %d, %d s warm-up, %d s window, %d cores):%n",
                db, ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class).replaceAll(";.*", ""),
                RATERS, THINK.toMillis(), K, WARM_UP.toSeconds(), WINDOW.toSeconds(),
                Runtime.getRuntime().availableProcessors()));
        for (int k = 0; k < KINDS.length; k++) {
            int n = (int) Math.min(counts[k].get(), latencies[k].length);
            long[] l = Arrays.copyOf(latencies[k], n);
            Arrays.sort(l);
            total += n;
            out.append(String.format(Locale.ROOT, "  %-10s %8d requests %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms%n",
                    KINDS[k], n, n / (double) WINDOW.toSeconds(), pct(l, 0.50), pct(l, 0.99)));
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int k = 0; k < KINDS.length; k++) {
            int n = (int) Math.min(counts[k].get(), latencies[k].length);
            System.arraycopy(latencies[k], 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        out.append(String.format(Locale.ROOT, "  all        %8d requests %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms%n",
                total, total / (double) WINDOW.toSeconds(), pct(all, 0.50), pct(all, 0.99)));
        out.append(String.format(Locale.ROOT, "  judgements/s %.1f; errors %d; raters who ran out of images %d%n",
                counts[2].get() / (double) WINDOW.toSeconds(), errors.get(), finished.get()));
        out.append(String.format(Locale.ROOT, "  server CPU (HTTP threads) %.2f ms per request, %.2f ms per rating"
                + " page + image + submit%n", serverCpu / 1e6 / Math.max(1, total),
                serverCpu / 1e6 / Math.max(1, counts[0].get())));
        out.append(String.format(Locale.ROOT, "  JVM CPU (server + client) %.1f ms per request; %.0f%% of %d cores busy;"
                        + " machine load average %.1f -> %.1f%n", (cpu1 - cpu0) / 1e6 / Math.max(1, total),
                100.0 * (cpu1 - cpu0) / WINDOW.toNanos() / Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), load0, load1));
        // Each kind's own work, on the thread that ran it; the event loops' share (HTTP parsing and writing, the
        // same for every kind) is spread evenly over all requests.
        double loopPerRequest = loopCpu / 1e6 / Math.max(1, total);
        for (var e : endpoints.entrySet()) {
            long[] v = e.getValue();
            out.append(String.format(Locale.ROOT, "  server CPU of %-10s %.3f ms own work + %.3f ms event loop"
                            + " = %.3f ms per request (%d requests, %d switched threads)%n", e.getKey(),
                    v[1] / 1e6 / Math.max(1, v[0] - v[2]), loopPerRequest,
                    v[1] / 1e6 / Math.max(1, v[0] - v[2]) + loopPerRequest, v[0], v[2]));
        }
        System.out.print(out);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "load-benchmark-" + db + ".txt"), out);
    }

    /** CPU time so far of each thread that serves HTTP (Vert.x event loops, Quarkus workers), by thread id. */
    private static Map<Long, Long> serverThreadCpu() {
        return threadCpu(name -> name.startsWith("executor-thread") || name.startsWith("vert.x-eventloop")
                || name.startsWith("vert.x-worker"));
    }

    /** CPU time so far of each Vert.x event loop thread (HTTP parsing and writing), by thread id. */
    private static Map<Long, Long> eventLoopCpu() {
        return threadCpu(name -> name.startsWith("vert.x-eventloop"));
    }

    private static Map<Long, Long> threadCpu(java.util.function.Predicate<String> named) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new java.util.HashMap<>();
        for (var info : threads.dumpAllThreads(false, false)) {
            if (named.test(info.getThreadName())) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    out.put(info.getThreadId(), t);
                }
            }
        }
        return out;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /** Runs {@code call}, recording its latency when it started inside the measuring window. */
    private static <T> T timed(int kind, long from, long to, long[][] latencies, AtomicLong[] counts, Call<T> call)
            throws Exception {
        long t0 = System.nanoTime();
        T result = call.call();
        long t1 = System.nanoTime();
        if (t0 >= from && t0 < to) {
            long i = counts[kind].getAndIncrement();
            if (i < latencies[kind].length) {
                latencies[kind][(int) i] = t1 - t0;
            }
        }
        return result;
    }

    private static HttpRequest get(String url, String cookie) {
        return HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build();
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    private static String sessionOf(Client c) {
        return c.sessionToken();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
