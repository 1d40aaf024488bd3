package dev.switchboard.desk.cases;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Paging;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.message.Author;
import dev.switchboard.desk.message.Button;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.message.MessageRepository;
import dev.switchboard.desk.message.NewMessage;
import dev.switchboard.desk.message.NewNote;
import dev.switchboard.desk.staff.Staff;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.desk.user.UserRepository;
import dev.switchboard.pipeline.Deliveries;
import dev.switchboard.security.StaffPrincipal;

/**
 * Messages written into cases: by the customer, by staff (replies and notes) and by rules. The
 * case row is locked for the transaction, so a case's messages (and their deliveries) are
 * written one after the other; what the customer must receive goes to the outbox in the same
 * transaction.
 */
@Service
public class CaseMessages {

    private final CaseRepository cases;
    private final MessageRepository messages;
    private final ChannelRepository channels;
    private final UserRepository users;
    private final StaffRepository staff;
    private final CaseReferences references;
    private final Deliveries deliveries;
    private final CaseEvents events;
    private final Attachments attachments;
    private final Clock clock;

    public CaseMessages(CaseRepository cases, MessageRepository messages, ChannelRepository channels,
            UserRepository users, StaffRepository staff, CaseReferences references, Deliveries deliveries,
            CaseEvents events, Attachments attachments, Clock clock) {
        this.cases = cases;
        this.messages = messages;
        this.channels = channels;
        this.users = users;
        this.staff = staff;
        this.references = references;
        this.deliveries = deliveries;
        this.events = events;
        this.attachments = attachments;
        this.clock = clock;
    }

    /**
     * A message posted to a case, with its files (stored beforehand): from its customer with
     * user_id, otherwise a staff reply.
     */
    @Transactional
    public Message post(String caseReference, NewMessage request, StaffPrincipal by, List<Attachment> files) {
        if (request == null) {
            throw ApiException.missingField("message");
        }
        String content = CaseService.blankToNull(request.content());
        String html = CaseService.blankToNull(request.contentHtml());
        if (content == null && html == null && files.isEmpty()) {
            throw ApiException.missingField("message.content");
        }
        DeskCase deskCase = lockedCase(caseReference);
        if (request.userId() != null && request.userId() != 0) {
            return customerWrote(deskCase, request.userId(), content, html, files);
        }
        return reply(deskCase, author(request.staffId(), by), content, html, files, List.of());
    }

    /** The customer wrote in a channel's conversation whose case this is (the case reopens if it must). */
    @Transactional
    public Message fromChannel(long caseId, long userId, String content, List<Attachment> files) {
        return customerWrote(lockedCase(Long.toString(caseId)), userId, CaseService.blankToNull(content), null, files);
    }

    /** A staff member's (or a bot's) reply with files and buttons; the buttons reach the channel too. */
    @Transactional
    public Message reply(long caseId, Staff author, String content, List<Attachment> files,
            List<List<Button>> buttons) {
        return reply(lockedCase(Long.toString(caseId)), author, content, null, files, buttons);
    }

    private Message reply(DeskCase deskCase, Staff author, String content, String html, List<Attachment> files,
            List<List<Button>> buttons) {
        Message message = staffWrote(deskCase, author, content, html, false, files, buttons);
        Set<Change> changes = EnumSet.of(Change.STAFF_MESSAGE);
        if (deskCase.staffId() == null) {
            changes.add(Change.ASSIGNEE_CHANGED);
        }
        events.publish(new CaseEvent(deskCase.id(), changes, List.of(), List.of(), message));
        return message;
    }

    /** An internal note by the authenticated staff member, with its files. */
    @Transactional
    public Message note(String caseReference, NewNote request, StaffPrincipal by, List<Attachment> files) {
        if (request == null) {
            throw ApiException.missingField("note");
        }
        String content = CaseService.blankToNull(request.content());
        String html = CaseService.blankToNull(request.contentHtml());
        if (content == null && html == null && files.isEmpty()) {
            throw ApiException.missingField("note.content");
        }
        DeskCase deskCase = lockedCase(caseReference);
        Message note = staffWrote(deskCase, author(null, by), content, html, true, files, List.of());
        events.publish(CaseEvent.of(deskCase.id(), Change.NOTE, note));
        return note;
    }

