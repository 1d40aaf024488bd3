package dev.switchboard.channel.custom;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.desk.cases.CaseReferences;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.security.StaffPrincipal;

/**
 * Custom channels (seed 004). Listing matches Omnidesk's {@code GET /api/custom_channels.json};
 * creating and changing them are Switchboard's extensions, for administrators. The signing
 * secret is shown only in the answer that created or rotated it.
 */
@RestController
@Tag(name = "Custom channels", description = "Channels any system can post customer messages through")
public class CustomChannelsController {

    private static final Logger log = LoggerFactory.getLogger(CustomChannelsController.class);
    private static final List<String> TYPES = List.of(Channel.SYNC, Channel.ASYNC);
    private static final List<String> FORMATS = List.of(CustomChannelWebhook.JSON, CustomChannelWebhook.FORM);

    public record CustomChannelEnvelope(CustomChannelFields customChannel) {
    }

    public record CustomChannelView(long channelId, String channelApiKey, String title, String channelType,
            String icon, String webhookUrl, String webhookFormat, long chatIdleTimeout, String chatIdleStatus,
            long groupId, boolean active, String createdAt, String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret) {
    }

    private final ChannelRepository channels;
    private final CaseReferences references;
    private final DeskDates dates;
    private final Clock clock;
    private final Duration defaultIdleTimeout;

    public CustomChannelsController(ChannelRepository channels, CaseReferences references, DeskDates dates,
            Clock clock, @Value("${switchboard.chats.idle-timeout:10m}") Duration defaultIdleTimeout) {
        this.channels = channels;
        this.references = references;
        this.dates = dates;
        this.clock = clock;
        this.defaultIdleTimeout = defaultIdleTimeout;
    }

