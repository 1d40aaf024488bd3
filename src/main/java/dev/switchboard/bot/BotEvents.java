package dev.switchboard.bot;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.bot.model.FileData;
import dev.switchboard.bot.model.KeyboardResponse;
import dev.switchboard.bot.model.NewChatEvent;
import dev.switchboard.bot.model.NewMessageEvent;
import dev.switchboard.bot.model.Visitor;
import dev.switchboard.bot.model.WireMessage;
import dev.switchboard.chat.Chat;
import dev.switchboard.chat.ChatRepository;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.message.MessageRepository;
import dev.switchboard.desk.message.Texts;
import dev.switchboard.desk.user.DeskUser;
import dev.switchboard.desk.user.Identity;

/**
 * Maps desk messages to Webim's External Bot API 2.0 events. A message with text and files is a
 * text message followed by one file message per file; message ids are ours ({@code 42}, and
 * {@code 42.7} for file 7 of message 42). Notes are never shown to bots.
 */
@Component
class BotEvents {

    /** How much of a chat a bot is shown when it takes it. */
    static final int HISTORY = 100;

    private final MessageRepository messages;
    private final ChatRepository chats;
    private final Attachments attachments;

    BotEvents(MessageRepository messages, ChatRepository chats, Attachments attachments) {
        this.messages = messages;
        this.chats = chats;
        this.attachments = attachments;
    }

    /**
     * {@code new_chat} with the chat's messages so far: those written since the case's previous chat
     * session ended (the message that started this session included).
     */
    NewChatEvent newChat(long caseId, Chat chat, DeskUser customer) {
        OffsetDateTime previousEnd = chats.ofCase(caseId).stream()
                .filter(c -> c.id() < chat.id() && c.endedAt() != null).map(Chat::endedAt)
                .max(OffsetDateTime::compareTo).orElse(null);
        List<Message> recent = new ArrayList<>(messages.list(caseId, false, 0, HISTORY));
        Collections.reverse(recent);
        List<Message> shown = recent.stream()
                .filter(m -> !m.note() && (previousEnd == null || m.createdAt().isAfter(previousEnd))).toList();
        Map<Long, List<Attachment>> files = attachments.ofMessages(shown.stream().map(Message::id).toList());
        List<WireMessage> history = new ArrayList<>();
        shown.forEach(m -> history.addAll(wire(m, files.getOrDefault(m.id(), List.of()))));
        return new NewChatEvent(caseId, visitor(customer), history);
    }

    /** {@code new_message} events for a customer's message: its text, then each file. */
    List<NewMessageEvent> newMessages(long caseId, Message message) {
        List<Attachment> files = attachments.ofMessages(List.of(message.id())).getOrDefault(message.id(), List.of());
        return wire(message, files).stream().map(m -> new NewMessageEvent(caseId, m)).toList();
    }

    /** {@code new_message} of kind keyboard_response: the customer pressed a button. */
    NewMessageEvent pressed(long caseId, Message message, Keyboards.Pressed pressed) {
        return new NewMessageEvent(caseId, new WireMessage(Long.toString(message.id()), WireMessage.KEYBOARD_RESPONSE,
                null, new KeyboardResponse(new KeyboardResponse.ButtonData(pressed.button().id(),
                        pressed.button().text()), new KeyboardResponse.Request(Long.toString(pressed.messageId())))));
    }

    static Visitor visitor(DeskUser user) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", user.fullName() == null ? "" : user.fullName());
        fields.put("email", user.identity(Identity.EMAIL).map(Identity::value).orElse(""));
        fields.put("phone", user.identity(Identity.PHONE).map(Identity::value).orElse(""));
        return new Visitor(Long.toString(user.id()), fields);
    }

    private List<WireMessage> wire(Message message, List<Attachment> files) {
        List<WireMessage> wire = new ArrayList<>();
        String text = message.content() != null ? message.content() : Texts.plain(message.contentHtml());
        boolean customer = message.author() == Author.USER;
        if (text != null && !text.isBlank()) {
            String kind = customer ? WireMessage.VISITOR
                    : message.author() == Author.STAFF ? WireMessage.OPERATOR : WireMessage.INFO;
            wire.add(WireMessage.text(Long.toString(message.id()), kind, text));
        }
        for (Attachment file : files) {
            wire.add(new WireMessage(message.id() + "." + file.id(),
                    customer ? WireMessage.FILE_VISITOR : WireMessage.FILE_OPERATOR, null,
                    new FileData(attachments.view(file).url(), file.contentType(), file.fileName(), file.size())));
        }
        return wire;
    }
}
