package org.actionbench.ui.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.actionbench.ui.UiConfig;

/**
 * What stands between a login flood and the raters (issue 19 §3). Failed logins are counted per account and per
 * client address; past a number of free attempts each further one must wait twice as long as the last (from
 * {@code base-delay}, at most {@link #MAX_DELAY}), refused meanwhile with 429 + Retry-After before any password is
 * hashed. Counts are forgotten {@link #FORGET_AFTER} after the last failure; a successful login clears its
 * account's. At most {@code concurrent-hashes} password hashes run at once, so a flood of logins cannot take the
 * CPU from the rating pages. And the login form's CSRF token must be one this server issued.
 */
@ApplicationScoped
public class LoginGuard {
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
    /** Bounds the memory an unauthenticated flood can take: beyond this, expired entries are purged first. */
    private static final int MAX_ENTRIES = 100_000;
    /** How long a login waits for a free hashing slot before it is told to come back. */
    private static final Duration HASH_WAIT = Duration.ofMillis(500);

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> loginTokens = new ConcurrentHashMap<>();
    private final Semaphore hashing;
    private final int freeAttemptsPerAccount;
    private final int freeAttemptsPerAddress;
    private final Duration baseDelay;

    public LoginGuard(UiConfig config) {
        UiConfig.Login login = config.login();
        this.hashing = new Semaphore(login.concurrentHashes()
                .orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        this.freeAttemptsPerAccount = login.freeAttemptsPerAccount();
        this.freeAttemptsPerAddress = login.freeAttemptsPerAddress();
        this.baseDelay = login.baseDelay();
    }

    /** A login refused for now; {@code retryAfter} in whole seconds, at least 1. */
    public record Refusal(long retryAfter) {
    }

    /** Whether a login for {@code username} from {@code address} must wait, and how long. */
    public Optional<Refusal> check(String username, String address) {
        Instant now = Instant.now();
        Duration wait = max(waitFor(accountKey(username), freeAttemptsPerAccount, now),
                waitFor(addressKey(address), freeAttemptsPerAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(new Refusal(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }

    public void failed(String username, String address) {
        Instant now = Instant.now();
        purgeIfFull(now);
        for (String key : new String[] {accountKey(username), addressKey(address)}) {
            failures.merge(key, new Failures(1, now), (old, one) -> new Failures(
                    forgotten(old, now) ? 1 : old.count() + 1, now));
        }
    }

    public void succeeded(String username) {
        failures.remove(accountKey(username));
    }

    /**
     * Runs a password hash when a slot is free within {@link #HASH_WAIT}; empty when all are taken (the caller
     * answers 503 with Retry-After).
     */
    public <T> Optional<T> hashing(Supplier<T> hash) {
        try {
            if (!hashing.tryAcquire(HASH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(hash.get());
        } finally {
            hashing.release();
        }
    }

    /** A new login-form token, remembered by the server for {@link #TOKEN_LIFETIME}. */
    public String issueLoginToken() {
        Instant now = Instant.now();
        purgeIfFull(now);
        String token = Tokens.random(32);
        loginTokens.put(token, now.plus(TOKEN_LIFETIME));
        return token;
    }

    /** Whether this server issued {@code token} and it has not expired or been used for a login. */
    public boolean issued(String token) {
        Instant expiry = token == null ? null : loginTokens.get(token);
        return expiry != null && expiry.isAfter(Instant.now());
    }

    public void used(String token) {
        loginTokens.remove(token);
    }

    /** Forgets every count and token (tests start from a clean state). */
    public void reset() {
        failures.clear();
        loginTokens.clear();
    }

    private Duration waitFor(String key, int free, Instant now) {
        Failures f = failures.get(key);
        if (f == null || forgotten(f, now) || f.count() < free) {
            return Duration.ZERO;
        }
        int over = Math.min(f.count() - free, 20);
        Duration delay = baseDelay.multipliedBy(1L << over);
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        Duration left = Duration.between(now, f.last().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static boolean forgotten(Failures f, Instant now) {
        return f.last().plus(FORGET_AFTER).isBefore(now);
    }

    private void purgeIfFull(Instant now) {
        if (failures.size() > MAX_ENTRIES) {
            failures.values().removeIf(f -> forgotten(f, now));
            if (failures.size() > MAX_ENTRIES) {
                failures.clear(); // a flood from more addresses than this: lose the counts rather than the memory
            }
        }
        if (loginTokens.size() > MAX_ENTRIES) {
            loginTokens.values().removeIf(expiry -> expiry.isBefore(now));
            if (loginTokens.size() > MAX_ENTRIES) {
                loginTokens.clear(); // open login forms must be reloaded
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String accountKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }
}
