package dev.switchboard.desk.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.user.Contacts;
import dev.switchboard.desk.user.OtherUser;
import dev.switchboard.desk.user.UserFields;
import dev.switchboard.desk.user.UserFilter;
import dev.switchboard.desk.user.UserService;

/** Customer profiles. */
@RestController
@Tag(name = "Users", description = "Omnidesk-compatible customer profiles")
public class UsersController {

    public record UserEnvelope(UserFields user) {
    }

    private final UserService users;
    private final DeskViews views;
    private final DeskDates dates;

    public UsersController(UserService users, DeskViews views, DeskDates dates) {
        this.users = users;
        this.views = views;
        this.dates = dates;
    }

    @PostMapping("/api/users.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a user from an email, a phone or a custom channel's user id")
    public Map<String, Object> create(@RequestBody UserEnvelope body) {
        return Map.of("user", views.of(users.create(body.user())));
    }

    @GetMapping("/api/users.json")
    @Operation(summary = "List users",
            description = "Filters: user_email, user_phone, user_custom_id (+ user_custom_channel), from_time, to_time")
    public Map<String, Object> list(@RequestParam(name = "user_email", required = false) String email,
            @RequestParam(name = "user_phone", required = false) String phone,
            @RequestParam(name = "user_custom_id", required = false) String customId,
            @RequestParam(name = "user_custom_channel", required = false) String customChannel,
            @RequestParam(name = "from_time", required = false) String from,
            @RequestParam(name = "to_time", required = false) String to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        UserFilter filter = new UserFilter(Contacts.email("user_email", email), Contacts.phone("user_phone", phone),
                customId == null || customId.isBlank() ? null : customId.trim(),
                customChannel == null || customChannel.isBlank() ? null : customChannel.trim(),
                dates.parse("from_time", from), dates.parse("to_time", to));
        return DeskList.of("user", users.list(filter, paging.offset(), paging.limit()).stream().map(views::of)
                .toList(), users.count(filter));
    }

    @GetMapping("/api/users/{id}.json")
    @Operation(summary = "One user")
    public Map<String, Object> get(@PathVariable long id) {
        return Map.of("user", views.of(users.get(id)));
    }

    @PutMapping("/api/users/{id}.json")
    @Operation(summary = "Change a user's name, company, email or phone")
    public Map<String, Object> update(@PathVariable long id, @RequestBody UserEnvelope body) {
        return Map.of("user", views.of(users.update(id, body.user())));
    }

    @PutMapping("/api/users/{id}/link.json")
    @Operation(summary = "Link another profile (by user_id, user_email or user_phone) to this user")
    public Map<String, Object> link(@PathVariable long id, @RequestBody OtherUser other) {
        return Map.of("user", views.of(users.link(id, other)));
    }

    @PutMapping("/api/users/{id}/unlink.json")
    @Operation(summary = "Unlink a profile (the one named, or this one) from its linked profiles")
    public Map<String, Object> unlink(@PathVariable long id, @RequestBody(required = false) OtherUser other) {
        return Map.of("user", views.of(users.unlink(id, other)));
    }
}
