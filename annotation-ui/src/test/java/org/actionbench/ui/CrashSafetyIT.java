package org.actionbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.actionbench.mini.world.Cast;
import org.actionbench.mini.world.PoseFamily;
import org.actionbench.data.run.Judgement;
import org.actionbench.data.run.JudgementCsv;
import org.actionbench.data.run.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §1: an acknowledged judgement survives {@code kill -9} of the server at any moment. Starts the
 * PACKAGED server ({@code target/quarkus-app}, built by this module's {@code package} phase; this test runs in
 * {@code integration-test}) as a separate process, lets concurrent raters judge over HTTP on loopback, SIGKILLs
 * the server mid-load, restarts it on the same data (twice), and then compares every judgement the server
 * acknowledged (303 to the next image) with the database and the CSV export: none missing or changed, none
 * twice, no image over k. After each restart every rater is served a rating page within a second (a slot lock
 * left by the crash must not hold anyone up). Runs on H2 file mode (the default) and, when
 * {@code ACTIONBENCH_TEST_PG_URL} is set (required with {@code CI=true}), on PostgreSQL with the PostgreSQL
 * build in {@code target/postgresql/} (the {@code postgresql-tests} profile builds it).
 */
class CrashSafetyIT {
    private static final int PORT = 8081;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final int RATERS = 24;
    private static final int K = 3;
    /** Acknowledged judgements after which each of the two crash rounds kills the server. */
    private static final int[] KILL_AFTER = {150, 350};
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(1);
    /** Set by the pom's packaged-server execution. */
    private static final String PACKAGED_PHASE = "actionbench.test.packaged-server";
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern IMAGE = Pattern.compile("name=\"image\" value=\"([^\"]*)\"");

    /** One acknowledged judgement: who, which public image id, what. */
    record Ack(String rater, String image, String action, String subject) {
    }

    /** Where the server keeps its data, and how the test reads it afterwards. */
    private record Database(String name, Path jar, List<String> serverFlags, String jdbcUrl, String user,
            String password) {
    }

    @Test
    void h2FileModeKeepsEveryAcknowledgedJudgement() throws Exception {
        Path dataDir = Path.of("target", "crash-h2").toAbsolutePath();
        deleteTree(dataDir);
        crashAndCompare(new Database("h2", Path.of("target", "quarkus-app", "quarkus-run.jar"),
                List.of("-Dactionbench.ui.data-dir=" + dataDir), "jdbc:h2:file:" + dataDir + "/db/actionbench",
                "actionbench", "actionbench"));
    }

    @Test
    void postgresqlKeepsEveryAcknowledgedJudgement() throws Exception {
        String url = System.getenv("ACTIONBENCH_TEST_PG_URL");
        if ("true".equals(System.getenv("CI"))) {
            assertNotNull(url, "CI=true but ACTIONBENCH_TEST_PG_URL is not set: the crash test must also run on"
                    + " PostgreSQL (.ci/run starts one)");
        }
        assumeTrue(url != null, "ACTIONBENCH_TEST_PG_URL is not set; the PostgreSQL crash test is skipped");
        String user = System.getenv("ACTIONBENCH_TEST_PG_USER");
        String password = System.getenv("ACTIONBENCH_TEST_PG_PASSWORD");
        crashAndCompare(new Database("postgresql", Path.of("target", "postgresql", "quarkus-run.jar"),
                List.of("-Dquarkus.datasource.jdbc.url=" + url, "-Dquarkus.datasource.username=" + user,
                        "-Dquarkus.datasource.password=" + password),
                url, user, password));
    }

