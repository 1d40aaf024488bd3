package dev.switchboard.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.switchboard.desk.staff.StaffRepository;

/** Looks up staff by email for HTTP Basic ({@code email:api_key}) and the console login form. */
public class StaffDetailsService implements UserDetailsService {

    private final StaffRepository staff;

    public StaffDetailsService(StaffRepository staff) {
        this.staff = staff;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return staff.credentials(email)
                .map(c -> new StaffPrincipal(c.id(), c.email(), c.apiKeyHash(), c.admin(), c.bot(), c.active()))
                .orElseThrow(() -> new UsernameNotFoundException("no such staff"));
    }
}
