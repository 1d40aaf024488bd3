package dev.switchboard.desk.user;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.api.Fields;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;

/** The users part of the desk API: create, change, find, link and unlink profiles. */
@Service
public class UserService {

    private final UserRepository users;
    private final UserIdentities identities;
    private final ChannelRepository channels;
    private final Clock clock;

    public UserService(UserRepository users, UserIdentities identities, ChannelRepository channels, Clock clock) {
        this.users = users;
        this.identities = identities;
        this.channels = channels;
        this.clock = clock;
    }

    public DeskUser get(long id) {
        return users.findById(id).orElseThrow(() -> notFound(id));
    }

    public List<DeskUser> list(UserFilter filter, long offset, int limit) {
        return users.list(filter, offset, limit);
    }

    public long count(UserFilter filter) {
        return users.count(filter);
    }

    /** A new profile for an email, a phone or a custom channel's user id; 409 if it exists. */
    @Transactional
    public DeskUser create(UserFields fields) {
        if (fields == null) {
            throw ApiException.missingField("user");
        }
        String email = Contacts.email("user.user_email", fields.userEmail());
        String phone = Contacts.phone("user.user_phone", fields.userPhone());
        String customId = blank(fields.userCustomId());
        Identity primary;
        String conflict;
        String channel = null;
        if (customId != null) {
            channel = customChannel(fields.userCustomChannel());
            primary = Identity.custom(channel, Fields.atMost("user.user_custom_id", customId, Fields.IDENTITY));
            conflict = "user_custom_id_already_exist";
        } else if (email != null || phone != null) {
            primary = email != null ? Identity.email(email) : Identity.phone(phone);
            conflict = email != null ? "email_already_exist" : "phone_already_exist";
        } else {
            throw ApiException.badRequest("missing_field", "user.user_email, user.user_phone or user.user_custom_id "
                    + "(with user.user_custom_channel) is required");
        }
        long id;
        try {
            id = identities.create(primary, fields.profile());
        } catch (DuplicateKeyException exists) {
            throw ApiException.conflict(conflict, "a user with " + primary.kind() + " " + primary.value()
                    + " already exists");
        }
        if (customId != null) {
            identities.attachContacts(id, email, phone, channel, customId);
        } else {
            identities.attachContacts(id, null, email != null ? phone : null, null, null);
        }
        return get(id);
    }

    /** Changes profile fields; an email or phone given replaces the profile's own. */
    @Transactional
    public DeskUser update(long id, UserFields fields) {
        if (fields == null) {
            throw ApiException.missingField("user");
        }
        DeskUser user = get(id);
        String email = Contacts.email("user.user_email", fields.userEmail());
        String phone = Contacts.phone("user.user_phone", fields.userPhone());
        OffsetDateTime now = now();
        users.updateProfile(id, fields.profile(), now);
        if (email != null) {
            replace(user, Identity.email(email), "email_already_exist", now);
        }
        if (phone != null) {
            replace(user, Identity.phone(phone), "phone_already_exist", now);
        }
        return get(id);
    }

    @Transactional
    public DeskUser link(long id, OtherUser other) {
        get(id);
        long otherId = resolve(other);
        if (otherId != id) {
            users.link(id, otherId, now());
        }
        return get(id);
    }

    /** Takes the named profile (or, with none named, this one) out of the linked group. */
    @Transactional
    public DeskUser unlink(long id, OtherUser other) {
        get(id);
        OtherUser named = other == null ? null : other.unwrapped();
        boolean namesSomeone = named != null
                && (named.userId() != null || named.userEmail() != null || named.userPhone() != null);
        long target = namesSomeone ? resolve(named) : id;
        if (target != id && users.personOf(target) != users.personOf(id)) {
            throw ApiException.badRequest("user_not_linked", "user " + target + " is not linked to user " + id);
        }
        users.unlink(target, now());
        return get(id);
    }

    private long resolve(OtherUser other) {
        OtherUser named = other == null ? null : other.unwrapped();
        if (named == null) {
            throw ApiException.missingField("user_id");
        }
        if (named.userId() != null) {
            if (!users.exists(named.userId())) {
                throw notFound(named.userId());
            }
            return named.userId();
        }
        String email = Contacts.email("user_email", named.userEmail());
        String phone = Contacts.phone("user_phone", named.userPhone());
        if (email == null && phone == null) {
            throw ApiException.badRequest("missing_field", "user_id, user_email or user_phone is required");
        }
        Identity identity = email != null ? Identity.email(email) : Identity.phone(phone);
        return users.findByIdentity(identity).orElseThrow(() ->
                ApiException.notFound("user_not_found", "no user with " + identity.kind() + " " + identity.value()));
    }

    private void replace(DeskUser user, Identity identity, String conflict, OffsetDateTime now) {
        var owner = users.findByIdentity(identity);
        if (owner.isPresent() && owner.get() != user.id()) {
            throw ApiException.conflict(conflict, identity.kind() + " " + identity.value() + " belongs to user "
                    + owner.get());
        }
        if (owner.isPresent()) {
            return;
        }
        users.removeIdentities(user.id(), identity.kind());
        try {
            users.addIdentity(user.id(), identity, now);
        } catch (DuplicateKeyException raced) {
            throw ApiException.conflict(conflict, identity.kind() + " " + identity.value() + " belongs to another user");
        }
    }

    private String customChannel(String code) {
        if (code == null || code.isBlank()) {
            throw ApiException.badRequest("missing_field", "user.user_custom_channel (cchN) is required with "
                    + "user.user_custom_id");
        }
        Channel channel = channels.findByCode(code.trim()).filter(c -> Channel.CUSTOM.equals(c.kind()))
                .orElseThrow(() -> ApiException.badRequest("channel_not_found",
                        "user.user_custom_channel: no custom channel " + code));
        return channel.code();
    }

    static ApiException notFound(long id) {
        return ApiException.notFound("user_not_found", "no user " + id);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
