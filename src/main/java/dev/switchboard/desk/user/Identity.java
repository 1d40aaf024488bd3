package dev.switchboard.desk.user;

/**
 * One way a user is recognised. {@code scope} is the channel code for channel-bound ids
 * (a custom channel's user id, a Bot Framework user id) and empty for email and phone.
 */
public record Identity(String kind, String scope, String value) {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String CUSTOM = "custom";
    /** A channel's own user id (a Bot Framework account id), scoped by the channel's code. */
    public static final String CHANNEL = "channel";

    public static Identity email(String email) {
        return new Identity(EMAIL, "", email);
    }

    public static Identity phone(String phone) {
        return new Identity(PHONE, "", phone);
    }

    public static Identity custom(String channelCode, String customId) {
        return new Identity(CUSTOM, channelCode, customId);
    }

    public static Identity channel(String channelCode, String channelUserId) {
        return new Identity(CHANNEL, channelCode, channelUserId);
    }
}
