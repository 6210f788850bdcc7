package dev.ficus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Only the operator has a credential (the admin token): every other surface answers loopback callers, as the
 * principal {@code loopback:<address>}, and refuses remote ones with 401 before any handler runs; the operator's
 * surface refuses a loopback caller without the token with 401 too.
 */
@SpringBootTest(classes = SecurityTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = {"ficus.admin-token=a-token-for-operators", "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=when-authorized",
                "management.endpoint.health.roles=monitoring,operator"})
@AutoConfigureMockMvc
class OpenOnLoopbackTest {

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void clear() {
        SecurityTestApp.REACHED.clear();
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void shouldAnswerLoopbackCallersAsTheLoopbackPrincipal() throws Exception {
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")))
                .andExpect(status().isOk()).andExpect(content().string("loopback:127.0.0.1"));
        mvc.perform(put("/admin/traffic/routes/x").with(from("127.0.0.1")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", "application/problem+json"));
        mvc.perform(put("/admin/traffic/routes/x").with(from("127.0.0.1"))
                        .header("Authorization", "Bearer a-token-for-operators"))
                .andExpect(status().isOk()).andExpect(content().string(BearerAuthentication.ADMIN_TOKEN_PRINCIPAL));
        mvc.perform(get("/api/v1/products/1").with(from("::1"))).andExpect(status().isOk());
        mvc.perform(get("/actuator/health").with(from("127.0.0.1")))
                .andExpect(status().isOk()).andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "\"components\"")));
    }

    @Test
    void shouldNotLetAPageOfAnotherSiteActAsTheLoopbackCaller() throws Exception {
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")).header("Sec-Fetch-Site", "same-origin").header("Host", "localhost")
                        .header("Origin", "http://localhost"))
                .andExpect(status().isOk()).andExpect(content().string("loopback:127.0.0.1"));
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")).header("Sec-Fetch-Site", "cross-site"))
                .andExpect(status().isUnauthorized());
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")).header("Origin", "http://evil.example"))
                .andExpect(status().isUnauthorized());
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")).header("Host", "127.0.0.1:8080")
                        .header("Origin", "http://127.0.0.1:8080"))
                .andExpect(status().isOk());
        // pass-through clients name the legacy host they were pointed at: no browser marks, no refusal
        mvc.perform(put("/legacy/x").with(from("127.0.0.1")).header("Host", "shop.example:8443"))
                .andExpect(status().isOk());
        assertThat(SecurityTestApp.REACHED).containsExactly("PUT /legacy/x by loopback:127.0.0.1",
                "PUT /legacy/x by loopback:127.0.0.1", "PUT /legacy/x by loopback:127.0.0.1");
    }

    @Test
    void shouldRefuseRemoteCallersWith401() throws Exception {
        for (String path : new String[] {"/admin/traffic/routes/x", "/api/v1/products/1", "/api/v1/pos/transactions",
                "/legacy/retailcore/products/1"}) {
            mvc.perform(put(path).with(from("10.20.30.40")))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("Content-Type", "application/problem+json"));
        }
        mvc.perform(get("/actuator/health").with(from("10.20.30.40")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "\"components\""))));
        assertThat(SecurityTestApp.REACHED).isEmpty();
    }
}
