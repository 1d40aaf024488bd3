package dev.switchboard.bot;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.switchboard.chat.Chat;
import dev.switchboard.chat.ChatRepository;
import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.desk.user.UserRepository;

/**
 * Gives live chats to bots and tells bots what happens in their chats, inside the transaction of
 * each change, after the chat lifecycle and the rules (so a rule that routes or assigns a case
 * comes first):
 * <ul>
 * <li>a live chat that arrives unassigned in a group — a new case, or a chat the customer starts
 * again — goes to a bot of that group that takes chats ({@code new_chat} with the chat so far);</li>
 * <li>so does a chat someone assigns to a bot's staff member (hand-back), also one assigned to it
 * between chats, once the customer starts the next;</li>
 * <li>the customer's messages in a bot's chat reach it as {@code new_message} (text, files, and a
 * pressed button as {@code keyboard_response});</li>
 * <li>a chat reassigned away from its bot (API, rule, redirect) is no longer the bot's: it receives
 * nothing more for it.</li>
 * </ul>
 */
@Component
class BotDispatcher {

    private final BotRepository bots;
    private final CaseRepository cases;
    private final ChatRepository chats;
    private final UserRepository users;
    private final StaffRepository staff;
    private final BotEvents botEvents;
    private final Keyboards keyboards;
    private final BotWebhook webhook;
    private final BotProperties properties;
    private final Clock clock;

    BotDispatcher(BotRepository bots, CaseRepository cases, ChatRepository chats, UserRepository users,
            StaffRepository staff, BotEvents botEvents, Keyboards keyboards, BotWebhook webhook,
            BotProperties properties, Clock clock) {
        this.bots = bots;
        this.cases = cases;
        this.chats = chats;
        this.users = users;
        this.staff = staff;
        this.botEvents = botEvents;
        this.keyboards = keyboards;
        this.webhook = webhook;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    @Order(20)
    public void on(CaseEvent event) {
        DeskCase deskCase = cases.findById(event.caseId()).orElseThrow();
        Optional<Chat> chat = chats.active(deskCase.id());
        Optional<BotChat> owned = bots.chatOf(deskCase.id());
        if (owned.isPresent()) {
            Optional<Bot> owner = bots.findById(owned.get().botId());
            if (owner.isEmpty() || !owner.get().takesChats() || deskCase.staffId() == null
                    || deskCase.staffId() != owner.get().staffId()) {
                bots.release(deskCase.id());
            } else if (chat.isPresent() && chat.get().id() != owned.get().chatId()) {
                // the customer started a new chat session in the bot's case: a new chat for the bot
                take(owner.get(), deskCase, chat.get());
                return;
            } else {
                forward(owned.get(), event);
                return;
            }
        }
        if (chat.isEmpty()) {
            return;
        }
        if (deskCase.staffId() != null) {
            // given to a bot's staff member (hand-back), or a chat starting in a case that already is
            // the bot's (given to it between chats): either way the bot must hear of it
            if (event.has(Change.ASSIGNEE_CHANGED) || arrived(event, chat.get())) {
                bots.findByStaff(deskCase.staffId()).filter(Bot::takesChats)
                        .ifPresent(bot -> take(bot, deskCase, chat.get()));
            }
            return;
        }
        if (deskCase.groupId() != null && arrived(event, chat.get())) {
            bots.takingChatsIn(deskCase.groupId(), now().minus(properties.retryDownAfter()))
                    .ifPresent(bot -> take(bot, deskCase, chat.get()));
        }
    }

    /** A chat arrives with a new case, or with the customer message that started its session. */
    private static boolean arrived(CaseEvent event, Chat chat) {
        return event.has(Change.NEW_CASE)
                || event.has(Change.CUSTOMER_MESSAGE) && chat.customerMessages() == 1 && chat.staffMessages() == 0;
    }

    private void take(Bot bot, DeskCase deskCase, Chat chat) {
        OffsetDateTime now = now();
        if (!java.util.Objects.equals(deskCase.staffId(), bot.staffId())) {
            cases.update(deskCase.with(deskCase.subject(), deskCase.status(), deskCase.priority(), deskCase.groupId(),
                    bot.staffId(), deskCase.closedAt(), deskCase.lastResponseAt()), now);
            staff.markAssigned(bot.staffId(), now);
        }
        BotChat owned = new BotChat(deskCase.id(), bot.id(), chat.id(), now);
        bots.own(owned);
        webhook.send(owned, botEvents.newChat(deskCase.id(), chat, users.findById(deskCase.userId()).orElseThrow()));
    }

    private void forward(BotChat owned, CaseEvent event) {
        if (!event.has(Change.CUSTOMER_MESSAGE) || event.message() == null
                || event.message().author() != Author.USER) {
            return;
        }
        Optional<Keyboards.Pressed> pressed = keyboards.press(owned.caseId(), owned.ownedSince(), event.message().content());
        if (pressed.isPresent()) {
            webhook.send(owned, botEvents.pressed(owned.caseId(), event.message(), pressed.get()));
            return;
        }
        botEvents.newMessages(owned.caseId(), event.message()).forEach(m -> webhook.send(owned, m));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
