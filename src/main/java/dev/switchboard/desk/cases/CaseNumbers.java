package dev.switchboard.desk.cases;

import java.util.OptionalLong;

/**
 * Case numbers in Omnidesk's shape ("100-000042"), derived from the case id so they need no
 * storage and can be read back.
 */
public final class CaseNumbers {

    private static final long BASE = 100_000_000L;

    private CaseNumbers() {
    }

    public static String of(long caseId) {
        long n = BASE + caseId;
        return String.format("%d-%06d", n / 1_000_000, n % 1_000_000);
    }

    /** The case id of a case id or number as written in a path ("42" or "100-000042"). */
    public static OptionalLong parse(String reference) {
        try {
            if (reference.matches("\\d{1,18}")) {
                return OptionalLong.of(Long.parseLong(reference));
            }
            if (reference.matches("\\d{3,12}-\\d{6}")) {
                long id = Long.parseLong(reference.replace("-", "")) - BASE;
                return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
            }
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
