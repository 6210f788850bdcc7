/**
 * Migration console: a web page at {@code /console} for the people who run a migration. Server-rendered
 * (Thymeleaf templates under {@code templates/console/}) and kept live by htmx, which polls each panel's HTML
 * fragment ({@code /console/<panel>}, role {@code operator}) every {@code console.refresh-ms}. Panels: the
 * migration ledger (traffic control's routes, their traffic per side, the "safe to retire" verdict and history),
 * the shadow diff viewer, change data capture and POS ingest, POS dead letters, planned rollouts. Actions are never made here: the page sends them to
 * the admin API ({@code PUT /admin/traffic/routes/{id}}, ...), which authorises and audits them as for any client.
 *
 * <p>Uses: {@code traffic} through its named interface {@code admin} and {@code pos} through its named interface
 * {@code dead-letters} (the admin APIs' read methods, so the console shows what the APIs answer). Change data capture and POS ingest are read through
 * Spring Boot's health registry (component {@code cdc}) and Micrometer ({@code ficus.cdc.*}, {@code ficus.pos.*}),
 * not through their classes. Nothing depends on the console.
 */
@ApplicationModule(displayName = "Migration console", allowedDependencies = {"traffic :: admin",
        "pos :: dead-letters", "platform", "platform :: web"})
package dev.ficus.console;

import org.springframework.modulith.ApplicationModule;
