package dev.switchboard.desk.api;

/**
 * {@code page} (from 1) and {@code limit} (1..100) of a list request. Page 0 is read as page 1:
 * several Omnidesk clients count pages from 0.
 */
public record Paging(int page, int limit) {

    public static final int MAX_LIMIT = 100;

    public static Paging of(Integer page, Integer limit) {
        int p = page == null || page == 0 ? 1 : page;
        int l = limit == null ? MAX_LIMIT : limit;
        if (p < 1) {
            throw ApiException.invalidField("page", "must be 1 or more");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(p, l);
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }
}
