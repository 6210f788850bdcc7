package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.Problems;
import dev.ficus.platform.web.RequestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AdminTokenFilterTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AdminTokenFilter filter = new AdminTokenFilter(new AdminApiProperties(" s3cret "),
            new Problems(json));

    @AfterEach
    void clear() {
        MDC.remove(RequestIds.MDC_KEY);
    }

    @Test
    void shouldRefuseAChangeWithoutTheTokenAsAProblem() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "req-5");
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/admin/traffic/routes/x");
        request.addHeader("Authorization", "Bearer wrong");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"ficus-admin\"");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.getContentAsByteArray());
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("instance").asText()).isEqualTo("/admin/traffic/routes/x");
        assertThat(problem.get("requestId").asText()).isEqualTo("req-5");
        assertThat(problem.get("detail").asText()).contains("Authorization: Bearer");
    }

    @Test
    void shouldRefuseEncodedAndDisguisedAdminPathsWithoutTheToken() throws Exception {
        for (String path : new String[] {"/%61dmin/traffic/routes/x", "/admi%6E/traffic/routes/x",
                "/%41DMIN/traffic/routes/x", "/admin;jsessionid=1/traffic/routes/x", "//admin/traffic/routes/x",
                "/api/../admin/traffic/routes/x", "/admin", "/%2e/admin/traffic/routes/x"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("PUT", path);
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();

            filter.doFilter(request, response, chain);

            assertThat(chain.getRequest()).as(path + " reached a handler").isNull();
            assertThat(response.getStatus()).as(path).isEqualTo(401);
        }
    }

    @Test
    void shouldLetTheTokenReadsAndOtherPathsThrough() throws Exception {
        for (MockHttpServletRequest request : new MockHttpServletRequest[] {
                withToken(new MockHttpServletRequest("POST", "/admin/cdc/snapshots/t"), "bearer s3cret"),
                new MockHttpServletRequest("GET", "/admin/traffic/routes"),
                new MockHttpServletRequest("POST", "/api/v1/orders"),
                new MockHttpServletRequest("POST", "/api/v1/administrators")}) {
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(request.getMethod() + " " + request.getRequestURI()).isNotNull();
        }
    }

    @Test
    void shouldBindTheTokenAndLeaveTheAdminApiOpenWithoutOne() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(AdminTokenFilter.class, Problems.class)
                .withPropertyValues("ficus.admin-token=t0ken")
                .run(context -> assertThat(context.getBean(AdminTokenFilter.class).guarded()).isTrue());
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(AdminTokenFilter.class, Problems.class)
                .run(context -> assertThat(context.getBean(AdminTokenFilter.class).guarded()).isFalse());
    }

    private static MockHttpServletRequest withToken(MockHttpServletRequest request, String authorization) {
        request.addHeader("Authorization", authorization);
        return request;
    }
}
