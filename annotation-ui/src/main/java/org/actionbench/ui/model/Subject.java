package org.actionbench.ui.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An evaluation subject of a run's bench ("An old man", "A panda"). */
@Entity
@Table(name = "subject")
public class Subject extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "run_id")
    public Run run;
    @Column(name = "subject_key")
    public String subjectKey;
    @Column(name = "subject_text")
    public String text;
    /** human | celebrity | animal, as in bench.json. */
    @Column(name = "subject_group")
    public String group;
}
