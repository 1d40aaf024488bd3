package dev.switchboard.bot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.attachment.FileTooLargeException;
import dev.switchboard.attachment.UrlFetcher;
import dev.switchboard.bot.model.FileData;
import dev.switchboard.bot.model.SendMessageRequest;
import dev.switchboard.bot.model.WireMessage;
import dev.switchboard.chat.Chats;
import dev.switchboard.chat.EndedBy;
import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.cases.CaseChange;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.cases.CaseReferences;
import dev.switchboard.desk.cases.CaseService;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.group.GroupRepository;
import dev.switchboard.desk.message.Button;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.platform.GroupCommit;
import dev.switchboard.platform.GroupCommits;

/**
 * What a bot does through the bot API, always in a chat it owns: write (text, a keyboard, a
 * file), hand the chat on, or close it.
 */
@Service
class BotActions {

    static final int MAX_BUTTONS = 50;

    private final BotRepository bots;
    private final StaffRepository staff;
    private final GroupRepository groups;
    private final CaseReferences references;
    private final CaseMessages messages;
    private final CaseService cases;
    private final Chats chats;
    private final Keyboards keyboards;
    private final BotHandoff handoff;
    private final Attachments attachments;
    private final UrlFetcher fetcher;
    private final BotProperties properties;
    private final BotRequests requests;
    /** send_message calls arriving together share a commit. */
    private final GroupCommit sends;
    private final java.time.Clock clock;

    BotActions(BotRepository bots, StaffRepository staff, GroupRepository groups, CaseReferences references,
            CaseMessages messages, CaseService cases, Chats chats, Keyboards keyboards, BotHandoff handoff,
            Attachments attachments, UrlFetcher fetcher, BotProperties properties, BotRequests requests,
            GroupCommits commits, java.time.Clock clock) {
        this.bots = bots;
        this.staff = staff;
        this.groups = groups;
        this.references = references;
        this.messages = messages;
        this.cases = cases;
        this.chats = chats;
        this.keyboards = keyboards;
        this.handoff = handoff;
        this.attachments = attachments;
        this.fetcher = fetcher;
        this.properties = properties;
        this.requests = requests;
        this.sends = commits.requestLane("bot-api");
        this.clock = clock;
    }

