package dev.switchboard.desk.api;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.switchboard.desk.label.Label;
import dev.switchboard.desk.label.LabelRepository;

/** Labels that mark cases. Titles are unique. */
@RestController
@Tag(name = "Labels", description = "Labels of cases")
public class LabelsController {

    public record LabelFields(String labelTitle) {
    }

    public record LabelEnvelope(LabelFields label) {
    }

    private final LabelRepository labels;
    private final DeskViews views;
    private final Clock clock;

    public LabelsController(LabelRepository labels, DeskViews views, Clock clock) {
        this.labels = labels;
        this.views = views;
        this.clock = clock;
    }

    @GetMapping("/api/labels.json")
    @Operation(summary = "List labels")
    public Map<String, Object> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return DeskList.of("label", labels.list(paging.offset(), paging.limit()).stream().map(views::of).toList(),
                labels.count());
    }

    @GetMapping("/api/labels/{id}.json")
    @Operation(summary = "One label")
    public Map<String, Object> get(@PathVariable long id) {
        return Map.of("label", views.of(find(id)));
    }

    @PostMapping("/api/labels.json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a label")
    public Map<String, Object> create(@RequestBody LabelEnvelope body) {
        String title = title(body);
        try {
            long id = labels.insert(title, OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS));
            return Map.of("label", views.of(find(id)));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("label_already_exist", "a label titled '" + title + "' exists");
        }
    }

    @PutMapping("/api/labels/{id}.json")
    @Operation(summary = "Rename a label")
    public Map<String, Object> update(@PathVariable long id, @RequestBody LabelEnvelope body) {
        find(id);
        String title = title(body);
        try {
            labels.rename(id, title);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("label_already_exist", "a label titled '" + title + "' exists");
        }
        return Map.of("label", views.of(find(id)));
    }

    private Label find(long id) {
        return labels.findById(id).orElseThrow(() -> ApiException.notFound("label_not_found", "no label " + id));
    }

    private static String title(LabelEnvelope body) {
        if (body == null || body.label() == null) {
            throw ApiException.missingField("label");
        }
        String title = body.label().labelTitle();
        if (title == null || title.isBlank()) {
            throw ApiException.missingField("label.label_title");
        }
        if (title.trim().length() > 200) {
            throw ApiException.invalidField("label.label_title", "must be at most 200 characters");
        }
        return title.trim();
    }
}
