package org.actionbench.ui.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.actionbench.data.run.Verdict;

/**
 * One of an image's k slots, held by one rater: written when the judgement is saved (the image shown before is
 * a claim in memory, {@code ImagePool}). Open while {@link #judgedAt} is null, which only an undo makes it; the
 * verdicts stay, so undo simply reopens the slot and nothing else moves.
 */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    public Image image;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "rater_id")
    public Rater rater;
    /** 0..k-1; unique per image, so a slot can be taken once. */
    public int slot;
    /** The rater's own running number: open assignments are shown lowest first, which makes undo a stack. */
    public long seq;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    /** Null while open. */
    @Column(name = "action_verdict")
    @Enumerated(EnumType.STRING)
    public Verdict actionVerdict;
    @Column(name = "subject_verdict")
    @Enumerated(EnumType.STRING)
    public Verdict subjectVerdict;
    @Column(name = "judged_at")
    public Instant judgedAt;
    /** Milliseconds the rater spent on the image, as the page measured it. */
    public Long ms;
}
