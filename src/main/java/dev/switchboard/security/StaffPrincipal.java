package dev.switchboard.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import dev.switchboard.desk.api.ApiException;

/** The authenticated staff member of a request. The API key hash never leaves the login step. */
public record StaffPrincipal(long staffId, String email, String apiKeyHash, boolean admin, boolean bot,
        boolean active) implements UserDetails {

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

    /** Refuses the request (403 staff_has_not_access) unless this staff member is an administrator. */
    public void requireAdmin(String toDoWhat) {
        if (!admin) {
            throw ApiException.forbidden("staff_has_not_access", "only administrators may " + toDoWhat);
        }
    }

    @Override
    public String toString() {
        return "StaffPrincipal[" + staffId + ", " + email + "]";
    }
}
