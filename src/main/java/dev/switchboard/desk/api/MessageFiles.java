package dev.switchboard.desk.api;

import java.util.List;
import java.util.Map;

/**
 * The files of messages as the API shows them, provided by the attachment feature (the desk API
 * does not depend on it).
 */
public interface MessageFiles {

    Map<Long, List<Object>> of(List<Long> messageIds);
}
