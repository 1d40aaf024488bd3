package dev.switchboard.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import dev.switchboard.desk.api.ApiException;

/**
 * The authenticated staff member of a request. The API key hash is needed only to check the key;
 * Spring Security erases it right after (so it is not kept in a console session).
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer {

    private final long staffId;
    private final String email;
    private final boolean admin;
    private final boolean bot;
    private final boolean active;
    private String apiKeyHash;

    public StaffPrincipal(long staffId, String email, String apiKeyHash, boolean admin, boolean bot, boolean active) {
        this.staffId = staffId;
        this.email = email;
        this.apiKeyHash = apiKeyHash;
        this.admin = admin;
        this.bot = bot;
        this.active = active;
    }

    public long staffId() {
        return staffId;
    }

    public String email() {
        return email;
    }

    public boolean admin() {
        return admin;
    }

    public boolean bot() {
        return bot;
    }

    public boolean active() {
        return active;
    }

    /** Refuses the request (403 staff_has_not_access) unless this staff member is an administrator. */
    public void requireAdmin(String toDoWhat) {
        if (!admin) {
            throw ApiException.forbidden("staff_has_not_access", "only administrators may " + toDoWhat);
        }
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> roles = new ArrayList<>();
        roles.add(new SimpleGrantedAuthority("ROLE_STAFF"));
        if (admin) {
            roles.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        return roles;
    }

    @Override
    public String getPassword() {
        return apiKeyHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        apiKeyHash = null;
    }

    @Override
    public String toString() {
        return "StaffPrincipal[" + staffId + ", " + email + "]";
    }
}
