package dev.ficus.pos.deadletter;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.web.RequestIds;
import dev.ficus.platform.web.SpringProblems;
import dev.ficus.pos.PosProperties;
import java.io.IOException;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The dead-letter API's refusals of bad input, as RFC 9457 problem+json. The broker and the audit database are real
 * clients pointed at a closed port: a request the controller let through answers 503, so a 400 here proves the
 * input was refused before anything was asked (not clamped, not coerced). Resends and discards themselves:
 * {@code PosDeadLettersIT}.
 */
class DeadLetterAdminControllerTest {

    static final String QUEUE = "pos.inbound.DLQ";
    static final String MESSAGES = "/admin/dead-letters/" + QUEUE + "/messages";
    static final String AUDIT = "/admin/dead-letters/audit";
    static final String RESEND = "/admin/dead-letters/" + QUEUE + "/resend";
    static final String DISCARD = "/admin/dead-letters/" + QUEUE + "/discard";

    final MockMvc mvc;

    DeadLetterAdminControllerTest() throws IOException {
        DeadLetters deadLetters = new DeadLetters(posProperties(),
                new ActiveMQConnectionFactory("tcp://127.0.0.1:1?initialConnectAttempts=1"),
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"));
        mvc = MockMvcBuilders.standaloneSetup(new DeadLetterAdminController(deadLetters, new ObjectMapper()))
                .setControllerAdvice(new SpringProblems())
                .addFilters(new RequestIds())
                .build();
    }

    /** The {@code pos:} block of application.yml, bound as Spring Boot binds it. */
    static PosProperties posProperties() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bindOrCreate("pos", PosProperties.class);
    }

    ResultActions send(String path, String body) throws Exception {
        var request = post(path).contentType(MediaType.APPLICATION_JSON).header("X-Request-Id", "dl-1")
                .principal(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()));
        return mvc.perform(body == null ? request : request.content(body));
    }

    static ResultActions problem(ResultActions result, int status, String title, String detail, String instance)
            throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString(detail)))
                .andExpect(jsonPath("$.instance").value(instance))
                .andExpect(jsonPath("$.requestId").value("dl-1"));
    }

    static void invalidLimit(ResultActions result, String value, int max, String instance) throws Exception {
        problem(result, 400, "Invalid parameter", "limit must be a whole number from 1 to " + max + ", got '"
                + value + "'", instance)
                .andExpect(jsonPath("$.parameter").value("limit"))
                .andExpect(jsonPath("$.value").value(value))
                .andExpect(jsonPath("$.minimum").value(1))
                .andExpect(jsonPath("$.maximum").value(max));
    }

    @Test
    void shouldRefuseASearchLimitOutsideOneTo500RatherThanClampIt() throws Exception {
        for (String limit : new String[] {"0", "-1", "501", "99999999999999999999", "many", "1.5", "", " 5"}) {
            invalidLimit(mvc.perform(get(MESSAGES).param("limit", limit).header("X-Request-Id", "dl-1")), limit, 500,
                    MESSAGES);
        }
    }

    @Test
    void shouldRefuseAnAuditLimitOutsideOneTo1000RatherThanClampIt() throws Exception {
        for (String limit : new String[] {"0", "-5", "1001", "ten"}) {
            invalidLimit(mvc.perform(get(AUDIT).param("limit", limit).header("X-Request-Id", "dl-1")), limit, 1000,
                    AUDIT);
        }
    }

    @Test
    void shouldAskTheBrokerAndTheAuditForLimitsInRange() throws Exception {
        problem(mvc.perform(get(MESSAGES).param("limit", "500").header("X-Request-Id", "dl-1")), 503,
                "Broker unavailable", "cannot be reached", MESSAGES);
        problem(mvc.perform(get(MESSAGES).header("X-Request-Id", "dl-1")), 503, "Broker unavailable",
                "cannot be reached", MESSAGES);
        problem(mvc.perform(get(AUDIT).param("limit", "1000").header("X-Request-Id", "dl-1")), 503,
                "Audit unavailable", "cannot be reached", AUDIT);
    }

    @Test
    void shouldSayWhereABodyIsNotJsonAndWhatIsExpected() throws Exception {
        problem(send(RESEND, "{\"ids\": [\"ID:1\"],\n \"reason\": }"), 400, "Invalid selection",
                "body is not valid JSON: Unexpected character ('}'", RESEND)
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("(line 2, column 12)")))
                .andExpect(jsonPath("$.detail").value(Matchers.endsWith(
                        "; expected {\"ids\": [\"ID:...\", ...], \"reason\": \"...\"}")));
        problem(send(DISCARD, "{\"ids\": [\"ID:1\""), 400, "Invalid selection", "body is not valid JSON: ", DISCARD)
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("(line 1, column ")));
        problem(send(RESEND, null), 400, "Invalid selection", "a body is required: {\"ids\"", RESEND);
        problem(send(DISCARD, "null"), 400, "Invalid selection", "a body is required", DISCARD);
        problem(send(RESEND, "[\"ID:1\"]"), 400, "Invalid selection", "body is not a JSON selection: ", RESEND);
        problem(send(RESEND, "{\"ids\": \"ID:1\"}"), 400, "Invalid selection",
                "body is not a JSON selection: ids: ", RESEND);
    }

    @Test
    void shouldRefuseIdsAndReasonsThatAreNotStrings() throws Exception {
        problem(send(RESEND, "{\"ids\": [123]}"), 400, "Invalid selection",
                "body is not a JSON selection: ids[0]: a string is expected", RESEND)
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("(line 1, column ")));
        problem(send(DISCARD, "{\"ids\": [\"ID:1\", 1.5], \"reason\": \"x\"}"), 400, "Invalid selection",
                "ids[1]: a string is expected", DISCARD);
        problem(send(DISCARD, "{\"ids\": [true], \"reason\": \"x\"}"), 400, "Invalid selection",
                "ids[0]: a string is expected", DISCARD);
        problem(send(DISCARD, "{\"ids\": [\"ID:1\"], \"reason\": 42}"), 400, "Invalid selection",
                "reason: a string is expected", DISCARD);
    }

    @Test
    void shouldTakeAValidSelectionToTheBroker() throws Exception {
        problem(send(RESEND, "{\"ids\": [\"ID:1\"]}"), 503, "Broker unavailable", "nothing was changed", RESEND);
    }
}
