package dev.switchboard.desk.api;

import java.util.List;
import java.util.Map;

/**
 * The live-chat statistics shown on cases, provided by the chat feature (the desk API does not
 * depend on it): the latest chat of each case, as the object the API shows.
 */
public interface CaseChats {

    Map<Long, Object> latest(List<Long> caseIds);
}
