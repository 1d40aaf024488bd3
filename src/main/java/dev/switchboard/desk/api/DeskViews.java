package dev.switchboard.desk.api;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.group.Group;
import dev.switchboard.desk.label.Label;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.user.DeskUser;
import dev.switchboard.desk.user.Identity;

/**
 * The desk API's objects, field for field as Omnidesk clients read them. Clients in typed
 * languages break on null, so absent ids are 0, absent strings "" and absent dates "-".
 */
@Component
public class DeskViews {

    private final DeskDates dates;
    private final CaseChats caseChats;
    private final MessageFiles messageFiles;

    public DeskViews(DeskDates dates, CaseChats caseChats, MessageFiles messageFiles) {
        this.dates = dates;
        this.caseChats = caseChats;
        this.messageFiles = messageFiles;
    }

    public record CaseView(long caseId, String caseNumber, String subject, long userId, long staffId, long groupId,
            String status, String priority, String channel, String recipient, String ccEmails, String bccEmails,
            boolean deleted, boolean spam, String createdAt, String updatedAt, String closedAt,
            String lastResponseAt, long parentCaseId, Object closingSpeed, long languageId,
            Map<String, Object> customFields, List<Long> labels, List<Long> lockedLabels, String chatState,
            Object chat) {
    }

    /** Cases with the statistics of their latest live chat ({} where there was none). */
    public List<CaseView> of(List<DeskCase> cases) {
        Map<Long, Object> chats = caseChats.latest(cases.stream().map(DeskCase::id).toList());
        return cases.stream().map(c -> of(c, chats.getOrDefault(c.id(), Map.of()))).toList();
    }

    public CaseView of(DeskCase c) {
        return of(List.of(c)).get(0);
    }

    private CaseView of(DeskCase c, Object chat) {
        Object closingSpeed = c.closedAt() == null ? "-"
                : Duration.between(c.createdAt(), c.closedAt()).toMinutes();
        return new CaseView(c.id(), c.number(), c.subject(), c.userId(), id(c.staffId()), id(c.groupId()), c.status(),
                c.priority(), c.channel(), "", "", "", false, false, dates.format(c.createdAt()),
                dates.format(c.updatedAt()), dates.format(c.closedAt()), dates.format(c.lastResponseAt()), 0,
                closingSpeed, 0, Map.of(), c.labels(), List.of(), c.chatState() == null ? "none" : c.chatState(),
                chat);
    }

    public record MessageView(long messageId, long caseId, long userId, long staffId, String author, String content,
            String contentHtml, List<Object> attachments, boolean note, boolean sentViaRule, String createdAt) {
    }

    /** Messages with their files. */
    public List<MessageView> messages(List<Message> messages) {
        Map<Long, List<Object>> files = messageFiles.of(messages.stream().map(Message::id).toList());
        return messages.stream().map(m -> of(m, files.getOrDefault(m.id(), List.of()))).toList();
    }

    public MessageView of(Message m) {
        return messages(List.of(m)).get(0);
    }

    /** A message just written with these files (they need not be read again). */
    public MessageView of(Message m, Collection<Attachment> files) {
        return of(m, messageFiles.views(List.copyOf(files)));
    }

    private MessageView of(Message m, List<Object> files) {
        return new MessageView(m.id(), m.caseId(), id(m.userId()), id(m.staffId()), m.author().code(),
                text(m.content()), text(m.contentHtml()), files, m.note(), m.sentViaRule(),
                dates.format(m.createdAt()));
    }

    public record UserView(long userId, String type, String userFullName, String companyName, String companyPosition,
            String thumbnail, boolean confirmed, boolean active, boolean deleted, String userEmail, String userPhone,
            String userCustomId, String userCustomChannel, long languageId, Map<String, Object> customFields,
            List<Long> linkedUsers, String createdAt, String updatedAt) {
    }

    public UserView of(DeskUser u) {
        Identity custom = u.identity(Identity.CUSTOM).orElse(null);
        return new UserView(u.id(), u.type(), text(u.fullName()), text(u.companyName()), text(u.companyPosition()),
                "", false, true, false, u.identity(Identity.EMAIL).map(Identity::value).orElse(""),
                u.identity(Identity.PHONE).map(Identity::value).orElse(""),
                custom == null ? "" : custom.value(), custom == null ? "" : custom.scope(), 0, Map.of(),
                u.linkedUsers(), dates.format(u.createdAt()), dates.format(u.updatedAt()));
    }

    /** {@code api_key} appears only in the answer that generated it. */
    public record StaffView(long staffId, String staffEmail, String staffFullName, String staffSignature,
            String staffSignatureChat, String thumbnail, boolean active, String status, boolean admin, boolean bot,
            List<Long> groupIds, String createdAt, String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String apiKey) {
    }

    public StaffView of(Staff s) {
        return of(s, null);
    }

    public StaffView of(Staff s, String newApiKey) {
        return new StaffView(s.id(), s.email(), s.fullName(), text(s.signature()), "", "", s.active(), s.status(),
                s.admin(), s.bot(), s.groupIds(), dates.format(s.createdAt()), dates.format(s.updatedAt()),
                newApiKey);
    }

    public record GroupView(long groupId, String groupTitle, String groupFromName, String groupSignature,
            String groupKey, boolean active, String createdAt, String updatedAt) {
    }

    public GroupView of(Group g) {
        return new GroupView(g.id(), g.title(), text(g.fromName()), text(g.signature()), text(g.key()), g.active(),
                dates.format(g.createdAt()), dates.format(g.updatedAt()));
    }

    public record LabelView(long labelId, String labelTitle) {
    }

    public LabelView of(Label l) {
        return new LabelView(l.id(), l.title());
    }

    private static long id(Long id) {
        return id == null ? 0 : id;
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }
}
