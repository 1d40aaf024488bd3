package dev.switchboard.desk.api;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractGenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StreamUtils;

/**
 * Reads PHP-style form bodies ({@code case[subject]=Hi&case[labels][]=3}) into the same request
 * objects as JSON, because some Omnidesk clients (Ruby's omnidesk_api, plain PHP) send forms.
 */
public class FormBodyConverter extends AbstractGenericHttpMessageConverter<Object> {

    /** Lists in forms are short; a huge index must not allocate a huge list. */
    private static final int MAX_INDEX = 1000;

    /** No request object nests deeper; {@code a[a][a]...} thousands deep would overflow the stack. */
    static final int MAX_DEPTH = 16;

    private final ObjectMapper json;

    public FormBodyConverter(ObjectMapper json) {
        super(MediaType.APPLICATION_FORM_URLENCODED);
        this.json = json;
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return !(type instanceof Class<?> c && MultiValueMap.class.isAssignableFrom(c)) && canRead(mediaType);
    }

    @Override
    protected boolean canWrite(MediaType mediaType) {
        return false;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return !MultiValueMap.class.isAssignableFrom(clazz);
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
        return convert(json.constructType(type), input);
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) throws IOException {
        return convert(json.constructType(clazz), input);
    }

    private Object convert(JavaType type, HttpInputMessage input) throws IOException {
        String body = StreamUtils.copyToString(input.getBody(), StandardCharsets.UTF_8);
        Map<String, Object> fields;
        try {
            fields = parse(body);
        } catch (NumberFormatException e) {
            throw new HttpMessageNotReadableException("a form list index is not a number", new InvalidForm(
                    "a form list index is not a number"), input);
        } catch (IllegalArgumentException e) {
            throw new HttpMessageNotReadableException(e.getMessage(), new InvalidForm(e.getMessage()), input);
        }
        try {
            return json.convertValue(fields, type);
        } catch (IllegalArgumentException e) {
            throw new HttpMessageNotReadableException("form fields do not match the expected object", e, input);
        }
    }

    /** Form field names that cannot be read (the message says why; it never echoes the input). */
    static final class InvalidForm extends IllegalArgumentException {
        InvalidForm(String message) {
            super(message);
        }
    }

    /** {@code a[b][c]=1&a[l][]=x} into nested maps and lists. */
    static Map<String, Object> parse(String body) {
        Map<String, Object> root = new LinkedHashMap<>();
        FormPairs.each(body, (name, value) -> put(root, path(name), value));
        return root;
    }

    /** The same from already decoded parameters (e.g. the text parts of a multipart request). */
    static Map<String, Object> parse(Map<String, String[]> parameters) {
        Map<String, Object> root = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                put(root, path(name), value);
            }
        });
        return root;
    }

    private static List<String> path(String name) {
        List<String> keys = new ArrayList<>();
        int bracket = name.indexOf('[');
        keys.add(bracket < 0 ? name : name.substring(0, bracket));
        while (bracket >= 0) {
            int close = name.indexOf(']', bracket);
            if (close < 0) {
                break;
            }
            keys.add(name.substring(bracket + 1, close));
            if (keys.size() > MAX_DEPTH) {
                throw new IllegalArgumentException("a form field name nested deeper than " + MAX_DEPTH);
            }
            bracket = name.indexOf('[', close);
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> keys, String value) {
        Object container = root;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean last = i == keys.size() - 1;
            boolean nextIsList = !last && (keys.get(i + 1).isEmpty() || keys.get(i + 1).matches("\\d+"));
            if (container instanceof Map<?, ?> map) {
                Map<String, Object> m = (Map<String, Object>) map;
                if (last) {
                    m.put(key, value);
                    return;
                }
                container = m.computeIfAbsent(key, k -> nextIsList ? new ArrayList<>() : new LinkedHashMap<>());
            } else if (container instanceof List<?> list) {
                List<Object> l = (List<Object>) list;
                int index = key.isEmpty() ? l.size() : Integer.parseInt(key);
                if (index > MAX_INDEX) {
                    throw new IllegalArgumentException("a form list index above " + MAX_INDEX);
                }
                while (l.size() <= index) {
                    l.add(null);
                }
                if (last) {
                    l.set(index, value);
                    return;
                }
                if (l.get(index) == null) {
                    l.set(index, nextIsList ? new ArrayList<>() : new LinkedHashMap<>());
                }
                container = l.get(index);
            } else {
                return;
            }
        }
    }

    @Override
    protected void writeInternal(Object o, Type type, HttpOutputMessage output) {
        throw new UnsupportedOperationException("form bodies are only read");
    }
}
