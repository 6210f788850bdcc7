package dev.ficus.facade.proxy;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where a client's request goes on the target: the raw request path after the route's prefix plus the raw query,
 * byte for byte (never decoded or re-encoded), appended to the target's path.
 */
final class TargetPaths {

    private static final Pattern DOT_SEGMENT = Pattern.compile("(?i)(\\.|%2e){1,2}");
    private static final Pattern SEGMENT_SEPARATOR = Pattern.compile("(?i)/|%2f|%5c");

    private final String pathPrefix;
    private final String targetBasePath;

    /**
     * @param pathPrefix the route's path prefix, e.g. {@code /legacy}
     * @param target     the route's target; its raw path (without trailing {@code /}) replaces the prefix
     */
    TargetPaths(String pathPrefix, URI target) {
        this.pathPrefix = pathPrefix;
        String base = target.getRawPath() == null ? "" : target.getRawPath();
        this.targetBasePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * @param rawRequestUri the client's raw request URI path (as {@code HttpServletRequest.getRequestURI()})
     * @param contextPath   the servlet context path, {@code ""} for the root
     * @param rawQuery      the raw query string, or null
     * @return the target's path and query, at least {@code /}; or null when the raw path does not start with the
     *         prefix literally (followed by {@code /} or nothing) or contains a {@code .} or {@code ..} segment,
     *         also percent-encoded, also behind an encoded slash or backslash, also with {@code ;} parameters
     */
    String targetPath(String rawRequestUri, String contextPath, String rawQuery) {
        String prefix = contextPath + pathPrefix;
        if (!rawRequestUri.startsWith(prefix)) {
            return null;
        }
        String rest = rawRequestUri.substring(prefix.length());
        if (!rest.isEmpty() && rest.charAt(0) != '/') {
            return null;
        }
        // an encoded slash (or backslash) separates segments for a target that decodes it: check those too
        for (String segment : SEGMENT_SEPARATOR.split(rest, -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (DOT_SEGMENT.matcher(name).matches()) {
                return null;
            }
        }
        String path = targetBasePath + rest;
        if (path.isEmpty()) {
            path = "/";
        }
        return rawQuery == null ? path : path + "?" + rawQuery;
    }
}
