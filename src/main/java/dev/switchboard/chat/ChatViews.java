package dev.switchboard.chat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.CaseChats;
import dev.switchboard.desk.api.DeskDates;

/** Chats as the API shows them, in the desk API's style (no nulls: 0, "" and "-"). */
@Component
public class ChatViews implements CaseChats {

    public record ChatView(long chatId, long caseId, boolean active, String startedAt, String endedAt, String endedBy,
            long endedByStaffId, long endedByRuleId, String endReason, Object firstResponseSeconds,
            long customerMessages, long staffMessages, long durationSeconds, String lastMessageAt) {
    }

    private final ChatRepository chats;
    private final DeskDates dates;

    public ChatViews(ChatRepository chats, DeskDates dates) {
        this.chats = chats;
        this.dates = dates;
    }

    public ChatView of(Chat c) {
        OffsetDateTime end = c.endedAt() != null ? c.endedAt() : c.lastActivityAt();
        return new ChatView(c.id(), c.caseId(), c.active(), dates.format(c.startedAt()), dates.format(c.endedAt()),
                c.endedBy() == null ? "" : c.endedBy(), c.endedByStaffId() == null ? 0 : c.endedByStaffId(),
                c.endedByRuleId() == null ? 0 : c.endedByRuleId(), c.endReason() == null ? "" : c.endReason(),
                c.firstResponseSeconds() == null ? "-" : c.firstResponseSeconds(), c.customerMessages(),
                c.staffMessages(), Duration.between(c.startedAt(), end).toSeconds(),
                dates.format(c.lastActivityAt()));
    }

    @Override
    public Map<Long, Object> latest(List<Long> caseIds) {
        Map<Long, Object> views = new HashMap<>();
        chats.latestOf(caseIds).forEach((caseId, chat) -> views.put(caseId, of(chat)));
        return views;
    }
}
