package org.actionbench.ui.importer;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.actionbench.ui.UiConfig;
import org.jboss.logging.Logger;

/** Imports {@code actionbench.ui.import-on-start} at start-up, if set; problems are logged, the server starts. */
@ApplicationScoped
public class StartupImport {
    private static final Logger LOG = Logger.getLogger(StartupImport.class);
    private final UiConfig config;
    private final RunImporter importer;

    public StartupImport(UiConfig config, RunImporter importer) {
        this.config = config;
        this.importer = importer;
    }

    void onStart(@Observes StartupEvent event) {
        config.importOnStart().ifPresent(run -> {
            try {
                ImportReport report = importer.importRun(run, config.importBench(), config.importLabel());
                LOG.info(report.summary());
                report.problems().forEach(LOG::warn);
            } catch (ImportException e) {
                LOG.error("actionbench.ui.import-on-start: " + e.getMessage());
            }
        });
    }
}
