package dev.switchboard.pipeline;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.attachment.Attachments;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.message.Button;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.staff.Staff;

/**
 * Where the desk hands a written message to the pipeline: if the case's channel has a way back
 * to the customer that carries this message, an {@link Outbound} goes into the outbox in the
 * same transaction, grouped by case.
 */
@Component
public class Deliveries {

    private final List<ChannelDelivery> channels;
    private final Outbox outbox;

    public Deliveries(List<ChannelDelivery> channels, Outbox outbox) {
        this.channels = channels;
        this.outbox = outbox;
    }

    private static final String CASE_GROUP = "case-";

    /** The group of a case's deliveries to its customer: one case, one lane, in order. */
    public static String groupOf(long caseId) {
        return CASE_GROUP + caseId;
    }

    /**
     * The group of a case's deliveries to another receiver (a bot, say): in order among themselves,
     * and never held up by (or holding up) the deliveries to the customer.
     */
    public static String groupOf(long caseId, String lane) {
        return CASE_GROUP + caseId + ":" + lane;
    }

    /** The case of a group key made by {@link #groupOf}, or 0. */
    public static long caseOf(String groupKey) {
        if (groupKey != null && groupKey.startsWith(CASE_GROUP)) {
            int end = groupKey.indexOf(':');
            try {
                return Long.parseLong(groupKey.substring(CASE_GROUP.length(), end < 0 ? groupKey.length() : end));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * Queues the message for the case's channel (with the customer's id on it, null when they have
     * none); returns the delivery id, if one was queued.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> messageWritten(DeskCase deskCase, Channel channel, Message message,
            String customerCustomId, Staff author, List<Attachments.FileView> files, List<List<Button>> buttons) {
        if (!channel.active()) {
            return Optional.empty();
        }
        Optional<ChannelDelivery> delivery = channels.stream()
                .filter(c -> c.channelKind().equals(channel.kind()) && c.carries(channel, message))
                .findFirst();
        if (delivery.isEmpty()) {
            return Optional.empty();
        }
        String deliveryId = Outbox.newDeliveryId();
        Outbound outbound = new Outbound(deliveryId, deskCase.id(), deskCase.number(), channel.code(), message.id(),
                message.author().code(), author == null ? null : author.id(),
                author == null ? null : author.fullName(), deskCase.userId(),
                customerCustomId, message.content(), message.contentHtml(),
                message.note(), message.sentViaRule(), files.stream().map(f -> new Outbound.Attachment(f.fileName(),
                        f.mimeType(), f.fileSize(), f.url())).toList(), buttons, message.createdAt());
        outbox.add(delivery.get().queue(), groupOf(deskCase.id()), channel.code(), deliveryId, outbound);
        return Optional.of(deliveryId);
    }
}
