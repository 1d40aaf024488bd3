package dev.switchboard.desk.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Multipart requests as Omnidesk clients send them: the fields as PHP-style names
 * ({@code message[content]}) and the files as {@code message[attachments][0]}, {@code [1]}, ...
 * A file under any other name is refused rather than dropped, so a client with a wrong field
 * name learns it at once instead of sending messages without their files.
 */
@Component
public class MultipartForms {

    private final ObjectMapper json;

    public MultipartForms(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The text fields as the request object a JSON body would have given. Files alone (no text
     * field) still make an {@code envelope} object, so a message can be just a file.
     */
    public <T> T fields(MultipartHttpServletRequest request, String envelope, Class<T> type) {
        Map<String, Object> root;
        try {
            root = FormBodyConverter.parse(request.getParameterMap());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_field", "a form field name is not valid (list indexes are numbers)");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", e.getMessage());
        }
        if (root.get(envelope) instanceof Map<?, ?> fields && fields.containsKey("attachments")) {
            throw ApiException.invalidField(envelope + "[attachments]",
                    "must be files (parts with a filename), not text; URLs go in " + envelope + "[attachment_urls][]");
        }
        if (!request.getMultiFileMap().isEmpty()) {
            root.putIfAbsent(envelope, new LinkedHashMap<>());
        }
        try {
            return json.convertValue(root, type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "the form fields do not match the expected object");
        }
    }

    /**
     * The files sent as {@code <envelope>[attachments][n]} (or {@code [attachments][]}), in order.
     * A part a browser sends for an empty file input (no name, no bytes) is no file.
     */
    public List<MultipartFile> files(MultipartHttpServletRequest request, String envelope) {
        Pattern name = Pattern.compile(Pattern.quote(envelope) + "\\[attachments](\\[\\d*])?");
        request.getMultiFileMap().keySet().stream().filter(field -> !name.matcher(field).matches()).findFirst()
                .ifPresent(field -> {
                    throw ApiException.invalidField(field, "is not a file field: send files as " + envelope
                            + "[attachments][0], " + envelope + "[attachments][1], ...");
                });
        List<MultipartFile> files = new ArrayList<>();
        request.getMultiFileMap().entrySet().stream()
                .sorted((a, b) -> Integer.compare(index(a.getKey()), index(b.getKey())))
                .forEach(e -> e.getValue().stream().filter(f -> !noFile(f)).forEach(files::add));
        return files;
    }

    private static boolean noFile(MultipartFile file) {
        String name = file.getOriginalFilename();
        return file.isEmpty() && (name == null || name.isBlank());
    }

    private static int index(String name) {
        String digits = name.replaceAll(".*\\[(\\d+)]$", "$1");
        return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
    }
}
