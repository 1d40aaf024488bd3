package dev.switchboard.attachment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.TransactionReads;

@Repository
public class AttachmentRepository {

    private static final String COLUMNS = "id, message_id, storage_key, file_name, content_type, file_size, created_at";

    private final JdbcClient jdbc;
    /** The files of the messages this transaction wrote, by message id. */
    private final TransactionReads<Long, List<Attachment>> written = new TransactionReads<>();

    public AttachmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(String storageKey, String fileName, String contentType, long size, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO attachment (storage_key, file_name, content_type, file_size, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(storageKey, fileName, contentType, size, now).update(key, "id");
        return key.getKey().longValue();
    }

    public Optional<Attachment> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE id = ?").param(id)
                .query(AttachmentRepository::row).optional();
    }

    /**
     * Gives files to their message; only files that belong to no message yet. A message gets its
     * files once, in the transaction that writes it, so its files are known for the rest of that
     * transaction (the bot event and the delivery built from it read none).
     *
     * @throws IllegalStateException when one of them is gone or belongs to another message (the
     *         message's transaction then fails instead of pointing at files it does not have)
     */
    public void attach(Collection<Attachment> files, long messageId) {
        if (!files.isEmpty()) {
            List<Long> ids = files.stream().map(Attachment::id).toList();
            int given = jdbc.sql("UPDATE attachment SET message_id = :message WHERE id IN (:ids) AND message_id IS NULL")
                    .param("message", messageId).param("ids", ids).update();
            if (given != ids.size()) {
                throw new IllegalStateException("files " + ids + " could not all be given to message " + messageId);
            }
        }
        List<Attachment> given = files.stream().sorted(Comparator.comparingLong(Attachment::id))
                .map(a -> a.withMessage(messageId)).toList();
        written.keep(messageId, given);
    }

    public Map<Long, List<Attachment>> ofMessages(Collection<Long> messageIds) {
        Map<Long, List<Attachment>> files = new HashMap<>();
        List<Long> unknown = new ArrayList<>();
        for (Long id : messageIds) {
            Optional<List<Attachment>> known = written.kept(id);
            if (known.isEmpty()) {
                unknown.add(id);
            } else if (!known.get().isEmpty()) {
                files.put(id, new ArrayList<>(known.get()));
            }
        }
        if (unknown.isEmpty()) {
            return files;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE message_id IN (:ids) ORDER BY id")
                .param("ids", unknown).query(AttachmentRepository::row).list()
                .forEach(a -> files.computeIfAbsent(a.messageId(), k -> new ArrayList<>()).add(a));
        return files;
    }

    /** Files that never got a message, older than {@code before}, with ids above {@code afterId}, by id. */
    public List<Attachment> orphans(OffsetDateTime before, long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE message_id IS NULL AND created_at < ? AND id > ? "
                        + "ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(before, afterId, limit).query(AttachmentRepository::row).list();
    }

    /** Deletes a file's row if it still belongs to no message; whether it did (only then may its content go). */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM attachment WHERE id = ? AND message_id IS NULL").param(id).update() == 1;
    }

    private static Attachment row(ResultSet rs, int n) throws SQLException {
        return new Attachment(rs.getLong("id"), rs.getObject("message_id", Long.class), rs.getString("storage_key"),
                rs.getString("file_name"), rs.getString("content_type"), rs.getLong("file_size"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
