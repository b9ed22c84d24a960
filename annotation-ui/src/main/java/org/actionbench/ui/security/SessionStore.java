package org.actionbench.ui.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.actionbench.ui.UiConfig;
import org.actionbench.ui.model.Role;

/**
 * Logged-in sessions, in memory: a lookup never touches the database, so the access filter can run on any
 * thread. A restart logs everyone out; their assignments and judgements are in the database, so they resume
 * where they were after logging in again.
 */
@ApplicationScoped
public class SessionStore {
    public static final String COOKIE = "ab_session";
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration timeout;

    public SessionStore(UiConfig config) {
        this.timeout = config.sessionTimeout();
    }

    public Session open(long raterId, String username, Role role) {
        Instant now = Instant.now();
        sessions.values().removeIf(s -> expired(s, now));
        Session s = new Session(Tokens.random(32), raterId, username, role, Tokens.random(32), now);
        sessions.put(s.token(), s);
        return s;
    }

    public Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        Instant now = Instant.now();
        if (s == null || expired(s, now)) {
            if (s != null) {
                sessions.remove(token);
            }
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    public void close(String token) {
        sessions.remove(token);
    }

    /** Logs an account out everywhere (when an admin deactivates it). */
    public void closeAll(long raterId) {
        sessions.values().removeIf(s -> s.raterId() == raterId);
    }

    /** Whether {@code submitted} is the session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(Session session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(Session s, Instant now) {
        return s.lastSeen().plus(timeout).isBefore(now);
    }
}
