package dev.switchboard.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A database setup of a whole application: the embedded defaults, or PostgreSQL. */
public enum Setup {
    H2, POSTGRES;

    /** Properties of one installation (data directory and database), reusable across restarts. */
    public Map<String, String> newInstallation() {
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        if (this == POSTGRES) {
            properties.put("spring.datasource.url", Postgres.newDatabase());
            properties.put("spring.datasource.username", Postgres.user());
            properties.put("spring.datasource.password", "");
        }
        return properties;
    }

    public String[] profiles() {
        return this == POSTGRES ? new String[] {"postgres"} : new String[0];
    }

    public TestApp start(Map<String, String> installation) {
        return TestApp.start(installation, profiles());
    }

    public static Path dataDirOf(Map<String, String> installation) {
        return Path.of(installation.get("switchboard.data-dir"));
    }
}
