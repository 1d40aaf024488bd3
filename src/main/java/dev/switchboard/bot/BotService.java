package dev.switchboard.bot;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.channel.custom.WebhookSignature;
import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.cases.CaseReferences;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.security.ApiKeyEncoder;

/**
 * Creates and changes bots. Each bot gets its own bot staff member (named after it, in its groups,
 * online while the bot takes chats), a token for the bot API and a secret that signs its events;
 * both are answered once. A bot switched offline hands its running chats to people.
 */
@Service
public class BotService {

    private static final Logger log = LoggerFactory.getLogger(BotService.class);

    /** A bot and, where this call generated them, its token and signing secret. */
    public record WithSecrets(Bot bot, String token, String webhookSecret) {
    }

    private final BotRepository bots;
    private final StaffRepository staff;
    private final GroupRepository groups;
    private final CaseReferences references;
    private final BotHandoff handoff;
    private final PasswordEncoder encoder;
    private final Clock clock;

    BotService(BotRepository bots, StaffRepository staff, GroupRepository groups, CaseReferences references,
            BotHandoff handoff, PasswordEncoder encoder, Clock clock) {
        this.bots = bots;
        this.staff = staff;
        this.groups = groups;
        this.references = references;
        this.handoff = handoff;
        this.encoder = encoder;
        this.clock = clock;
    }

    public Bot get(long id) {
        return bots.findWithGroups(id).orElseThrow(() -> ApiException.notFound("bot_not_found", "no bot " + id));
    }

    public List<Bot> list(long offset, int limit) {
        return bots.list(offset, limit);
    }

    public long count() {
        return bots.count();
    }

    @Transactional
    public WithSecrets create(BotFields fields) {
        if (fields == null) {
            throw ApiException.missingField("bot");
        }
        String title = title(fields.title());
        String url = Fields.httpUrl("bot.webhook_url", fields.webhookUrl());
        if (title == null) {
            throw ApiException.missingField("bot.title");
        }
        if (url == null) {
            throw ApiException.missingField("bot.webhook_url");
        }
        String token = BotTokens.newToken();
        String secret = WebhookSignature.newSecret();
        Bot bot = insert(null, title, url, token, secret, status(fields.status()), groupIds(fields.groupIds()),
                references.group("bot.handoff_group_id", fields.handoffGroupId()));
        log.info("SB-5001 bot {} created (staff {})", bot.id(), bot.staffId());
        return new WithSecrets(bot, token, secret);
    }

    @Transactional
    public WithSecrets update(long id, BotFields fields) {
        if (fields == null) {
            throw ApiException.missingField("bot");
        }
        Bot current = get(id);
        String title = fields.title() == null ? current.title() : title(fields.title());
        if (title == null) {
            throw ApiException.invalidField("bot.title", "must not be empty");
        }
        String url = fields.webhookUrl() == null ? current.webhookUrl()
                : Fields.httpUrl("bot.webhook_url", fields.webhookUrl());
        if (url == null) {
            throw ApiException.invalidField("bot.webhook_url", "must not be empty");
        }
        String secret = Boolean.TRUE.equals(fields.rotateWebhookSecret()) ? WebhookSignature.newSecret() : null;
        String token = Boolean.TRUE.equals(fields.regenerateToken()) ? BotTokens.newToken() : null;
        Bot changed = new Bot(id, current.key(), title, url, secret != null ? secret : current.webhookSecret(),
                current.staffId(), fields.status() == null ? current.status() : status(fields.status()),
                fields.handoffGroupId() == null ? current.handoffGroupId()
                        : references.group("bot.handoff_group_id", fields.handoffGroupId()),
                fields.groupIds() == null ? current.groupIds() : groupIds(fields.groupIds()),
                // whoever sets a status has looked at the bot: a bot marked down gets its chance again
                fields.status() == null ? current.unreachableSince() : null, current.createdAt(), current.updatedAt());
        save(changed, token);
        log.info("SB-5002 bot {} changed{}", id, token != null ? " (new token)" : "");
        if (current.takesChats() && !changed.takesChats()) {
            handoff.toPeople(changed, "the bot " + changed.title() + " went offline");
        }
        return new WithSecrets(get(id), token, secret);
    }

