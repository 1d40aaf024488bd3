package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import jakarta.servlet.DispatcherType;

import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.StandardServletAsyncWebRequest;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Which second dispatches end at once: only those of a platform-http route that answered. Anything
 * else — a route that failed without an answer, an answer not yet committed, another handler's
 * async request, a first dispatch — goes on through the chain.
 */
class PlatformHttpAsyncDispatchTest {

    private final PlatformHttpAsyncDispatch filter = new PlatformHttpAsyncDispatch();
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/channels/x/messages");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void theSecondDispatchOfAnAnsweredRouteEndsBeforeTheChain() throws Exception {
        routeCompleted(null, true);
        assertThat(passesOn()).isFalse();
    }

    @Test
    void aRouteThatFailedIsLeftToMvcEvenWhenSomethingWasCommitted() throws Exception {
        routeCompleted(new IllegalStateException("the route failed"), true);
        assertThat(passesOn()).isTrue();
    }

    @Test
    void anAnswerNotCommittedYetIsLeftToMvc() throws Exception {
        routeCompleted(null, false);
        assertThat(passesOn()).isTrue();
    }

    @Test
    void anotherHandlersAsyncRequestGoesOn() throws Exception {
        routeCompleted(null, true);
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                new HandlerMethod(new Object(), Object.class.getMethod("toString")));
        assertThat(passesOn()).isTrue();
    }

    @Test
    void theFirstDispatchAlwaysGoesOn() throws Exception {
        routeCompleted(null, true);
        request.setDispatcherType(DispatcherType.REQUEST);
        assertThat(passesOn()).isTrue();
    }

    /** A platform-http route's request after its route completed, as the container dispatches it again. */
    private void routeCompleted(Exception failure, boolean committed) throws Exception {
        request.setAsyncSupported(true);
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                new HandlerMethod(mock(PlatformHttpConsumer.class), Object.class.getMethod("toString")));
        WebAsyncManager async = WebAsyncUtils.getAsyncManager(request);
        async.setAsyncWebRequest(new StandardServletAsyncWebRequest(request, response));
        DeferredResult<Object> result = new DeferredResult<>();
        async.startDeferredResultProcessing(result);
        if (failure == null) {
            result.setResult(null);
        } else {
            result.setErrorResult(failure);
        }
        response.setCommitted(committed);
        request.setDispatcherType(DispatcherType.ASYNC);
    }

    private boolean passesOn() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return chain.getRequest() != null;
    }
}
