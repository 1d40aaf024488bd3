package dev.switchboard.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides where Camel loads the YAML routes from. A routes directory (default {@code ./routes},
 * {@code SWITCHBOARD_ROUTES_DIR}) that exists replaces the stock routes carried in the jar and is
 * watched, so an edited file reloads live; otherwise the jar's copy runs, so {@code java -jar}
 * works from any directory. An explicit {@code camel.main.routes-include-pattern} wins over both.
 */
public class RoutesLocation implements EnvironmentPostProcessor, Ordered {

    static final String PATTERN = "*.camel.yaml";

    private final Log log;

    public RoutesLocation(DeferredLogFactory logs) {
        this.log = logs.getLog(RoutesLocation.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("camel.main.routes-include-pattern")) {
            return;
        }
        String dir = env.getProperty("switchboard.routes-dir", "");
        Map<String, Object> props = new HashMap<>();
        if (!dir.isBlank() && Files.isDirectory(Path.of(dir))) {
            String absolute = Path.of(dir).toAbsolutePath().normalize().toString();
            props.put("camel.main.routes-include-pattern", "file:" + absolute + "/" + PATTERN);
            props.put("camel.main.routes-reload-enabled", "true");
            props.put("camel.main.routes-reload-directory", absolute);
            props.put("camel.main.routes-reload-pattern", PATTERN);
            props.put("camel.main.routes-reload-remove-all-routes", "false");
            log.info("SB-0101 routes are loaded from " + absolute + " and reload when edited");
        } else {
            props.put("camel.main.routes-include-pattern", "classpath:routes/" + PATTERN);
            log.info("SB-0102 routes are the stock routes inside the jar (no directory '" + dir + "')");
        }
        env.getPropertySources().addLast(new MapPropertySource("switchboardRoutes", props));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