    /**
     * A bot declared in configuration, by key: created on the first start, brought in line with
     * the configuration on later ones (loading twice changes nothing).
     */
    @Transactional
    public Bot declare(String key, BotProperties.Declared declared) {
        String where = "switchboard.bot-api.bots." + key;
        String title = title(declared.title() == null ? key : declared.title());
        String url = Fields.httpUrl(where + ".webhook-url", declared.webhookUrl());
        if (url == null) {
            throw ApiException.missingField(where + ".webhook-url");
        }
        if (declared.token() == null || declared.token().length() < BotTokens.MIN_CONFIGURED_LENGTH) {
            throw ApiException.invalidField(where + ".token", "must be at least " + BotTokens.MIN_CONFIGURED_LENGTH
                    + " characters");
        }
        if (declared.webhookSecret() == null || declared.webhookSecret().length() < 16) {
            throw ApiException.invalidField(where + ".webhook-secret", "must be at least 16 characters");
        }
        List<Long> groupIds = (declared.groups() == null ? List.<String>of() : declared.groups()).stream()
                .map(k -> declaredGroup(where + ".groups", k)).distinct().toList();
        Long handoffGroup = declared.handoffGroup() == null || declared.handoffGroup().isBlank() ? null
                : declaredGroup(where + ".handoff-group", declared.handoffGroup());
        String status = status(declared.status());
        return bots.findByKey(key).map(current -> {
            Bot wanted = new Bot(current.id(), key, title, url, declared.webhookSecret(), current.staffId(), status,
                    handoffGroup, groupIds, current.unreachableSince(), current.createdAt(), current.updatedAt());
            boolean newToken = bots.findByTokenHash(BotTokens.hash(declared.token()))
                    .filter(b -> b.id() == current.id()).isEmpty();
            // a start with the same configuration changes nothing, not even updated_at
            if (newToken || !inLine(current, wanted)) {
                save(wanted, newToken ? declared.token() : null);
                log.info("SB-5002 bot {} changed to match the configuration{}", current.id(),
                        newToken ? " (new token)" : "");
            }
            if (current.takesChats() && !wanted.takesChats()) {
                handoff.toPeople(wanted, "the bot " + wanted.title() + " went offline");
            }
            return get(current.id());
        }).orElseGet(() -> insert(key, title, url, declared.token(), declared.webhookSecret(), status, groupIds,
                handoffGroup));
    }

    /** Whether the bot and its staff member already are as wanted. */
    private boolean inLine(Bot current, Bot wanted) {
        Staff member = staff.findById(current.staffId()).orElseThrow();
        return current.title().equals(wanted.title()) && current.webhookUrl().equals(wanted.webhookUrl())
                && current.webhookSecret().equals(wanted.webhookSecret()) && current.status().equals(wanted.status())
                && java.util.Objects.equals(current.handoffGroupId(), wanted.handoffGroupId())
                && Set.copyOf(current.groupIds()).equals(Set.copyOf(wanted.groupIds()))
                && member.fullName().equals(wanted.title()) && member.status().equals(staffStatus(wanted.status()))
                && Set.copyOf(member.groupIds()).equals(Set.copyOf(wanted.groupIds()));
    }

    private Bot insert(String key, String title, String url, String token, String secret, String status,
            List<Long> groupIds, Long handoffGroup) {
        OffsetDateTime now = now();
        String email = "bot-" + (key != null ? key.replaceAll("[^A-Za-z0-9._-]", "-")
                : UUID.randomUUID().toString().substring(0, 8)) + "@bots.switchboard.local";
        long staffId = staff.insert(email, title, null, encoder.encode(ApiKeyEncoder.newKey()), false, true,
                staffStatus(status), now);
        staff.setGroups(staffId, groupIds);
        long id = bots.insert(key, title, url, BotTokens.hash(token), secret, staffId, status, handoffGroup, now);
        bots.setGroups(id, groupIds);
        return get(id);
    }

    private void save(Bot bot, String newToken) {
        OffsetDateTime now = now();
        bots.update(bot, now);
        bots.setGroups(bot.id(), bot.groupIds());
        if (newToken != null) {
            bots.updateTokenHash(bot.id(), BotTokens.hash(newToken), now);
        }
        Staff member = staff.findById(bot.staffId()).orElseThrow();
        staff.update(new Staff(member.id(), member.email(), bot.title(), member.signature(), false, true,
                member.active(), staffStatus(bot.status()), member.groupIds(), member.createdAt(), member.updatedAt()),
                now);
        staff.setGroups(member.id(), bot.groupIds());
    }

    private List<Long> groupIds(List<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiException.invalidField("bot.group_ids", "must hold group ids");
        }
        List<Long> distinct = ApiException.distinctIds("bot.group_ids", ids);
        List<Long> missing = groups.missing(distinct);
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("group_not_found", "bot.group_ids: no group " + missing.get(0));
        }
        return distinct;
    }

    /** The group with this key; a set-up from configuration alone creates it (titled by its key). */
    private long declaredGroup(String field, String key) {
        if (key == null || !key.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.invalidField(field, "must be group keys (1-64 letters, digits, '_', '.' or '-')");
        }
        return groups.findByKey(key).map(g -> g.id()).orElseGet(() -> groups.insert(key, key, null, null, now()));
    }

    private static String title(String title) {
        return title == null || title.isBlank() ? null : Fields.atMost("bot.title", title.trim(), Fields.NAME);
    }

    private static String status(String status) {
        if (status == null) {
            return Bot.ONLINE;
        }
        if (!Bot.STATUSES.contains(status)) {
            throw ApiException.invalidField("bot.status", "must be one of " + Bot.STATUSES);
        }
        return status;
    }

    private static String staffStatus(String botStatus) {
        return Bot.OFFLINE.equals(botStatus) ? Staff.OFFLINE : Staff.ONLINE;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
