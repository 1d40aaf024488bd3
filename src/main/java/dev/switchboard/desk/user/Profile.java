package dev.switchboard.desk.user;

/** Profile fields a request may carry along with an identity; null means "not given". */
public record Profile(String fullName, String companyName, String companyPosition) {

    public static final Profile NONE = new Profile(null, null, null);
}
