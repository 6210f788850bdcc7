package dev.ficus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Module boundaries of the product: each capability ({@code facade}, {@code traffic}, {@code cdc}, {@code pos},
 * {@code console}) and the shared {@code platform} uses only what its {@code package-info} allows ({@code @ApplicationModule}), through
 * the other module's API, with no cycle; the same holds for the beans the YAML route files call (which the
 * compiler cannot see); and the README's module diagram is the one generated from the Spring Modulith model.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(FicusApplication.class);

    /** {@code ref: beanName} (or {@code bean:beanName} in a URI) in a route file. */
    private static final Pattern BEAN_REF = Pattern.compile("(?:\\bref:\\s*|bean:)([A-Za-z][A-Za-z0-9]*)");

    /** {@code routeTemplateRef: id} in a route file. */
    private static final Pattern TEMPLATE_REF = Pattern.compile("routeTemplateRef:\\s*([A-Za-z0-9-]+)");

    /** Route templates the product defines in Java, by template id. */
    private static final Map<String, Class<?>> TEMPLATES = Map.of(
            dev.ficus.facade.FacadeRouteTemplate.ID, dev.ficus.facade.FacadeRouteTemplate.class);

    @Test
    void modulesRespectTheirDeclaredDependencies() {
        MODULES.verify();
    }

    @Test
    void theProductHasExactlyTheCapabilityModules() {
        assertThat(MODULES.stream().map(m -> m.getIdentifier().toString()))
                .containsExactlyInAnyOrder("facade", "traffic", "cdc", "pos", "platform", "console");
    }

    /**
     * A route file under {@code routes/<capability>/} may call a bean of its own module or of a module its
     * capability is allowed to use; the called module must not be allowed to use the caller (no cycle).
     */
    @Test
    void routeFilesCallOnlyBeansTheirModuleMayUse() throws IOException {
        Map<String, String> beanModules = beanModules();
        List<String> violations = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                String caller = Path.of("routes").relativize(file).getName(0).toString();
                String text = Files.readString(file);
                Matcher t = TEMPLATE_REF.matcher(text);
                while (t.find()) {
                    checked++;
                    Class<?> template = TEMPLATES.get(t.group(1));
                    String owner = template == null ? null
                            : MODULES.getModuleByType(template).orElseThrow().getIdentifier().toString();
                    if (!caller.equals(owner)) {
                        violations.add(file + ": route template " + t.group(1) + " is not one of module " + caller);
                    }
                }
                Matcher m = BEAN_REF.matcher(text);
                while (m.find()) {
                    checked++;
                    String bean = m.group(1);
                    String callee = beanModules.get(bean);
                    if (callee == null) {
                        violations.add(file + ": bean " + bean + " is not a bean of any module");
                    } else if (!callee.equals(caller) && !allowed(caller).contains(callee)) {
                        violations.add(file + ": module " + caller + " calls bean " + bean + " of module " + callee
                                + ", which its package-info does not allow");
                    } else if (!callee.equals(caller) && allowed(callee).contains(caller)) {
                        violations.add(file + ": cycle, " + callee + " may also use " + caller);
                    }
                }
            }
        }
        assertThat(checked).as("bean and template references found in routes/").isGreaterThanOrEqualTo(8);
        assertThat(violations).isEmpty();
    }

    @Test
    void readmeShowsTheGeneratedModuleDiagram() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> edges = new ArrayList<>();
        for (var module : MODULES) {
            module.getDirectDependencies(MODULES).uniqueModules()
                    .forEach(dependency -> edges.add(module.getIdentifier() + " --> " + dependency.getIdentifier()));
        }
        assertThat(edges).as("Java dependencies between modules").isNotEmpty();
        for (String edge : edges) {
            assertThat(readme).as("README's Mermaid module diagram has the edge " + edge).contains(edge);
        }
        assertThat(readme).as("README's diagram declares every allowed YAML dependency too")
                .contains("facade -. YAML: trafficControl .-> traffic").contains("pos -. YAML: trafficControl .-> traffic");
    }

    private static List<String> allowed(String module) {
        ApplicationModule declared = Package.getPackage("dev.ficus." + module) == null ? null
                : loadPackageInfo(module).getAnnotation(ApplicationModule.class);
        if (declared == null) {
            return List.of();
        }
        return Arrays.stream(declared.allowedDependencies()).map(d -> d.split("::")[0].strip()).toList();
    }

    private static Package loadPackageInfo(String module) {
        try {
            return Class.forName("dev.ficus." + module + ".package-info").getPackage();
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no package-info in dev.ficus." + module, e);
        }
    }

    /** Spring's default bean name of every product class (decapitalised simple name) and @Bean method, by module. */
    private static Map<String, String> beanModules() {
        Map<String, String> names = new TreeMap<>();
        for (var module : MODULES) {
            module.getBasePackage().stream().forEach(type -> {
                String simple = type.getSimpleName();
                if (!simple.isEmpty()) {
                    names.put(Character.toLowerCase(simple.charAt(0)) + simple.substring(1),
                            module.getIdentifier().toString());
                }
                type.getMethods().stream()
                        .filter(method -> method.isAnnotatedWith(org.springframework.context.annotation.Bean.class))
                        .forEach(method -> names.put(method.getName(), module.getIdentifier().toString()));
            });
        }
        return names.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