    /**
     * A message or note written by a rule, inside the rule pass's transaction. The case itself is
     * written by the rule engine at the end of the pass; nothing is published (rules do not
     * trigger rules).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Message ruleWrote(long caseId, String content, String html, boolean note) {
        DeskCase deskCase = lockedCase(Long.toString(caseId));
        Message message = messages.insert(deskCase.id(), Author.RULE, null, null, content, html, note, true, now());
        deliver(deskCase, message, null, List.of(), List.of());
        return message;
    }

    /**
     * A note by Switchboard itself (why a bot's chat went to people, say), inside the caller's
     * transaction. Like every note it never reaches the customer; custom channels get it flagged.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Message systemNote(long caseId, String content) {
        DeskCase deskCase = lockedCase(Long.toString(caseId));
        Message note = messages.insert(deskCase.id(), Author.SYSTEM, null, null, content, null, true, false, now());
        deliver(deskCase, note, null, List.of(), List.of());
        return note;
    }

    /**
     * A case's messages, oldest first unless {@code ascending} is false. Without paging, the
     * last 100 (as Omnidesk answers).
     */
    public Page list(String caseReference, Integer page, Integer limit, boolean ascending) {
        DeskCase deskCase = references.find(caseReference, cases);
        long total = messages.count(deskCase.id());
        if (page == null && limit == null) {
            List<Message> last = new ArrayList<>(messages.list(deskCase.id(), false, 0, 100));
            if (ascending) {
                Collections.reverse(last);
            }
            return new Page(last, total);
        }
        Paging paging = Paging.of(page, limit);
        return new Page(messages.list(deskCase.id(), ascending, paging.offset(), paging.limit()), total);
    }

    public record Page(List<Message> messages, long total) {
    }

    private Message customerWrote(DeskCase deskCase, long userId, String content, String html,
            List<Attachment> files) {
        // the case's own user needs no read; a linked one (the same person, another identity) does
        if (userId != deskCase.userId()
                && !users.findById(deskCase.userId()).orElseThrow().linkedUsers().contains(userId)) {
            throw ApiException.badRequest("user_not_found",
                    "message.user_id " + userId + " is not the customer of case " + deskCase.id());
        }
        OffsetDateTime now = now();
        Message message = messages.insert(deskCase.id(), Author.USER, userId, null, content, html, false, false, now);
        attachments.attach(files, message.id());
        // the customer wrote: the case needs an answer again
        touch(deskCase, CaseStatus.OPEN, deskCase.staffId(), null, deskCase.lastResponseAt(), now);
        Set<Change> changes = EnumSet.of(Change.CUSTOMER_MESSAGE);
        if (!CaseStatus.OPEN.equals(deskCase.status())) {
            changes.add(Change.STATUS_CHANGED);
        }
        events.publish(new CaseEvent(deskCase.id(), changes, List.of(), List.of(), message));
        return message;
    }

    private Message staffWrote(DeskCase deskCase, Staff author, String content, String html, boolean note,
            List<Attachment> files, List<List<Button>> buttons) {
        OffsetDateTime now = now();
        Message message = messages.insert(deskCase.id(), Author.STAFF, null, author.id(), content, html, note, false,
                now);
        attachments.attach(files, message.id());
        if (!note) {
            // the first staff member to answer an unassigned case takes it, as in Omnidesk
            Long assignee = deskCase.staffId() == null ? author.id() : deskCase.staffId();
            touch(deskCase, deskCase.status(), assignee, deskCase.closedAt(), now, now);
        }
        deliver(deskCase, message, author, files, buttons);
        return message;
    }

    private void deliver(DeskCase deskCase, Message message, Staff author, List<Attachment> files,
            List<List<Button>> buttons) {
        Channel channel = channels.findById(deskCase.channelId()).orElseThrow();
        deliveries.messageWritten(deskCase, channel, message,
                users.customId(deskCase.userId(), channel.code()).orElse(null), author,
                files.stream().map(attachments::view).toList(), buttons);
    }

    /** Writes the case a message changed; every caller publishes the change, so it is stamped here. */
    private void touch(DeskCase c, String status, Long staffId, OffsetDateTime closedAt, OffsetDateTime lastResponse,
            OffsetDateTime now) {
        cases.updateChanged(c.with(c.subject(), status, c.priority(), c.groupId(), staffId, closedAt, lastResponse), now);
    }

    /** The staff author: the authenticated one, or (admins only) another active staff member. */
    private Staff author(Long staffId, StaffPrincipal by) {
        long id = staffId == null || staffId == 0 ? by.staffId() : staffId;
        if (id != by.staffId() && !by.admin()) {
            throw ApiException.forbidden("staff_has_not_access", "only administrators may write as another staff member");
        }
        Staff author = staff.author(id).orElseThrow(() ->
                ApiException.badRequest("staff_not_found", "message.staff_id: no staff member " + id));
        if (!author.active()) {
            throw ApiException.badRequest("staff_not_active", "staff member " + id + " is deactivated");
        }
        return author;
    }

    /** The case, locked first and then read, so what is read is what this transaction changes. */
    private DeskCase lockedCase(String reference) {
        long id = CaseNumbers.parse(reference).orElseThrow(() -> CaseReferences.caseNotFound(reference));
        if (!cases.lock(id)) {
            throw CaseReferences.caseNotFound(reference);
        }
        return cases.findById(id).orElseThrow();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
