package dev.switchboard.desk.message;

import java.util.List;

/** A button a bot offers the customer: its id (what the bot gets back) and its text. */
public record Button(String id, String text) {

    /**
     * The buttons as a numbered list ("1. Yes"), for channels without buttons of their own: the
     * customer answers with the number or the text.
     */
    public static String numbered(List<List<Button>> rows) {
        StringBuilder list = new StringBuilder();
        int n = 0;
        for (List<Button> row : rows) {
            for (Button button : row) {
                list.append(list.isEmpty() ? "" : "\n").append(++n).append(". ").append(button.text());
            }
        }
        return list.toString();
    }
}
