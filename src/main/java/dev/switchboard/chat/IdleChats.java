package dev.switchboard.chat;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;

/**
 * Ends the live chats whose silence ran out; called by the idle-closure route on its Quartz cron.
 * Each chat ends in its own transaction, so one failure does not hold the others back.
 */
@Component("idleChats")
public class IdleChats {

    private static final Logger log = LoggerFactory.getLogger(IdleChats.class);
    private static final int BATCH = 200;

    private final ChatRepository chats;
    private final Chats ending;
    private final CaseRepository cases;
    private final ChannelRepository channels;
    private final ChatTimeouts timeouts;
    private final Clock clock;

    public IdleChats(ChatRepository chats, Chats ending, CaseRepository cases, ChannelRepository channels,
            ChatTimeouts timeouts, Clock clock) {
        this.chats = chats;
        this.ending = ending;
        this.cases = cases;
        this.channels = channels;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /** Returns how many chats this run ended. */
    public int endIdle() {
        int ended = 0;
        int endedInBatch;
        List<Chat> due;
        do {
            due = chats.idleBy(OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS), BATCH);
            endedInBatch = 0;
            for (Chat chat : due) {
                if (endOne(chat)) {
                    endedInBatch++;
                }
            }
            ended += endedInBatch;
            // a full batch that ended nothing (failures) waits for the next run instead of spinning
        } while (due.size() == BATCH && endedInBatch > 0);
        return ended;
    }

    private boolean endOne(Chat chat) {
        try {
            Channel channel = cases.findById(chat.caseId()).flatMap(c -> channels.findById(c.channelId()))
                    .orElseThrow();
            String reason = "no message for " + timeouts.of(channel).toSeconds() + " s";
            return ending.endIfIdle(chat.caseId(), new Chats.Ending(EndedBy.IDLE, null, null, reason,
                    channel.chatIdleStatus())).isPresent();
        } catch (RuntimeException e) {
            log.warn("SB-3002 could not end idle chat {} of case {}: {}", chat.id(), chat.caseId(), e.toString());
            return false;
        }
    }
}
