package dev.ficus.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FullApplication;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The façade's JSON request bodies are bounded ({@code facade.max-request-bytes}, 1 MiB): an order declaring a
 * larger body is answered 413 problem+json before any of it is read.
 */
class FacadeBodyLimitIT extends FullApplication {

    @Test
    void shouldRefuseAnOrderBodyAboveTheLimitBeforeReadingIt() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 400000000\r\n\r\n{\"customerId\":\"ALFKI\",\"lines\":[").getBytes(
                    StandardCharsets.US_ASCII));
            out.flush();

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("status").asInt()).isEqualTo(413);
            assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/orders");
            assertThat(problem.get("requestId").asText()).isNotBlank();
            assertThat(problem.get("maxBytes").asLong()).isEqualTo(1_048_576L);
            assertThat(problem.get("detail").asText()).contains("facade.max-request-bytes");
        }
        assertThat(get("/api/v1/products/1").statusCode()).isEqualTo(200);
    }

    /** Status line, headers and a body of Content-Length bytes. */
    static String readAnswer(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
