package dev.switchboard.desk.user;

/**
 * The other profile of {@code link.json} / {@code unlink.json}, named by id, email or phone.
 * Clients send it bare ({@code {"user_id":5}}) or wrapped ({@code {"user":{"user_id":5}}}).
 */
public record OtherUser(Long userId, String userEmail, String userPhone, OtherUser user) {

    OtherUser unwrapped() {
        return user != null && userId == null && userEmail == null && userPhone == null ? user : this;
    }
}
