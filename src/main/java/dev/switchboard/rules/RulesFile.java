package dev.switchboard.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.desk.api.ApiException;

/**
 * Rules declared in a file ({@code switchboard.rules.file}, YAML or JSON, {@code rules: [...]} in the
 * API's shape with a {@code key} each), for set-ups that must be reproducible. Loaded at every start,
 * in one transaction: a rule whose key exists is updated, a new key is created; loading twice changes
 * nothing. A file with an invalid rule changes no rule and stops the start, naming the rule and the
 * problem.
 */
@Component
@Order(10)
public class RulesFile implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RulesFile.class);

    record Document(List<RuleFields> rules) {
    }

    private final RuleService rules;
    private final TransactionTemplate transaction;
    private final String file;

    public RulesFile(RuleService rules, PlatformTransactionManager transactions,
            @Value("${switchboard.rules.file:}") String file) {
        this.rules = rules;
        this.transaction = new TransactionTemplate(transactions);
        this.file = file;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (file == null || file.isBlank()) {
            return;
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Document document = yaml.readValue(Files.readString(Path.of(file)), Document.class);
        List<RuleFields> declared = document.rules() == null ? List.of() : document.rules();
        // all or nothing: a file with one invalid rule changes no rule
        transaction.executeWithoutResult(status -> {
            for (RuleFields fields : declared) {
                try {
                    rules.upsert(fields);
                } catch (ApiException e) {
                    throw new IllegalStateException("rule '" + fields.key() + "' in " + file + ": " + e.getMessage(), e);
                }
            }
        });
        log.info("SB-4003 {} rules loaded from {}", declared.size(), file);
    }
}
