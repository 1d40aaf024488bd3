package dev.switchboard.desk.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets the desk API read form bodies as well as JSON, and answer JSON whatever Accept asks for. */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfig implements WebMvcConfigurer {

    private final ObjectMapper json;

    public ApiWebConfig(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(0, new FormBodyConverter(json));
    }

    /**
     * The desk API, the bot API, downloads, the index and error pages answer JSON (a download: its
     * file's own type)
     * whatever the Accept header says. Negotiated, an Accept the answer cannot meet (image/png, a
     * garbled one) would be found out only when the answer is written — after the request was
     * carried out — and turn a change that was made into a 406 without a body.
     */
    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        ContentNegotiationStrategy api = request -> {
            HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
            String path = http == null ? null : http.getRequestURI();
            return path != null && (path.startsWith("/api/") || path.startsWith("/files/") || path.equals("/")
                    || path.equals("/error"))
                    ? List.of(MediaType.APPLICATION_JSON) : ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST;
        };
        configurer.strategies(List.of(api, new HeaderContentNegotiationStrategy()));
    }
}
