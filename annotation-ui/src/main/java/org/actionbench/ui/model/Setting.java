package org.actionbench.ui.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A setting an admin changed on the dashboard; it overrides the configured default. */
@Entity
@Table(name = "setting")
public class Setting extends PanacheEntityBase {
    @Id
    public String name;
    @Column(name = "setting_value")
    public String value;
}
