package dev.ficus.platform.security;

import dev.ficus.platform.StartupCheckException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Which roles have a credential configured, and the rule for those that have none: the surfaces of a role that no
 * API key grants, no {@code ficus.admin-token} covers ({@code operator}) and no JWT issuer can vouch for are open to
 * loopback callers only (the TCP peer is 127.0.0.0/8 or ::1; forwarded headers are not believed; not for a request a
 * page of another site made the browser send, {@link #fromAnotherSite}), and refused to everyone else with 401. Profile {@code prod} refuses to start with any such role ({@link #requireCredentials}).
 */
public final class SurfaceAccess {

    /** Prefix of the principal name a loopback caller gets, e.g. {@code loopback:127.0.0.1}. */
    public static final String LOOPBACK_PRINCIPAL_PREFIX = "loopback:";

    private final Set<Role> unguarded;
    private final boolean passThroughOpen;

    /**
     * @param apiKeyRoles     roles granted by at least one API key
     * @param adminToken      whether {@code ficus.admin-token} is set (a credential for {@code operator})
     * @param jwt             whether JWTs are accepted (a credential for every role)
     * @param passThroughOpen whether the pass-through proxy needs no credential
     */
    public SurfaceAccess(Set<Role> apiKeyRoles, boolean adminToken, boolean jwt, boolean passThroughOpen) {
        Set<Role> open = EnumSet.allOf(Role.class);
        open.removeAll(apiKeyRoles);
        if (adminToken) {
            open.remove(Role.OPERATOR);
        }
        if (jwt) {
            open.clear();
        }
        this.unguarded = Collections.unmodifiableSet(open);
        this.passThroughOpen = passThroughOpen;
    }

    /** @return the roles without any credential, whose surfaces are open to loopback callers only */
    public Set<Role> unguarded() {
        return unguarded;
    }

    /** @return whether the pass-through proxy is open to everyone ({@code ficus.security.pass-through-open}) */
    public boolean passThroughOpen() {
        return passThroughOpen;
    }

    /**
     * The decision for a caller without a credential, or without the surface's role.
     *
     * @param role       the surface's role
     * @param remoteAddr the TCP peer's address ({@code ServletRequest.getRemoteAddr()})
     * @return true when the role has no credential and the caller is on loopback
     */
    public boolean openOnLoopback(Role role, String remoteAddr) {
        return unguarded.contains(role) && isLoopback(remoteAddr);
    }

    /**
     * @param remoteAddr the TCP peer's address
     * @return for a loopback caller while some role has no credential: the principal
     *         {@code loopback:<address>} with those roles (so health details and audits work on a developer's
     *         machine); otherwise null
     */
    public Authentication loopbackCaller(String remoteAddr) {
        if (unguarded.isEmpty() || !isLoopback(remoteAddr)) {
            return null;
        }
        return new LoopbackCaller(LOOPBACK_PRINCIPAL_PREFIX + remoteAddr, unguarded);
    }

    /**
     * @param authentication an authentication, or null
     * @return whether it is a loopback caller's ({@link #loopbackCaller}): one that presented no credential, so a
     *         surface it may not use answers 401 (authenticate), not 403
     */
    public static boolean isLoopbackCaller(Authentication authentication) {
        return authentication instanceof LoopbackCaller;
    }

    /** A loopback caller without credential, holding the roles that have none. */
    private static final class LoopbackCaller extends UsernamePasswordAuthenticationToken {
        LoopbackCaller(String name, Set<Role> roles) {
            super(name, null, roles.stream().map(Role::authority).toList());
        }
    }

    /**
     * Whether a browser may have been made to send the request by a page of another site: a loopback caller's
     * grant rests on its address alone, as a cookie would, so it is not given to such a request.
     *
     * @param request   an HTTP request
     * @param checkHost whether a {@code Host} that names no loopback host counts too (the operator surface: a page
     *                  whose name was re-pointed at 127.0.0.1, "DNS rebinding"); not for the modern API and the
     *                  pass-through proxy, whose clients legitimately name the legacy host they were pointed at
     * @return true when the browser marked it as made by another origin ({@code Sec-Fetch-Site} other than
     *         {@code same-origin} or {@code none}), when its {@code Origin} is not the scheme, host and port it was
     *         sent to, or (with {@code checkHost}) when its {@code Host} does not name a loopback host; false for
     *         clients that send none of these headers (curl, Java)
     */
    public static boolean fromAnotherSite(HttpServletRequest request, boolean checkHost) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return true;
        }
        String host = request.getHeader("Host");
        if (checkHost && host != null && !loopbackName(host.replaceFirst(":[0-9]+$", ""))) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && (host == null || !origin.equalsIgnoreCase(request.getScheme() + "://" + host));
    }

    private static boolean loopbackName(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost")
                || isLoopback(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
    }

    /**
     * @param remoteAddr an IP address literal (IPv4 or IPv6), as the servlet container reports the TCP peer
     * @return whether it is a loopback address; false for anything that is not an IP literal (no DNS look-up)
     */
    public static boolean isLoopback(String remoteAddr) {
        if (remoteAddr == null || !remoteAddr.matches("[0-9a-fA-F:.]+(%\\w+)?") || !remoteAddr.matches(".*[.:].*")) {
            return false;
        }
        try {
            return InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Profile {@code prod}: every surface needs a credential.
     *
     * @throws StartupCheckException naming the roles and their surfaces without a credential, and what to set
     */
    public void requireCredentials() {
        if (!unguarded.isEmpty()) {
            throw new StartupCheckException("profile prod needs a credential for every HTTP surface; none for "
                    + describe(unguarded) + ": set ficus.security.api-keys[n] granting "
                    + (unguarded.size() == 1 ? "that role" : "those roles")
                    + " (env FICUS_SECURITY_APIKEYS_0_NAME, _KEY, _ROLES) or a JWT issuer "
                    + "(SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI)");
        }
    }

    /** @return one line per surface for the start-up summary: who may use it */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Surface s : Surface.values()) {
            Role role = s == Surface.PASS_THROUGH && passThroughOpen ? null : s.role();
            String who = role == null ? "open to everyone"
                    : unguarded.contains(role) ? "OPEN TO LOOPBACK ONLY: no credential for role " + role
                    : "needs role " + role;
            lines.add(s.paths() + ": " + who);
        }
        return lines;
    }

    /**
     * @param roles roles
     * @return e.g. {@code "operator (/admin/**, /console/**, /cdc/**), monitoring (/actuator/**)"}
     */
    static String describe(Set<Role> roles) {
        return roles.stream().map(r -> r + " (" + java.util.Arrays.stream(Surface.values())
                        .filter(s -> s.role() == r).map(Surface::paths).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining(", "));
    }
}
