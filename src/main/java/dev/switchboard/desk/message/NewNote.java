package dev.switchboard.desk.message;

import java.util.List;

/** {@code POST /api/cases/{id}/note.json} {@code {"note":{...}}}: an internal note. */
public record NewNote(String content, String contentHtml, List<String> attachmentUrls) {
}
