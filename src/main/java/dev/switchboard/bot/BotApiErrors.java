package dev.switchboard.bot;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import dev.switchboard.desk.api.ApiError;

/**
 * Errors of the bot API are written the way Webim's bots read them, {@code {"error","desc"}}; the
 * desk API's handler decides status and code as everywhere else.
 */
@ControllerAdvice
class BotApiErrors implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ApiError error) {
            return ApiError.of(request.getURI().getPath(), error.error(), error.description());
        }
        return body;
    }
}
