package dev.switchboard.desk.user;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** A customer profile with its identities and the profiles linked to it (same person). */
public record DeskUser(
        long id,
        long personId,
        String type,
        String fullName,
        String companyName,
        String companyPosition,
        List<Identity> identities,
        List<Long> linkedUsers,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public Optional<Identity> identity(String kind) {
        return identities.stream().filter(i -> i.kind().equals(kind)).findFirst();
    }

    /** The user's id on a custom channel, if any. */
    public Optional<String> customId(String channelCode) {
        return identities.stream()
                .filter(i -> i.kind().equals(Identity.CUSTOM) && i.scope().equals(channelCode))
                .map(Identity::value).findFirst();
    }
}
