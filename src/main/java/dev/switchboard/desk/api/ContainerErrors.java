package dev.switchboard.desk.api;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Errors Tomcat answers itself, before any of Switchboard's code sees the request — a request
 * line or header it cannot parse (a raw {@code [} in a query, a header name with a space), a
 * header section over its limit, a body shorter than its Content-Length, an {@code Expect} it
 * does not know, CONNECT — get the same JSON body as API errors instead of Tomcat's HTML page.
 * Tomcat answers CONNECT and transfer codings it does not know with 501; sent by a client they
 * are its bad input, answered 405 and 400.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrors {

    /** Replaces the host's error report valve (Boot installs Tomcat's, without report and server info). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (!(context.getParent() instanceof StandardHost host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new JsonErrorReportValve());
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }

    /** Tomcat's error report, as {@code {"error","description"}} (the bot API: {@code {"error","desc"}}). */
    public static class JsonErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            // as Tomcat's own: nothing for 1xx-3xx, nothing once a body was written or the error reported
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            if (status == HttpStatus.NOT_IMPLEMENTED.value()) {
                status = "CONNECT".equals(request.getMethod()) ? HttpStatus.METHOD_NOT_ALLOWED.value()
                        : HttpStatus.BAD_REQUEST.value();
                response.setStatus(status);
            }
            HttpStatus resolved = HttpStatus.resolve(status);
            if (resolved == null) {
                resolved = status < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
            }
            String uri = request.getRequestURI();
            String code = JsonErrorController.code(resolved);
            String reason = resolved.getReasonPhrase();
            // fixed texts only: nothing of the request is echoed. A request line Tomcat could not
            // parse has no path: the answer then carries both shapes' description fields.
            String body;
            if (uri == null || uri.isEmpty()) {
                body = "{\"error\":\"" + code + "\",\"description\":\"" + reason + "\",\"desc\":\"" + reason + "\"}";
            } else {
                body = "{\"error\":\"" + code + "\",\"" + (ApiError.isBotApi(uri) ? "desc" : "description")
                        + "\":\"" + reason + "\"}";
            }
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the answer already on its way: nothing more to say
            }
        }
    }
}
