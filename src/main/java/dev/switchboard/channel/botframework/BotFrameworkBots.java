package dev.switchboard.channel.botframework;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.group.GroupRepository;

/**
 * The configured Bot Framework bots and their channels: bot {@code <name>} is channel
 * {@code bf-<name>} (sync: live chats), declared at start so its cases and chats have a home.
 */
@Component
public class BotFrameworkBots {

    public static final String KIND = "botframework";
    private static final Logger log = LoggerFactory.getLogger(BotFrameworkBots.class);

    private final BotFrameworkProperties properties;
    private final ChannelRepository channels;
    private final GroupRepository groups;
    private final Clock clock;
    private final String publicUrl;

    BotFrameworkBots(BotFrameworkProperties properties, ChannelRepository channels, GroupRepository groups,
            Clock clock, @Value("${switchboard.public-url:}") String publicUrl) {
        this.properties = properties;
        this.channels = channels;
        this.groups = groups;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    public static String channelCode(String name) {
        return "bf-" + name;
    }

    public Map<String, BotFrameworkProperties.Bot> all() {
        return properties.bots();
    }

    public Optional<BotFrameworkProperties.Bot> bot(String name) {
        return Optional.ofNullable(name == null ? null : properties.bots().get(name));
    }

    /** The bot a channel code belongs to. */
    public Optional<String> nameOf(String channelCode) {
        return channelCode != null && channelCode.startsWith("bf-")
                ? Optional.of(channelCode.substring(3)).filter(properties.bots()::containsKey) : Optional.empty();
    }

    /** Where Azure Bot Service must POST (its "messaging endpoint"). */
    public String messagingEndpoint(String name, String baseUrl) {
        String base = publicUrl == null || publicUrl.isBlank() ? baseUrl : publicUrl;
        return base.replaceAll("/+$", "") + "/channels/botframework/" + name + "/messages";
    }

    @PostConstruct
    void declareChannels() {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        if (!properties.bots().isEmpty() && (publicUrl == null || publicUrl.isBlank())) {
            log.warn("SB-7002 switchboard.public-url is not set: files sent to Bot Framework users link to localhost, "
                    + "which the channels cannot reach; set it to this installation's public https address");
        }
        properties.bots().forEach((name, bot) -> {
            if (!name.matches("[A-Za-z0-9_-]{1,60}")) {
                throw new IllegalStateException("switchboard.botframework.bots." + name
                        + ": a bot's name must be 1-60 letters, digits, '_' or '-' (it is part of its URL)");
            }
            Long group = bot.group() == null || bot.group().isBlank() ? null
                    : groups.findByKey(bot.group()).map(g -> g.id())
                            .orElseGet(() -> groups.insert(bot.group(), bot.group(), null, null, now));
            Integer idle = bot.idleTimeout() == null ? null : Math.toIntExact(bot.idleTimeout().toSeconds());
            channels.declare(channelCode(name), KIND, bot.title() == null ? "Bot Framework " + name : bot.title(),
                    Channel.SYNC, idle, group, now);
            if (!bot.authenticated()) {
                log.warn("SB-7001 Bot Framework bot {} has no app-id: its endpoint accepts UNAUTHENTICATED requests. "
                        + "Local development only; anyone who can reach it can post as any user.", name);
            } else {
                log.info("SB-7000 Bot Framework bot {} (app id {}) on channel {}", name, bot.appId(), channelCode(name));
            }
        });
    }
}
