package dev.switchboard.desk.cases;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.message.MessageRepository;
import dev.switchboard.desk.message.Texts;
import dev.switchboard.desk.user.Contacts;
import dev.switchboard.desk.user.Profile;
import dev.switchboard.desk.user.UserIdentities;
import dev.switchboard.desk.user.UserRepository;

/** Creating, changing and finding cases. Every change is one transaction. */
@Service
public class CaseService {

    private static final int SUBJECT_FROM_CONTENT = 100;

    private final CaseRepository cases;
    private final MessageRepository messages;
    private final ChannelRepository channels;
    private final UserRepository users;
    private final UserIdentities identities;
    private final CaseReferences references;
    private final CaseEvents events;
    private final Attachments attachments;
    private final Clock clock;

    public CaseService(CaseRepository cases, MessageRepository messages, ChannelRepository channels,
            UserRepository users, UserIdentities identities, CaseReferences references, CaseEvents events,
            Attachments attachments, Clock clock) {
        this.cases = cases;
        this.messages = messages;
        this.channels = channels;
        this.users = users;
        this.identities = identities;
        this.references = references;
        this.events = events;
        this.attachments = attachments;
        this.clock = clock;
    }

    public record Created(DeskCase deskCase, Message firstMessage) {
    }

    /**
     * A new case with the customer's first message and its files (stored beforehand); the user is
     * found or created per seed 004.
     */
    @Transactional
    public Created create(NewCase request, List<Attachment> files) {
        if (request == null) {
            throw ApiException.missingField("case");
        }
        String content = blankToNull(request.content());
        String html = blankToNull(request.contentHtml());
        if (content == null && html == null && files.isEmpty()) {
            throw ApiException.missingField("case.content");
        }
        String status = CaseReferences.status("case.status", request.status());
        String priority = CaseReferences.priority("case.priority", request.priority());
        Long staffId = references.assignee("case.staff_id", request.staffId());
        Long groupId = references.group("case.group_id", request.groupId());
        List<Long> labels = references.labels("case.labels", request.labels());
        Channel channel = channel(request);
        long userId = user(request, channel);

        OffsetDateTime now = now();
        String subject = blankToNull(request.subject()) != null
                ? Fields.atMost("case.subject", request.subject().trim(), Fields.SUBJECT)
                : content == null && html == null ? files.get(0).fileName() : subjectOf(content, html);
        long caseId = cases.insert(userId, channel.id(), subject, status == null ? CaseStatus.OPEN : status,
                priority == null ? CaseStatus.NORMAL : priority, groupId != null ? groupId : channel.groupId(), staffId,
                now);
        cases.addLabels(caseId, labels);
        Message first = messages.insert(caseId, Author.USER, userId, null, content, html, false, false, now);
        attachments.attach(files, first.id());
        events.publish(CaseEvent.of(caseId, Change.NEW_CASE, first));
        return new Created(cases.findById(caseId).orElseThrow(), first);
    }

    /**
     * A new case opened by a channel's conversation (not through the API): the customer's first
     * message, in the channel's group.
     */
    @Transactional
    public Created openFromChannel(Channel channel, long userId, String content, List<Attachment> files) {
        OffsetDateTime now = now();
        String subject = content != null && !content.isBlank() ? subjectOf(content, null)
                : files.isEmpty() ? "(no subject)" : files.get(0).fileName();
        long caseId = cases.insert(userId, channel.id(), subject, CaseStatus.OPEN, CaseStatus.NORMAL, channel.groupId(),
                null, now);
        Message first = messages.insert(caseId, Author.USER, userId, null, blankToNull(content), null, false, false,
                now);
        attachments.attach(files, first.id());
        events.publish(CaseEvent.of(caseId, Change.NEW_CASE, first));
        return new Created(cases.findById(caseId).orElseThrow(), first);
    }

    public DeskCase get(String reference) {
        return references.find(reference, cases);
    }

