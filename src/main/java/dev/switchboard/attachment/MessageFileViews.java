package dev.switchboard.attachment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.MessageFiles;

/** Messages' files for the desk API: file_id, file_name, file_size, mime_type and a signed url. */
@Component
public class MessageFileViews implements MessageFiles {

    private final Attachments attachments;

    public MessageFileViews(Attachments attachments) {
        this.attachments = attachments;
    }

    @Override
    public Map<Long, List<Object>> of(List<Long> messageIds) {
        Map<Long, List<Object>> views = new HashMap<>();
        attachments.ofMessages(messageIds).forEach((messageId, files) ->
                views.put(messageId, files.stream().map(attachments::view).map(Object.class::cast).toList()));
        return views;
    }

    @Override
    public List<Object> views(List<Attachment> files) {
        return files.stream().map(attachments::view).map(Object.class::cast).toList();
    }
}
