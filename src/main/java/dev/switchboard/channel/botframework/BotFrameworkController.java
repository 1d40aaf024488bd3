package dev.switchboard.channel.botframework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.DeskDates;
import dev.switchboard.desk.api.DeskList;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.ingest.Conversation;
import dev.switchboard.desk.ingest.ConversationRepository;
import dev.switchboard.security.StaffPrincipal;

/**
 * The configured Bot Framework bots as administrators need them to register the bot in Azure:
 * the messaging endpoint to paste there, the Skype join link, and the bot's conversations with
 * what the channel reported about them. Secrets (the app password) are never shown.
 */
@RestController
@Tag(name = "Bot Framework", description = "Skype, Teams, Web Chat and every Azure Bot Service channel")
public class BotFrameworkController {

    public record BotView(String name, String title, String appId, String channel, String messagingEndpoint,
            String skypeJoinLink, boolean authenticated) {
    }

    public record ConversationView(long conversationId, String conversationKey, String title, boolean isGroup,
            long userId, long caseId, List<Map<String, Object>> events, String createdAt, String updatedAt) {
    }

    private final BotFrameworkBots bots;
    private final ChannelRepository channels;
    private final ConversationRepository conversations;
    private final DeskDates dates;

    BotFrameworkController(BotFrameworkBots bots, ChannelRepository channels, ConversationRepository conversations,
            DeskDates dates) {
        this.bots = bots;
        this.channels = channels;
        this.conversations = conversations;
        this.dates = dates;
    }

    @GetMapping("/api/botframework/bots.json")
    @Operation(summary = "The configured Bot Framework bots, with their messaging endpoints and Skype join links")
    public Map<String, Object> list(HttpServletRequest request, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see Bot Framework bots");
        List<BotView> views = new ArrayList<>();
        bots.all().forEach((name, bot) -> views.add(view(name, bot, request)));
        return DeskList.of("bot", views, views.size());
    }

    @GetMapping("/api/botframework/bots/{name}.json")
    @Operation(summary = "One Bot Framework bot")
    public Map<String, Object> get(@PathVariable String name, HttpServletRequest request,
            @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see Bot Framework bots");
        return Map.of("bot", view(name, bot(name), request));
    }

    @GetMapping("/api/botframework/bots/{name}/conversations.json")
    @Operation(summary = "The bot's conversations (1:1 and groups), their cases and what the channel reported")
    public Map<String, Object> conversations(@PathVariable String name, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit, @AuthenticationPrincipal StaffPrincipal by) {
        by.requireAdmin("see Bot Framework conversations");
        bot(name);
        Channel channel = channels.findByCode(BotFrameworkBots.channelCode(name)).orElseThrow();
        Paging paging = Paging.of(page, limit);
        return DeskList.of("conversation", conversations.ofChannel(channel.id(), paging.offset(), paging.limit())
                .stream().map(this::view).toList(), conversations.countOfChannel(channel.id()));
    }

    private BotFrameworkProperties.Bot bot(String name) {
        return bots.bot(name).orElseThrow(() -> ApiException.notFound("bot_not_found", "no Bot Framework bot " + name));
    }

    private BotView view(String name, BotFrameworkProperties.Bot bot, HttpServletRequest request) {
        String base = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
        return new BotView(name, bot.title() == null ? "" : bot.title(), bot.appId() == null ? "" : bot.appId(),
                BotFrameworkBots.channelCode(name), bots.messagingEndpoint(name, base),
                bot.authenticated() ? "https://join.skype.com/bot/" + bot.appId() : "", bot.authenticated());
    }

    private ConversationView view(Conversation c) {
        List<Map<String, Object>> events = conversations.events(c.id()).stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", e.kind());
            event.put("description", e.description());
            event.put("created_at", dates.format(e.createdAt()));
            return event;
        }).toList();
        return new ConversationView(c.id(), c.key(), c.title() == null ? "" : c.title(), c.group(),
                c.userId() == null ? 0 : c.userId(), c.caseId() == null ? 0 : c.caseId(), events,
                dates.format(c.createdAt()), dates.format(c.updatedAt()));
    }
}
