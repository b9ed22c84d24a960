package org.actionbench.engine.config;

import java.io.IOException;

/** A config file that cannot be used: unreadable JSON, a field of the wrong type, or an invalid value. */
public final class ConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
