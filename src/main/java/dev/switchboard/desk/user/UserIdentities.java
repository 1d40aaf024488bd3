package dev.switchboard.desk.user;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds or creates the user behind an identity, race-free: two requests for a new identity
 * end with one user (the unique index decides, the loser re-reads inside a savepoint).
 * Seed 004's rule for custom channels lives here: an email or phone sent along links the user
 * to the profile that already has it, unless that person already has another id on the same
 * custom channel.
 */
@Service
public class UserIdentities {

    private static final Logger log = LoggerFactory.getLogger(UserIdentities.class);

    private final UserRepository users;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    public UserIdentities(UserRepository users, PlatformTransactionManager transactions, Clock clock) {
        this.users = users;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /** A custom channel's user: found by (channel, user_custom_id) or created; email/phone linked per seed 004. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long resolveCustom(String channelCode, String customId, String email, String phone, Profile profile) {
        long userId = findOrCreate(Identity.custom(channelCode, customId), Identity.CUSTOM, profile);
        attachContacts(userId, email, phone, channelCode, customId);
        return userId;
    }

    /** A user known by email or phone (or both: the first given is the profile's type). */
    @Transactional(propagation = Propagation.MANDATORY)
    public long resolveContact(String email, String phone, Profile profile) {
        Identity primary = email != null ? Identity.email(email) : Identity.phone(phone);
        long userId = findOrCreate(primary, primary.kind(), profile);
        attachContacts(userId, null, email != null ? phone : null, null, null);
        return userId;
    }

    /**
     * A new user with this identity; throws DuplicateKeyException when it exists (also when another
     * request created it a moment ago), so that exactly one creator is told it created it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long create(Identity identity, Profile profile) {
        return savepoint.execute(status -> {
            long id = users.insert(identity.kind(), profile, now());
            users.addIdentity(id, identity, now());
            return id;
        });
    }

    /** Seed 004: an email and phone sent along are linked (or stored) for a custom channel's user. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attachContacts(long userId, String email, String phone, String channelCode, String customId) {
        if (email != null) {
            attach(userId, Identity.email(email), channelCode, customId);
        }
        if (phone != null) {
            attach(userId, Identity.phone(phone), channelCode, customId);
        }
    }

    /** Finds the user of an identity or creates one with it; profile fields given are stored either way. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long findOrCreate(Identity identity, String type, Profile profile) {
        Optional<Long> found = users.findByIdentity(identity);
        if (found.isPresent()) {
            if (!Profile.NONE.equals(profile)) {
                users.updateProfile(found.get(), profile, now());
            }
            return found.get();
        }
        try {
            return savepoint.execute(status -> {
                long id = users.insert(type, profile, now());
                users.addIdentity(id, identity, now());
                return id;
            });
        } catch (DuplicateKeyException raced) {
            long id = users.findByIdentity(identity).orElseThrow(() -> raced);
            users.updateProfile(id, profile, now());
            return id;
        }
    }

    private void attach(long userId, Identity contact, String channelCode, String customId) {
        Optional<Long> owner = users.findByIdentity(contact);
        if (owner.isEmpty()) {
            if (tryAdd(userId, contact)) {
                return;
            }
            owner = users.findByIdentity(contact);
            if (owner.isEmpty()) {
                return;
            }
        }
        long ownerId = owner.get();
        if (ownerId == userId) {
            return;
        }
        // one decision at a time per contact: two new ids of one channel must not both be linked to it
        users.lock(ownerId);
        long ownerPerson = users.personOf(ownerId);
        if (ownerPerson == users.personOf(userId)) {
            return;
        }
        if (channelCode != null && users.customIdsOfPerson(ownerPerson, channelCode).stream()
                .anyMatch(other -> !other.equals(customId))) {
            log.debug("SB-1101 not linking user {} to {}: {} already belongs to another id of {}",
                    userId, ownerId, contact.kind(), channelCode);
            return;
        }
        users.link(userId, ownerId, now());
    }

    private boolean tryAdd(long userId, Identity identity) {
        try {
            savepoint.executeWithoutResult(status -> users.addIdentity(userId, identity, now()));
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
