package dev.ficus.platform;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.security.Role;

/**
 * The roles of Ficus's Artemis broker and the per-address permissions they get, in Artemis's terms
 * ({@link Role}: send, consume, browse, createAddress, createDurableQueue, ...). Each capability protects its own
 * addresses with {@link #protect}; {@link #DEFAULT_MATCH} covers every other address, management included.
 *
 * <p>Artemis applies the security setting of the <em>most specific</em> match only (no merging), so every setting
 * written here names {@link #FICUS} and {@link #ADMIN} with every permission beside the role it opens the address
 * to. {@code deploy/artemis/broker.properties} declares the same for an external broker
 * ({@code BrokerPropertiesFileTest} keeps the two equal).
 *
 * <table>
 *   <caption>Roles</caption>
 *   <tr><th>role</th><th>may</th></tr>
 *   <tr><td>{@value #FICUS}</td><td>everything: Ficus's own identity (in-VM, or {@code ARTEMIS_USER} on an
 *       external broker)</td></tr>
 *   <tr><td>{@value #ADMIN}</td><td>everything, management ({@code activemq.management}) included: operators</td></tr>
 *   <tr><td>{@value #POS_PRODUCER}</td><td>send to {@code pos.inbound}, nothing else (tills)</td></tr>
 *   <tr><td>{@value #POS_CONSUMER}</td><td>subscribe to the POS event addresses {@code retail.pos.*}</td></tr>
 *   <tr><td>{@value #CHANGE_CONSUMER}</td><td>subscribe to the change-event addresses</td></tr>
 * </table>
 */
public final class BrokerSecurity {

    /** Ficus's own identity: every permission on every address. */
    public static final String FICUS = "ficus";
    /** Operators: every permission on every address, management included. */
    public static final String ADMIN = "admin";
    /** Tills: send to the POS inbound queue only. */
    public static final String POS_PRODUCER = "pos-producer";
    /** Subscribers of the POS event addresses. */
    public static final String POS_CONSUMER = "pos-consumer";
    /** Subscribers of the change-event addresses. */
    public static final String CHANGE_CONSUMER = "change-consumer";

    /** Artemis's match of every address: only {@link #FICUS} and {@link #ADMIN} get anything there. */
    public static final String DEFAULT_MATCH = "#";

    /**
     * The advisory topics every OpenWire (ActiveMQ 5/6) client subscribes to when it connects: each client role may
     * subscribe there, or an OpenWire till could not even connect. The acceptor publishes no advisories
     * ({@code supportAdvisory=false}), so they carry nothing.
     */
    public static final String OPENWIRE_ADVISORIES = "ActiveMQ.Advisory.#";

    /** The roles of clients, each allowed to subscribe to {@link #OPENWIRE_ADVISORIES}. */
    public static final List<String> CLIENT_ROLES = List.of(POS_PRODUCER, POS_CONSUMER, CHANGE_CONSUMER);

    private BrokerSecurity() {
    }

    /**
     * Declares the security setting of one address match: {@link #FICUS} and {@link #ADMIN} may do everything, and
     * each of {@code others} what it is given.
     *
     * @param configuration the broker's configuration
     * @param match         an address or Artemis wildcard match, e.g. {@code retail.pos.#}
     * @param others        further roles, e.g. {@link #sender(String)}
     */
    public static void protect(Configuration configuration, String match, Role... others) {
        Set<Role> roles = new LinkedHashSet<>();
        roles.add(everything(FICUS));
        roles.add(everything(ADMIN));
        roles.addAll(Set.of(others));
        configuration.putSecurityRoles(match, roles);
    }

    /**
     * The security settings of every address no capability claims: {@link #DEFAULT_MATCH} (Ficus and admins only)
     * and {@link #OPENWIRE_ADVISORIES}.
     *
     * @param configuration the broker's configuration
     */
    public static void protectDefaults(Configuration configuration) {
        protect(configuration, DEFAULT_MATCH);
        protect(configuration, OPENWIRE_ADVISORIES, CLIENT_ROLES.stream().map(name -> {
            Role role = new Role();
            role.setName(name);
            role.setConsume(true);
            role.setCreateAddress(true);
            role.setCreateNonDurableQueue(true);
            role.setDeleteNonDurableQueue(true);
            return role;
        }).toArray(Role[]::new));
    }

    /**
     * @param name role name
     * @return a role that may send, and nothing else (no consume, browse or queue creation)
     */
    public static Role sender(String name) {
        Role role = new Role();
        role.setName(name);
        role.setSend(true);
        return role;
    }

    /**
     * A subscriber: consume and browse, create the address when it does not exist yet, create and delete its
     * (durable or not) subscription queues; never send.
     *
     * @param name role name
     * @return the role
     */
    public static Role subscriber(String name) {
        Role role = new Role();
        role.setName(name);
        role.setConsume(true);
        role.setBrowse(true);
        role.setCreateAddress(true);
        role.setCreateDurableQueue(true);
        role.setDeleteDurableQueue(true);
        role.setCreateNonDurableQueue(true);
        role.setDeleteNonDurableQueue(true);
        return role;
    }

    /**
     * @param name role name
     * @return a role with every permission Artemis knows, {@code manage} included
     */
    static Role everything(String name) {
        Role role = subscriber(name);
        role.setSend(true);
        role.setDeleteAddress(true);
        role.setManage(true);
        role.setView(true);
        role.setEdit(true);
        return role;
    }
}
