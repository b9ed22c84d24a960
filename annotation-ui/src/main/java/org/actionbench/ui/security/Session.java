package org.actionbench.ui.security;

import java.time.Instant;
import org.actionbench.ui.model.Role;

/**
 * A logged-in account. {@code csrf} is the synchronizer token every form of this session must carry.
 */
public final class Session {
    private final String token;
    private final long raterId;
    private final String username;
    private final Role role;
    private final String csrf;
    private volatile Instant lastSeen;
    /** Whether this login went past the instructions page (shown before a new rater's first image). */
    private volatile boolean instructionsRead;

    Session(String token, long raterId, String username, Role role, String csrf, Instant now) {
        this.token = token;
        this.raterId = raterId;
        this.username = username;
        this.role = role;
        this.csrf = csrf;
        this.lastSeen = now;
    }

    public String token() {
        return token;
    }

    public long raterId() {
        return raterId;
    }

    public String username() {
        return username;
    }

    public Role role() {
        return role;
    }

    public String csrf() {
        return csrf;
    }

    public boolean instructionsRead() {
        return instructionsRead;
    }

    public void markInstructionsRead() {
        instructionsRead = true;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }
}
