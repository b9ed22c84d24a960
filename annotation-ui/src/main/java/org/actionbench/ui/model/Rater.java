package org.actionbench.ui.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** An account: a rater judges images, an admin runs the dashboard. */
@Entity
@Table(name = "rater")
public class Rater extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    /** The user name lower-cased, unique: names are unique ignoring case, and log in in any case. */
    @Column(name = "username_key")
    public String usernameKey;
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "rater_role")
    @Enumerated(EnumType.STRING)
    public Role role;
    public boolean active;
    /** Seeds this rater's own image order, so every rater sees the images in a different random order. */
    @Column(name = "order_seed")
    public long orderSeed;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Rater> byUsername(String username) {
        return find("usernameKey", key(username)).firstResultOptional();
    }

    public static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    @PrePersist
    @PreUpdate
    void keyName() {
        usernameKey = key(username);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