    private void crashAndCompare(Database db) throws Exception {
        assumeTrue(Boolean.getBoolean(PACKAGED_PHASE), "runs in the integration-test phase only (after package;"
                + " the @QuarkusTest application of the unit-test phase holds port " + PORT + ")");
        assertTrue(Files.isRegularFile(db.jar()), db.jar() + " is missing: run this test through Maven's"
                + " integration-test phase, which packages the server first");
        Path run = RunFixture.write(RunFixture.newRunDir(), RunFixture.METHODS, List.of(PoseFamily.values()),
                Cast.EVALUATION.subList(0, 6), 2); // 3 x 8 x 6 x 2 = 288 images, 864 slots at k = 3
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        List<String> raters = new ArrayList<>();
        for (int i = 0; i < RATERS; i++) {
            raters.add("crash" + i);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int start = 0;
        // Round 0 imports and creates the raters; rounds 0 and 1 end with SIGKILL under load; round 2 checks.
        for (int round = 0; round < 3; round++) {
            List<String> flags = new ArrayList<>(db.serverFlags());
            if (round == 0) {
                flags.add("-Dactionbench.ui.import-on-start=" + run);
                if (db.name().equals("postgresql")) {
                    flags.add("-Dquarkus.flyway.clean-disabled=false");
                    flags.add("-Dquarkus.flyway.clean-at-start=true");
                }
            }
            Process server = start(db, flags, round);
            try {
                WebUser admin = WebUser.login(http, "admin", ADMIN_PASSWORD);
                if (round == 0) {
                    admin.post("/admin/settings", Map.of("ratersPerImage", Integer.toString(K)), 200);
                    for (String r : raters) {
                        admin.post("/admin/raters", Map.of("username", r, "password", "pw-" + r, "role", "rater"),
                                200);
                    }
                }
                List<WebUser> users = new ArrayList<>();
                for (String r : raters) {
                    WebUser u = WebUser.login(http, r, "pw-" + r);
                    long t0 = System.nanoTime();
                    HttpResponse<String> page = u.get("/rate");
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    assertEquals(200, page.statusCode(), () -> r + " after restart " + page.statusCode() + ": "
                            + page.body());
                    if (round > 0) {
                        assertTrue(took.compareTo(SERVED_WITHIN) <= 0, r + "'s rating page took " + took.toMillis()
                                + " ms after the restart (stuck on a locked slot?)");
                    }
                    users.add(u);
                }
                if (round < 2) {
                    int target = KILL_AFTER[round];
                    judgeUntil(users, acked, target);
                    server.destroyForcibly(); // SIGKILL, with requests in flight
                    assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the killed server did not exit");
                    System.out.printf("CrashSafetyIT (%s): killed in round %d with %d acknowledged judgements%n",
                            db.name(), round, acked.size());
                    continue;
                }
                HttpResponse<String> csv = admin.get("/admin/export/judgements.csv");
                assertEquals(200, csv.statusCode());
                List<Judgement> exported = JudgementCsv.read(new StringReader(csv.body()), Path.of("judgements.csv"));
                server.destroyForcibly(); // H2 lets one process open its file
                server.waitFor(30, TimeUnit.SECONDS);
                compare(db, acked, exported);
            } finally {
                if (server.isAlive()) {
                    server.destroyForcibly();
                    server.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Every rater judges as fast as it can until {@code target} judgements are acknowledged in all. */
    private static void judgeUntil(List<WebUser> users, Map<String, Ack> acked, int target) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        for (WebUser u : users) {
            pool.submit(() -> {
                try {
                    judgeLoop(u, acked, stop);
                } catch (Throwable e) {
                    if (!stop.get()) {
                        errors.add(e); // before the kill every request must succeed
                    }
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.size() < target && System.nanoTime() < deadline && errors.isEmpty()) {
            Thread.sleep(5);
        }
        stop.set(true);
        pool.shutdown(); // the threads stop on their own; requests in flight see the server die
        errors.forEach(Throwable::printStackTrace);
        assertEquals(List.of(), errors.stream().map(Throwable::toString).toList(), "requests failed under load");
        assertTrue(acked.size() >= target, "only " + acked.size() + " judgements acknowledged in 60 s");
    }

    private static void judgeLoop(WebUser u, Map<String, Ack> acked, AtomicBoolean stop) throws Exception {
        while (!stop.get()) {
            HttpResponse<String> page = u.get("/rate");
            Matcher image = IMAGE.matcher(page.body());
            assertEquals(200, page.statusCode(), () -> u.name + " GET /rate: " + page.body());
            if (!image.find()) {
                return; // nothing left for this rater
            }
            String id = image.group(1);
            u.getBytes("/img/" + id);
            String action = verdict(u.name, id, 0);
            String subject = verdict(u.name, id, 1);
            HttpResponse<String> r = u.post("/rate", Map.of("image", id, "action", action, "subject", subject,
                    "ms", "700"), 303);
            String location = r.headers().firstValue("Location").orElse("");
            if (location.endsWith("/rate")) { // "saved"; "?notice=already" would mean judged before
                acked.put(u.name + "/" + id, new Ack(u.name, id, action, subject));
            }
        }
    }

    /** A rater's answer, fixed per (rater, image) so the stored verdicts can be checked. */
    static String verdict(String rater, String image, int question) {
        String[] answers = {"yes", "no", "unsure"};
        return answers[Math.floorMod((rater + "/" + image + "/" + question).hashCode(), 3)];
    }

    private static void compare(Database db, Map<String, Ack> acked, List<Judgement> exported) throws Exception {
        Map<String, String> fileOfImage = new HashMap<>();
        Map<String, String[]> stored = new LinkedHashMap<>();
        Map<String, Integer> perImage = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select i.public_id, i.file from image i")) {
                while (rs.next()) {
                    fileOfImage.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("select r.username, i.public_id, a.action_verdict, a.subject_verdict"
                    + " from assignment a join rater r on r.id = a.rater_id join image i on i.id = a.image_id"
                    + " where a.judged_at is not null")) {
                while (rs.next()) {
                    String key = rs.getString(1) + "/" + rs.getString(2);
                    // Stored as Verdict names (YES, NO, UNSURE); compared as the CSV writes them.
                    String[] verdicts = {Verdict.valueOf(rs.getString(3)).csvName(),
                            Verdict.valueOf(rs.getString(4)).csvName()};
                    if (stored.put(key, verdicts) != null) {
                        fail("the database holds " + key + " twice");
                    }
                    perImage.merge(rs.getString(2), 1, Integer::sum);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Ack a : acked.values()) {
            String[] v = stored.get(a.rater() + "/" + a.image());
            if (v == null) {
                missing.add(a.rater() + "/" + a.image());
            } else if (!v[0].equals(a.action()) || !v[1].equals(a.subject())) {
                changed.add(a.rater() + "/" + a.image());
            }
        }
        System.out.printf("CrashSafetyIT (%s): %d acknowledged, %d stored, %d exported; %d missing, %d changed%n",
                db.name(), acked.size(), stored.size(), exported.size(), missing.size(), changed.size());
        assertEquals(List.of(), missing, "acknowledged judgements missing from the database after kill -9");
        assertEquals(List.of(), changed, "acknowledged judgements stored with other verdicts");
        assertEquals(Map.of(), perImage.entrySet().stream().filter(e -> e.getValue() > K)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "images with more than k judgements");

        Set<String> exportedKeys = new HashSet<>();
        Map<String, String> imageOfFile = new HashMap<>();
        fileOfImage.forEach((id, file) -> imageOfFile.put(file, id));
        for (Judgement j : exported) {
            String key = j.rater() + "/" + imageOfFile.get(j.image());
            assertTrue(exportedKeys.add(key), "the export holds " + key + " twice");
            String[] v = stored.get(key);
            assertNotNull(v, "the export holds " + key + ", the database does not");
            assertEquals(v[0], j.actionCorrect().csvName(), key);
            assertEquals(v[1], j.subjectCorrect().csvName(), key);
        }
        assertEquals(stored.keySet(), exportedKeys, "the export and the database hold different judgements");
    }

    private static Process start(Database db, List<String> flags, int round) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dquarkus.http.port=" + PORT, "-Dquarkus.http.host=127.0.0.1",
                "-Dactionbench.ui.admin.password=" + ADMIN_PASSWORD, "-Dactionbench.ui.password-iterations=1000"));
        command.addAll(flags);
        command.add("-jar");
        command.add(db.jar().toAbsolutePath().toString());
        Path log = Path.of("target", "crash-" + db.name() + "-" + round + ".log");
        try (java.net.Socket taken = new java.net.Socket("127.0.0.1", PORT)) {
            fail("port " + PORT + " is in use by another process; the test needs it for the server");
        } catch (IOException e) {
            // free
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("the server exited with " + p.exitValue() + " on start; see " + log + ":\n"
                        + Files.readString(log));
            }
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create(BASE + "/login")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start within 120 s; see " + log);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A logged-in browser, reduced to its session cookie and CSRF token. */
    private static final class WebUser {
        final String name;
        private final HttpClient http;
        private final String cookie;
        private String csrf;

        private WebUser(String name, HttpClient http, String cookie) {
            this.name = name;
            this.http = http;
            this.cookie = cookie;
        }

        static WebUser login(HttpClient http, String name, String password) throws Exception {
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(BASE + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String loginCookie = cookie(form, "ab_login_csrf");
            Matcher token = CSRF.matcher(form.body());
            assertTrue(token.find(), "no CSRF token on the login page");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(BASE + "/login"))
                    .header("Cookie", "ab_login_csrf=" + loginCookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", name, "password", password,
                            "csrf", token.group(1)))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, r.statusCode(), () -> "login of " + name + ": " + r.body());
            WebUser u = new WebUser(name, http, "ab_session=" + cookie(r, "ab_session"));
            HttpResponse<String> home = u.get(name.equals("admin") ? "/admin" : "/rate");
            Matcher m = CSRF.matcher(home.body());
            assertTrue(m.find(), "no CSRF token on " + name + "'s page");
            u.csrf = m.group(1);
            if (home.body().contains("id=\"start-rating\"")) { // a new rater's instructions page
                u.post("/rate/instructions", Map.of(), 303);
            }
            return u;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        byte[] getBytes(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        }

        HttpResponse<String> post(String path, Map<String, String> fields, int expected) throws Exception {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("csrf", csrf);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(BASE + path))
                    .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(all))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), () -> name + " POST " + path + ": " + r.body());
            return r;
        }

        private static String cookie(HttpResponse<?> r, String name) {
            for (String h : r.headers().allValues("Set-Cookie")) {
                if (h.startsWith(name + "=")) {
                    return h.substring(name.length() + 1, h.indexOf(';') < 0 ? h.length() : h.indexOf(';'));
                }
            }
            throw new AssertionError("no " + name + " cookie in " + r.headers());
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        }
    }
}
