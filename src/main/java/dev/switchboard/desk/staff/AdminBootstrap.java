package dev.switchboard.desk.staff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a fresh installation usable within a minute: on first start it creates an administrator
 * from {@code SWITCHBOARD_ADMIN_EMAIL} / {@code SWITCHBOARD_ADMIN_API_KEY}, or from local-only
 * defaults that are printed once with a warning. Later starts leave staff alone, but warn while
 * the default key still opens the administrator account.
 */
@Component
public class AdminBootstrap implements ApplicationRunner {

    static final String DEFAULT_EMAIL = "admin@switchboard.local";
    static final String DEFAULT_API_KEY = "switchboard-local-admin-key";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final StaffRepository staff;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final String email;
    private final String apiKey;

    public AdminBootstrap(StaffRepository staff, PasswordEncoder encoder, Clock clock,
            @Value("${switchboard.admin.email:}") String email,
            @Value("${switchboard.admin.api-key:}") String apiKey) {
        this.staff = staff;
        this.encoder = encoder;
        this.clock = clock;
        this.email = email.isBlank() ? DEFAULT_EMAIL : email.trim();
        this.apiKey = apiKey.isBlank() ? DEFAULT_API_KEY : apiKey;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        boolean defaults = apiKey.equals(DEFAULT_API_KEY);
        var existing = staff.credentials(email);
        if (existing.isPresent()) {
            if (defaults && encoder.matches(DEFAULT_API_KEY, existing.get().apiKeyHash())) {
                log.warn("SB-0002 administrator {} still uses the default API key; "
                        + "set SWITCHBOARD_ADMIN_API_KEY before exposing Switchboard", email);
            }
            return;
        }
        if (staff.count() > 0) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        staff.insert(email, "Administrator", null, encoder.encode(apiKey), true, false, Staff.OFFLINE, now);
        if (defaults) {
            // the default key is public (README), so it is printed: a newcomer can call the API at once
            log.warn("SB-0001 created administrator {} with the LOCAL-ONLY default API key '{}' "
                    + "(set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_API_KEY for anything else)",
                    email, DEFAULT_API_KEY);
        } else {
            log.info("SB-0003 created administrator {}", email);
        }
    }
}
