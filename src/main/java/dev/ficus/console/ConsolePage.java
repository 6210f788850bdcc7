package dev.ficus.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's page shell, {@code GET /console} ({@code text/html}): the navigation, the sign-in field and one
 * empty panel per view, each of which htmx fills from its fragment. The shell carries no data, so it is open like
 * its assets ({@code /console/assets/**}: {@code console.css}, {@code console.js}) and htmx
 * ({@code /webjars/htmx.org/dist/htmx.min.js}); every fragment needs role {@code operator} (README, Security).
 */
@Controller
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsolePage {

    private final ConsoleProperties properties;

    ConsolePage(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/console")
    String page(Model model) {
        model.addAttribute("refreshMs", properties.refreshMs());
        return "console/page";
    }
}
