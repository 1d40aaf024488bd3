package dev.switchboard.desk.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.staff.StaffFields;
import dev.switchboard.desk.staff.StaffService;
import dev.switchboard.security.StaffPrincipal;

/** Staff members (people and bots). */
@RestController
@Tag(name = "Staff", description = "Staff members; creating them is for administrators")
public class StaffController {

    public record StaffEnvelope(StaffFields staff) {
    }

    private final StaffService staff;
    private final DeskViews views;

    public StaffController(StaffService staff, DeskViews views) {
        this.staff = staff;
        this.views = views;
    }

    @GetMapping("/api/staff.json")
    @Operation(summary = "List staff")
    public Map<String, Object> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return DeskList.of("staff", staff.list(paging.offset(), paging.limit()).stream().map(views::of).toList(),
                staff.count());
    }

    @GetMapping("/api/staff/{id}.json")
    @Operation(summary = "One staff member")
    public Map<String, Object> get(@PathVariable long id) {
        return Map.of("staff", views.of(staff.get(id)));
    }

    @PostMapping("/api/staff.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a staff member (administrators)",
            description = "The answer carries the generated api_key once; it is stored hashed.")
    public Map<String, Object> create(@RequestBody StaffEnvelope body, @AuthenticationPrincipal StaffPrincipal by) {
        return answer(staff.create(body.staff(), by));
    }

    @PutMapping("/api/staff/{id}.json")
    @Operation(summary = "Change a staff member",
            description = "Staff may change their own name, signature and status; administrators anything. "
                    + "regenerate_api_key: true answers a new api_key once.")
    public Map<String, Object> update(@PathVariable long id, @RequestBody StaffEnvelope body,
            @AuthenticationPrincipal StaffPrincipal by) {
        return answer(staff.update(id, body.staff(), by));
    }

    private Map<String, Object> answer(StaffService.WithKey result) {
        return Map.of("staff", views.of(result.staff(), result.apiKey()));
    }
}