    @GetMapping("/api/custom_channels.json")
    @Operation(summary = "List custom channels")
    public Map<String, Object> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return DeskList.of("custom_channel", channels.listByKind(CustomChannelDelivery.KIND, paging.offset(),
                paging.limit()).stream().map(c -> view(c, null)).toList(),
                channels.countByKind(CustomChannelDelivery.KIND));
    }

    @GetMapping("/api/custom_channels/{reference}.json")
    @Operation(summary = "One custom channel, by channel_id or channel_api_key (cchN)")
    public Map<String, Object> get(@PathVariable String reference) {
        return Map.of("custom_channel", view(find(reference), null));
    }

    @PostMapping("/api/custom_channels.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a custom channel (administrators; extension)",
            description = "Answers channel_api_key (cchN) and webhook_secret, the key of the deliveries' "
                    + "HMAC-SHA256 signature. The secret is shown only here.")
    @Transactional
    public Map<String, Object> create(@RequestBody CustomChannelEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage channels");
        CustomChannelFields fields = fields(body);
        String title = title(fields.title());
        if (title == null) {
            throw ApiException.missingField("custom_channel.title");
        }
        String url = webhookUrl(fields.webhookUrl());
        if (url == null) {
            throw ApiException.missingField("custom_channel.webhook_url");
        }
        String secret = WebhookSignature.newSecret();
        long id = channels.insert("cch", CustomChannelDelivery.KIND, title,
                oneOf("custom_channel.channel_type", fields.channelType(), TYPES, Channel.ASYNC), url,
                oneOf("custom_channel.webhook_format", fields.webhookFormat(), FORMATS, CustomChannelWebhook.JSON),
                secret, idleTimeout(fields.chatIdleTimeout()), idleStatus(fields.chatIdleStatus()), now());
        Channel channel = channels.findById(id).orElseThrow();
        if (fields.groupId() != null && fields.groupId() != 0) {
            channel = channel.withGroup(references.group("custom_channel.group_id", fields.groupId()));
            channels.update(channel, now());
        }
        log.info("SB-1001 custom channel {} created by staff {}", channel.code(), by.staffId());
        return Map.of("custom_channel", view(channel, secret));
    }

    @PutMapping("/api/custom_channels/{reference}.json")
    @Operation(summary = "Change or deactivate a custom channel (administrators; extension)")
    @Transactional
    public Map<String, Object> update(@PathVariable String reference, @RequestBody CustomChannelEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("manage channels");
        CustomChannelFields fields = fields(body);
        // locked: a concurrent change must not write back a secret this one rotates, or the reverse
        Channel current = channels.lock(find(reference).id());
        String title = fields.title() == null ? current.title() : title(fields.title());
        if (title == null) {
            throw ApiException.invalidField("custom_channel.title", "must not be empty");
        }
        String url = fields.webhookUrl() == null ? current.webhookUrl() : webhookUrl(fields.webhookUrl());
        if (url == null) {
            throw ApiException.invalidField("custom_channel.webhook_url", "must not be empty");
        }
        String secret = Boolean.TRUE.equals(fields.rotateWebhookSecret()) ? WebhookSignature.newSecret() : null;
        channels.update(new Channel(current.id(), current.code(), current.kind(), title,
                fields.channelType() == null ? current.channelType()
                        : oneOf("custom_channel.channel_type", fields.channelType(), TYPES, null),
                url,
                fields.webhookFormat() == null ? current.webhookFormat()
                        : oneOf("custom_channel.webhook_format", fields.webhookFormat(), FORMATS, null),
                secret != null ? secret : current.webhookSecret(),
                fields.chatIdleTimeout() == null ? current.chatIdleTimeout() : idleTimeout(fields.chatIdleTimeout()),
                fields.chatIdleStatus() == null ? current.chatIdleStatus() : idleStatus(fields.chatIdleStatus()),
                fields.groupId() == null ? current.groupId() : references.group("custom_channel.group_id",
                        fields.groupId()),
                fields.active() == null ? current.active() : fields.active(), current.createdAt(),
                current.updatedAt()), now());
        log.info("SB-1002 custom channel {} changed by staff {}{}", current.code(), by.staffId(),
                secret != null ? " (secret rotated)" : "");
        return Map.of("custom_channel", view(channels.findById(current.id()).orElseThrow(), secret));
    }

    private Channel find(String reference) {
        String code = reference.matches("\\d+") ? "cch" + reference : reference;
        return channels.findByCode(code).filter(c -> CustomChannelDelivery.KIND.equals(c.kind()))
                .orElseThrow(() -> ApiException.notFound("channel_not_found", "no custom channel " + reference));
    }

    private CustomChannelView view(Channel c, String secret) {
        return new CustomChannelView(c.id(), c.code(), c.title(), c.channelType(), "fa-question-circle",
                c.webhookUrl(), c.webhookFormat(),
                c.chatIdleTimeout() == null ? defaultIdleTimeout.toSeconds() : c.chatIdleTimeout(),
                c.chatIdleStatus() == null ? "" : c.chatIdleStatus(), c.groupId() == null ? 0 : c.groupId(), c.active(),
                dates.format(c.createdAt()),
                dates.format(c.updatedAt()), secret);
    }

    private static CustomChannelFields fields(CustomChannelEnvelope body) {
        if (body == null || body.customChannel() == null) {
            throw ApiException.missingField("custom_channel");
        }
        return body.customChannel();
    }

    private static String title(String title) {
        if (title == null || title.isBlank()) {
            return null;
        }
        if (title.trim().length() > 200) {
            throw ApiException.invalidField("custom_channel.title", "must be at most 200 characters");
        }
        return title.trim();
    }

    private static String webhookUrl(String url) {
        return Fields.httpUrl("custom_channel.webhook_url", url);
    }

    /** Seconds; 0 means the default of switchboard.chats.idle-timeout. */
    private static Integer idleTimeout(Integer seconds) {
        if (seconds == null || seconds == 0) {
            return null;
        }
        if (seconds < 1 || seconds > 30 * 24 * 3600) {
            throw ApiException.invalidField("custom_channel.chat_idle_timeout", "must be between 1 and 2592000 seconds");
        }
        return seconds;
    }

    /** The status idle closure sets: open, waiting or closed; "" leaves the status as it is. */
    private static String idleStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return oneOf("custom_channel.chat_idle_status", status, CaseStatus.STATUSES, null);
    }

    private static String oneOf(String field, String value, List<String> allowed, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiException.invalidField(field, "must be one of " + allowed);
        }
        return value;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
