package dev.ficus.facade.proxy;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Which headers never cross the proxy, in either direction (RFC 9110 section 7.6.1), and header value syntax. */
final class HeaderRules {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer", "upgrade",
            "transfer-encoding");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private HeaderRules() {
    }

    /**
     * @param lowerName        a header name in lower case
     * @param connectionListed the names listed in the message's {@code Connection} headers, in lower case
     * @return whether the header is hop-by-hop: {@code Connection}, {@code Keep-Alive}, {@code TE},
     *         {@code Trailer}, {@code Upgrade}, {@code Transfer-Encoding}, {@code Proxy-*} or named by
     *         {@code Connection}
     */
    static boolean isHopByHop(String lowerName, Set<String> connectionListed) {
        return HOP_BY_HOP.contains(lowerName) || lowerName.startsWith("proxy-") || connectionListed.contains(lowerName);
    }

    /**
     * @param lowerName a header name in lower case
     * @return whether it is one of Camel's control headers ({@code camel*}, {@code org.apache.camel.*}), which
     *         must never cross the proxy
     */
    static boolean isInternal(String lowerName) {
        return lowerName.startsWith("camel") || lowerName.startsWith("org.apache.camel.");
    }

    /**
     * @param connectionValues the values of the {@code Connection} headers
     * @return the options they list, trimmed and in lower case
     */
    static Set<String> listedIn(Enumeration<String> connectionValues) {
        Set<String> names = new HashSet<>();
        for (String value : Collections.list(connectionValues)) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    names.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /**
     * @param values the values of one header
     * @return them joined with {@code ", "}, or null when there are none (or only blank ones)
     */
    static String joined(Enumeration<String> values) {
        String joined = String.join(", ", Collections.list(values));
        return joined.isBlank() ? null : joined;
    }

    /**
     * @param value a value for a {@code Forwarded} parameter
     * @return the RFC 7239 form: a token as is, anything else as a quoted-string
     */
    static String forwardedValue(String value) {
        return TOKEN.matcher(value).matches() ? value
                : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
