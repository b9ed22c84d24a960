package org.actionbench.ui.model;

import java.util.Optional;

/** What an account may do: raters see only the rating pages, admins only the dashboard. */
public enum Role {
    RATER("rater"), ADMIN("admin");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Role> of(String id) {
        for (Role r : values()) {
            if (r.id.equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
