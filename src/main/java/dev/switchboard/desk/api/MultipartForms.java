package dev.switchboard.desk.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Multipart requests as Omnidesk clients send them: the fields as PHP-style names
 * ({@code message[content]}) and the files as {@code message[attachments][0]}, {@code [1]}, ...
 */
@Component
public class MultipartForms {

    private final ObjectMapper json;

    public MultipartForms(ObjectMapper json) {
        this.json = json;
    }

    /** The text fields as the request object a JSON body would have given. */
    public <T> T fields(MultipartHttpServletRequest request, Class<T> type) {
        try {
            return json.convertValue(FormBodyConverter.parse(request.getParameterMap()), type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "the form fields do not match the expected object");
        }
    }

    /** The files sent as {@code <envelope>[attachments][n]} (or {@code [attachments][]}), in order. */
    public List<MultipartFile> files(MultipartHttpServletRequest request, String envelope) {
        Pattern name = Pattern.compile(Pattern.quote(envelope) + "\\[attachments](\\[\\d*])?");
        List<MultipartFile> files = new ArrayList<>();
        request.getMultiFileMap().entrySet().stream()
                .filter(e -> name.matcher(e.getKey()).matches())
                .sorted((a, b) -> index(a.getKey()) - index(b.getKey()))
                .forEach(e -> files.addAll(e.getValue()));
        return files;
    }

    private static int index(String name) {
        String digits = name.replaceAll(".*\\[(\\d+)]$", "$1");
        return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
    }
}