    /**
     * A file is fetched before the transaction (no remote call holds the case's lock), then the
     * message is written with it. With an idempotency key, a call sent again gets the message the
     * first one wrote. Returns the message's id.
     */
    long send(Bot bot, SendMessageRequest request, String idempotencyKey) {
        if (request == null) {
            throw ApiException.missingField("chat_id");
        }
        String key = BotRequests.checked(idempotencyKey);
        long caseId = chatId(request.chatId());
        // before anything else, so a bot never makes Switchboard fetch a URL for a chat that is not
        // its own (checked again in the transaction that writes the message)
        requireOwned(bot, caseId);
        if (key != null) {
            Optional<Long> earlier = requests.messageOf(bot.id(), key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        SendMessageRequest.Message message = request.message();
        if (message == null) {
            throw ApiException.missingField("message");
        }
        if (message.kind() == null) {
            throw ApiException.missingField("message.kind");
        }
        return switch (message.kind()) {
            case WireMessage.OPERATOR -> {
                if (message.text() == null || message.text().isBlank()) {
                    throw ApiException.missingField("message.text");
                }
                yield write(bot, caseId, message.text(), List.of(), List.of(), key);
            }
            case WireMessage.KEYBOARD -> {
                List<List<Button>> rows = buttons(message.buttons());
                yield write(bot, caseId, Button.numbered(rows), List.of(), rows, key);
            }
            case WireMessage.FILE_OPERATOR -> write(bot, caseId, blank(message.text()), List.of(file(message.data())),
                    List.of(), key);
            default -> throw ApiException.invalidField("message.kind", "must be one of operator, keyboard, file_operator");
        };
    }

    private long write(Bot bot, long caseId, String text, List<Attachment> files, List<List<Button>> rows,
            String key) {
        try {
            return writeOnce(bot, caseId, text, files, rows, key);
        } catch (DuplicateKeyException sameKeyAtOnce) {
            // another call with this key committed first: its message is the answer
            return requests.messageOf(bot.id(), key).orElseThrow(() -> sameKeyAtOnce);
        }
    }

    private long writeOnce(Bot bot, long caseId, String text, List<Attachment> files, List<List<Button>> rows,
            String key) {
        return sends.call(() -> {
            requireOwned(bot, caseId);
            // the bot as its call authenticated it (the event listeners of the reply ask for it again)
            bots.keep(bot);
            Staff author = staff.author(bot.staffId()).orElseThrow();
            Message written = messages.reply(caseId, author, text, files, rows);
            if (!rows.isEmpty()) {
                keyboards.shown(written.id(), caseId, rows);
            }
            if (key != null) {
                requests.wrote(bot.id(), key, written.id());
            }
            return written.id();
        });
    }

    /** To a person ({@code operator_id}), a group ({@code dep_key}), or the general queue. */
    @Transactional
    void redirect(Bot bot, Long chatId, Long operatorId, String depKey) {
        long caseId = chatId(chatId);
        requireOwned(bot, caseId);
        if (operatorId != null && operatorId != 0) {
            Long person = references.assignee("operator_id", operatorId);
            handoff.move(caseId, bot, null, person);
            return;
        }
        if (depKey != null && !depKey.isBlank()) {
            long group = groups.findByKey(depKey.trim()).orElseThrow(() ->
                    ApiException.badRequest("department_not_found", "dep_key: no group with the key " + depKey)).id();
            // a person of the group, else another bot that serves it, else the group's queue
            Long assignee = handoff.person(group).orElseGet(() -> bots
                    .takingChatsIn(group, java.time.OffsetDateTime.now(clock).minus(properties.retryDownAfter()))
                    .filter(other -> other.id() != bot.id()).map(Bot::staffId).orElse(null));
            handoff.move(caseId, bot, group, assignee);
            return;
        }
        // the general queue: unassigned in the case's group, whoever is online
        handoff.move(caseId, bot, null, null);
    }

    /** Ends the live chat and closes the case; the bot keeps the case, so a new chat in it comes back to it. */
    @Transactional
    void close(Bot bot, Long chatId) {
        long caseId = chatId(chatId);
        requireOwned(bot, caseId);
        if (chats.end(caseId, new Chats.Ending(EndedBy.STAFF, bot.staffId(), null, "closed by the bot",
                CaseStatus.CLOSED)).isEmpty()) {
            cases.update(Long.toString(caseId), new CaseChange(null, CaseStatus.CLOSED, null, null, null, null, null));
        }
    }

    private void requireOwned(Bot bot, long caseId) {
        BotChat owned = bots.chatOf(caseId).orElse(null);
        if (owned == null || owned.botId() != bot.id()) {
            throw ApiException.forbidden("chat_not_assigned_to_bot", "chat " + caseId + " is not this bot's chat");
        }
    }

    private static long chatId(Long chatId) {
        if (chatId == null || chatId <= 0) {
            throw ApiException.missingField("chat_id");
        }
        return chatId;
    }

    private static List<List<Button>> buttons(List<List<SendMessageRequest.Button>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw ApiException.missingField("message.buttons");
        }
        List<List<Button>> checked = new ArrayList<>();
        int count = 0;
        for (List<SendMessageRequest.Button> row : rows) {
            if (row == null || row.isEmpty()) {
                throw ApiException.invalidField("message.buttons", "must be rows of buttons, none empty");
            }
            List<Button> buttons = new ArrayList<>();
            for (SendMessageRequest.Button b : row) {
                if (b == null || b.id() == null || b.id().isBlank() || b.text() == null || b.text().isBlank()) {
                    throw ApiException.invalidField("message.buttons", "every button needs an id and a text");
                }
                buttons.add(new Button(Fields.atMost("message.buttons.id", b.id(), Fields.NAME),
                        Fields.atMost("message.buttons.text", b.text().strip(), Fields.NAME)));
                count++;
            }
            checked.add(buttons);
        }
        if (count > MAX_BUTTONS) {
            throw ApiException.invalidField("message.buttons", "must be at most " + MAX_BUTTONS + " buttons");
        }
        return checked;
    }

    private Attachment file(FileData data) {
        if (data == null || data.url() == null || data.url().isBlank()) {
            throw ApiException.missingField("message.data.url");
        }
        try (UrlFetcher.Download download = fetcher.fetch("message.data.url", data.url(), java.util.Map.of())) {
            String name = data.name() != null && !data.name().isBlank() ? data.name() : download.fileName();
            String type = data.mediaType() != null && !data.mediaType().isBlank() ? data.mediaType()
                    : download.contentType();
            return attachments.store(download.content(), name, type, attachments.maxMessageSize());
        } catch (FileTooLargeException e) {
            throw new ApiException(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large",
                    "message.data.url: the file is larger than allowed");
        } catch (IOException e) {
            throw ApiException.badRequest("attachment_unreachable", "message.data.url could not be read");
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
