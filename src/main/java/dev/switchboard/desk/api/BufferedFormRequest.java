package dev.switchboard.desk.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A form request whose body was read (within the size limit) by {@link BodySizeLimitFilter}:
 * the body and its parameters are served from that copy, so the container never parses an
 * unbounded form body itself.
 */
final class BufferedFormRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final Map<String, String[]> parameters;

    BufferedFormRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
        Map<String, List<String>> collected = new LinkedHashMap<>();
        BiConsumer<String, String> collect = (name, value) ->
                collected.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        FormPairs.each(request.getQueryString(), collect);
        FormPairs.each(new String(body, StandardCharsets.UTF_8), collect);
        Map<String, String[]> map = new LinkedHashMap<>();
        collected.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
        this.parameters = Collections.unmodifiableMap(map);
    }


    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body is already read");
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters.get(name);
    }
}
