package dev.ficus.platform;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.server.PortInUseException;

/**
 * Turns whatever stopped the start-up into one line an operator can act on.
 *
 * <p>Recognised, most specific first: {@link StartupCheckException} (our own checks), Spring Boot's
 * {@link PortInUseException} (the HTTP port), a {@link BindException} anywhere in the chain, and route files
 * that cannot be parsed (the line names the file and the line number from the YAML parser). Anything else is
 * reported as its innermost message.
 */
public final class StartupFailure {

    private static final Pattern ROUTE_FILE = Pattern.compile("(file:[^\\s,]+\\.camel\\.ya?ml)");
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private StartupFailure() {
    }

    /**
     * @param failure what {@code SpringApplication.run} threw
     * @return one line, never {@code null}, with no line breaks
     */
    public static String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof StartupCheckException) {
                return oneLine(t.getMessage());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof PortInUseException p) {
                return "port " + p.getPort() + " (HTTP façade) is already in use";
            }
        }
        String routeFile = routeFileProblem(chain);
        if (routeFile != null) {
            return routeFile;
        }
        for (Throwable t : chain) {
            if (t instanceof BindException) {
                String message = String.valueOf(t.getMessage());
                return oneLine(message.contains("port") ? message : "a port is already in use: " + message);
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private static String routeFileProblem(List<Throwable> chain) {
        String file = null;
        String line = null;
        String reason = null;
        for (Throwable t : chain) {
            String message = String.valueOf(t.getMessage());
            Matcher f = ROUTE_FILE.matcher(message);
            if (file == null && f.find()) {
                file = f.group(1).substring("file:".length());
            }
            Matcher l = LINE.matcher(message);
            if (l.find()) {
                line = l.group(1);
                reason = message;
            }
        }
        if (file == null) {
            return null;
        }
        String where = line == null ? file : file + ":" + line;
        String why = reason == null ? chain.get(chain.size() - 1).getMessage() : reason;
        return oneLine("route file " + where + " cannot be read: " + problemLines(why));
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** A YAML parser message names the problem on unindented lines and quotes the source on indented ones. */
    private static String problemLines(String s) {
        if (s == null) {
            return "";
        }
        String problem = String.join("; ", s.strip().lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .toList());
        return problem.isEmpty() ? s.strip() : problem;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
