package dev.switchboard.desk.staff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes an installation usable within a minute, and keeps the public default key from staying
 * valid unnoticed.
 * <ul>
 * <li>With {@code SWITCHBOARD_ADMIN_EMAIL} / {@code SWITCHBOARD_ADMIN_API_KEY} set, that
 * administrator is created if it does not exist (on any start); an existing account keeps its key
 * (rotate it through the API) and a warning says so when the configured key does not open it.</li>
 * <li>Without them, the first start creates an administrator with local-only defaults, printed once.</li>
 * <li>Every start warns while the default account still opens with the default key.</li>
 * </ul>
 */
@Component
public class AdminBootstrap implements SmartInitializingSingleton {

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
        this.email = email.isBlank() ? null : email.trim();
        this.apiKey = apiKey.isBlank() ? null : apiKey;
    }

    /**
     * Before the web server opens its port (every singleton is made, no lifecycle has started): a
     * client calling at once with the configured key must not get a 401 from a start still under way.
     */
    @Override
    @Transactional
    public void afterSingletonsInstantiated() {
        if (email != null && apiKey != null) {
            ensureConfigured();
        } else if (staff.count() == 0) {
            create(DEFAULT_EMAIL, DEFAULT_API_KEY);
            // the default key is public (README), so it is printed: a newcomer can call the API at once
            log.warn("SB-0001 created administrator {} with the LOCAL-ONLY default API key '{}' "
                    + "(set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_API_KEY for anything else)",
                    DEFAULT_EMAIL, DEFAULT_API_KEY);
            return;
        }
        staff.credentials(DEFAULT_EMAIL)
                .filter(account -> account.active() && encoder.matches(DEFAULT_API_KEY, account.apiKeyHash()))
                .ifPresent(account -> log.warn("SB-0002 administrator {} still opens with the public default API "
                        + "key; rotate it (PUT /api/staff/{}.json regenerate_api_key) or deactivate it before "
                        + "exposing Switchboard", DEFAULT_EMAIL, account.id()));
    }

    private void ensureConfigured() {
        var existing = staff.credentials(email);
        if (existing.isEmpty()) {
            create(email, apiKey);
            log.info("SB-0003 created administrator {}", email);
        } else if (!encoder.matches(apiKey, existing.get().apiKeyHash())) {
            log.warn("SB-0004 administrator {} exists with another API key; SWITCHBOARD_ADMIN_API_KEY is not "
                    + "applied to an existing account (rotate keys through the API)", email);
        }
    }

    private void create(String adminEmail, String key) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        staff.insert(adminEmail, "Administrator", null, encoder.encode(key), true, false, Staff.OFFLINE, now);
    }
}
