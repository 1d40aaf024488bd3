package dev.switchboard.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a newcomer's browser shows at {@code /}: where everything is. */
@RestController
public class IndexController {

    @GetMapping("/")
    public Map<String, String> index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("name", "Switchboard");
        links.put("api", "/api (HTTP Basic: staff email and API key)");
        links.put("api_docs", "/api/docs");
        links.put("openapi", "/api/openapi.json");
        links.put("console", "/actuator/hawtio (administrators)");
        links.put("health", "/actuator/health");
        return links;
    }
}
