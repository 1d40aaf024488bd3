package dev.switchboard.desk.api;

import java.util.List;
import java.util.Map;

import dev.switchboard.attachment.Attachment;

/**
 * The files of messages as the API shows them, provided by the attachment feature.
 */
public interface MessageFiles {

    Map<Long, List<Object>> of(List<Long> messageIds);

    /** The views of files known already (a message just written with them). */
    List<Object> views(List<Attachment> files);
}