    @Transactional
    public DeskCase update(String reference, CaseChange change) {
        if (change == null) {
            throw ApiException.missingField("case");
        }
        long caseId = references.find(reference, cases).id();
        cases.lock(caseId);
        DeskCase current = cases.findById(caseId).orElseThrow();
        String subject = change.subject() == null ? current.subject()
                : Fields.atMost("case.subject", change.subject().trim(), Fields.SUBJECT);
        if (subject.isEmpty()) {
            throw ApiException.invalidField("case.subject", "must not be empty");
        }
        String status = change.status() == null ? current.status()
                : CaseReferences.status("case.status", change.status());
        String priority = change.priority() == null ? current.priority()
                : CaseReferences.priority("case.priority", change.priority());
        Long staffId = change.staffId() == null ? current.staffId() : references.assignee("case.staff_id", change.staffId());
        Long groupId = change.groupId() == null ? current.groupId() : references.group("case.group_id", change.groupId());
        List<Long> add = references.labels("case.add_labels", change.addLabels());
        List<Long> delete = references.labels("case.delete_labels", change.deleteLabels());

        OffsetDateTime now = now();
        OffsetDateTime closedAt = CaseStatus.CLOSED.equals(status)
                ? (current.closedAt() != null ? current.closedAt() : now) : null;
        cases.update(current.with(subject, status, priority, groupId, staffId, closedAt, current.lastResponseAt()), now);
        List<Long> added = add.stream().filter(id -> !current.labels().contains(id)).toList();
        List<Long> removed = delete.stream().filter(current.labels()::contains).toList();
        cases.addLabels(current.id(), added);
        cases.removeLabels(current.id(), removed);
        Set<Change> changes = EnumSet.noneOf(Change.class);
        changeIf(changes, Change.SUBJECT_CHANGED, !subject.equals(current.subject()));
        changeIf(changes, Change.STATUS_CHANGED, !status.equals(current.status()));
        changeIf(changes, Change.PRIORITY_CHANGED, !priority.equals(current.priority()));
        changeIf(changes, Change.GROUP_CHANGED, !Objects.equals(groupId, current.groupId()));
        changeIf(changes, Change.ASSIGNEE_CHANGED, !Objects.equals(staffId, current.staffId()));
        changeIf(changes, Change.LABEL_ADDED, !added.isEmpty());
        changeIf(changes, Change.LABEL_REMOVED, !removed.isEmpty());
        if (!changes.isEmpty()) {
            events.publish(new CaseEvent(current.id(), changes, added, removed, null));
        }
        return cases.findById(current.id()).orElseThrow();
    }

    private static void changeIf(Set<Change> changes, Change change, boolean happened) {
        if (happened) {
            changes.add(change);
        }
    }

    public List<DeskCase> list(CaseFilter filter, long offset, int limit) {
        return cases.list(filter, offset, limit);
    }

    public long count(CaseFilter filter) {
        return cases.count(filter);
    }

    private Channel channel(NewCase request) {
        if (request.channel() == null || request.channel().isBlank()) {
            if (request.userCustomId() != null) {
                throw ApiException.badRequest("missing_field", "case.channel (a custom channel, cchN) is required "
                        + "with case.user_custom_id");
            }
            return channels.findByCode(Channel.API).orElseThrow();
        }
        Channel channel = channels.findByCode(request.channel().trim()).orElseThrow(() ->
                ApiException.badRequest("channel_not_found", "case.channel: no channel " + request.channel()));
        if (!channel.active()) {
            throw ApiException.badRequest("channel_not_active", "case.channel: " + channel.code() + " is deactivated");
        }
        if (request.userCustomId() != null && !Channel.CUSTOM.equals(channel.kind())) {
            throw ApiException.invalidField("case.channel", "must be a custom channel (cchN) with case.user_custom_id");
        }
        return channel;
    }

    private long user(NewCase request, Channel channel) {
        String email = Contacts.email("case.user_email", request.userEmail());
        String phone = Contacts.phone("case.user_phone", request.userPhone());
        Profile profile = new Profile(
                Fields.atMost("case.user_full_name", blankToNull(request.userFullName()), Fields.NAME),
                Fields.atMost("case.company_name", blankToNull(request.companyName()), Fields.NAME),
                Fields.atMost("case.company_position", blankToNull(request.companyPosition()), Fields.NAME));
        if (request.userId() != null && request.userId() != 0) {
            if (!users.exists(request.userId())) {
                throw ApiException.badRequest("user_not_found", "case.user_id: no user " + request.userId());
            }
            return request.userId();
        }
        String customId = blankToNull(request.userCustomId());
        if (customId != null) {
            Fields.atMost("case.user_custom_id", customId, Fields.IDENTITY);
            return identities.resolveCustom(channel.code(), customId, email, phone, profile);
        }
        if (email == null && phone == null) {
            throw ApiException.badRequest("missing_field", "case.user_email, case.user_phone, case.user_custom_id "
                    + "(with case.channel) or case.user_id is required");
        }
        return identities.resolveContact(email, phone, profile);
    }

    private static String subjectOf(String content, String html) {
        String line = content != null ? content.strip().replaceAll("\\s+", " ") : Texts.plain(html);
        if (line.isEmpty()) {
            return "(no subject)";
        }
        return line.length() <= SUBJECT_FROM_CONTENT ? line : line.substring(0, SUBJECT_FROM_CONTENT - 1) + "…";
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
