package dev.switchboard.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/** The shipped defaults of switchboard.files.*, and that each can be set. */
class FileSettingsTest {

    @Test
    void theShippedConfigurationHasTheIssuesDefaults() throws IOException {
        PropertySource<?> yaml = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yaml")).get(0);
        FileProperties files = new Binder(ConfigurationPropertySources.from(yaml))
                .bindOrCreate("switchboard.files", FileProperties.class);

        assertDefaults(files);
        assertThat(yaml.getProperty("spring.servlet.multipart.max-file-size"))
                .as("the container checks the same limit while the upload streams in")
                .isEqualTo("${switchboard.files.max-file-size}");
        assertThat(yaml.getProperty("spring.servlet.multipart.max-request-size"))
                .isEqualTo("${switchboard.files.max-message-size}");
    }

    @Test
    void withoutAnyConfigurationTheSameDefaultsApply() {
        assertDefaults(new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("switchboard.files", FileProperties.class));
    }

    @Test
    void everyLimitCanBeSet() {
        FileProperties files = new Binder(new MapConfigurationPropertySource(Map.of(
                "switchboard.files.max-file-size", "1MB", "switchboard.files.max-message-size", "2MB",
                "switchboard.files.max-files-per-message", "3", "switchboard.files.link-ttl", "1h",
                "switchboard.files.fetch-timeout", "5s", "switchboard.files.fetch-private-networks", "true")))
                .bindOrCreate("switchboard.files", FileProperties.class);

        assertThat(files).isEqualTo(new FileProperties(DataSize.ofMegabytes(1), DataSize.ofMegabytes(2), 3,
                Duration.ofHours(1), Duration.ofSeconds(5), true));
    }

    private static void assertDefaults(FileProperties files) {
        assertThat(files.maxFileSize()).isEqualTo(DataSize.ofMegabytes(25));
        assertThat(files.maxMessageSize()).isEqualTo(DataSize.ofMegabytes(50));
        assertThat(files.maxFilesPerMessage()).isEqualTo(20);
        assertThat(files.linkTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(files.fetchTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(files.fetchPrivateNetworks()).as("private networks are refused by default").isFalse();
    }
}
