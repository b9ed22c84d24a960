package org.actionbench.ui.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An imported run directory and the bench its exemplars are served from. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** Absolute, normalised path of the run directory; importing the same path again adds to this run. */
    public String path;
    @Column(name = "bench_path")
    public String benchPath;
    /** The run's identity for people and in exports: given at import, or the directory's name made unique. */
    public String label;
    @Column(name = "imported_at")
    public Instant importedAt;
    /** The spec's methods in its order, one per line; null when imported before this was kept. */
    @Column(name = "method_order")
    public String methodOrder;
}
