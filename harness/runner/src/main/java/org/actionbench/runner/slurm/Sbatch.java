package org.actionbench.runner.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slurm client commands the executor uses: {@code sbatch --parsable} to submit, {@code scontrol show job}
 * to ask for a job's state (the local test cluster has no accounting, so no sacct), {@code scontrol ping} to
 * see whether a cluster answers. Failures carry the command's own error output.
 */
public final class Sbatch {
    private static final Pattern STATE = Pattern.compile("\\bJobState=(\\S+)");
    private static final long TIMEOUT_SECONDS = 60;

    private Sbatch() {
    }

    /** Submits {@code script} with {@code args}; returns the job id. */
    public static String submit(Path script, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(args);
        cmd.add(script.toString());
        String out = run(cmd).trim();
        // --parsable prints "jobid" or "jobid;cluster".
        String id = out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
        if (!id.matches("\\d+")) {
            throw new IOException("sbatch did not print a job id: " + out);
        }
        return id;
    }

    /**
     * The states of a job's records ({@code scontrol show job} lists one per array task), empty when Slurm no
     * longer knows the job.
     */
    public static List<String> states(String jobId) throws IOException {
        List<String> states = new ArrayList<>();
        String out;
        try {
            out = run(List.of("scontrol", "-o", "show", "job", jobId));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Invalid job id")) {
                return states;
            }
            throw e;
        }
        for (String line : out.split("\n")) {
            Matcher m = STATE.matcher(line);
            if (m.find()) {
                states.add(m.group(1));
            }
        }
        return states;
    }

    /** Whether a state is final. */
    public static boolean isFinished(String state) {
        return switch (state) {
            case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING" -> false;
            default -> true;
        };
    }

    /** Whether sbatch is installed and a controller answers {@code scontrol ping}. */
    public static Optional<String> unavailable() {
        try {
            String out = run(List.of("scontrol", "ping"));
            return out.contains("is UP") ? Optional.empty() : Optional.of("scontrol ping: " + out.trim());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(cmd.get(0) + " cannot be started (is Slurm's client installed?): " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + text.trim());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " interrupted");
        }
    }
}
