package dev.ficus.platform;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Parses Kubernetes manifests into fabric8's typed Kubernetes model the way the API server's strict field
 * validation ({@code kubectl apply --validate=strict}) would judge them, without a cluster.
 *
 * <p>fabric8's model classes accept any field they do not know into {@code additionalProperties} (Jackson's
 * any-setter), so Jackson's own FAIL_ON_UNKNOWN_PROPERTIES never fires. This parser walks the parsed object and
 * fails on every non-empty {@code additionalProperties}, naming where it is: a misspelled field
 * ({@code readinesProbe}), a field under the wrong parent, or a field of another API version. It also fails on an
 * {@code apiVersion}/{@code kind} the model does not know and on a key given twice in one YAML mapping.
 */
final class StrictManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictManifests() {
    }

    /**
     * @param yaml one or more YAML documents ({@code ---} separated); empty documents are skipped
     * @param source the documents' origin (file name), used in error messages
     * @return the typed resources, in document order
     * @throws IllegalArgumentException when a document is not a mapping, has no {@code apiVersion}/{@code kind},
     *     names a kind the model does not know, or has a field the model does not know (the message lists each
     *     such field with its path, e.g. {@code spec.template.spec.containers[0].readinesProbe})
     */
    static List<HasMetadata> parse(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<HasMetadata> resources = new ArrayList<>();
        int index = 0;
        for (Object document : new Yaml(options).loadAll(yaml)) {
            index++;
            if (document != null) {
                resources.add(parseDocument(document, source + " document " + index));
            }
        }
        return resources;
    }

    private static HasMetadata parseDocument(Object document, String where) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + ": not a YAML mapping");
        }
        Object apiVersion = map.get("apiVersion");
        Object kind = map.get("kind");
        if (apiVersion == null || kind == null) {
            throw new IllegalArgumentException(where + ": apiVersion and kind are required");
        }
        Class<? extends KubernetesResource> type =
                SERIALIZATION.getRegisteredKubernetesResource(apiVersion.toString(), kind.toString());
        if (type == null || !HasMetadata.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(where + ": unknown resource " + apiVersion + " " + kind);
        }
        HasMetadata resource = (HasMetadata) SERIALIZATION.convertValue(map, type);
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + " (" + kind + " " + resource.getMetadata().getName()
                    + "): fields unknown to " + apiVersion + " " + kind + ": " + String.join(", ", unknown));
        }
        return resource;
    }

    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectUnknownFields(item, path + "[" + key + "]", unknown));
        } else if (value instanceof KubernetesResource resource) {
            for (Class<?> c = resource.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        inspect(resource, field, path, unknown);
                    }
                }
            }
        }
    }

    private static void inspect(Object owner, Field field, String path, List<String> unknown) {
        field.setAccessible(true);
        Object fieldValue;
        try {
            fieldValue = field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
            if (fieldValue instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add(join(path, String.valueOf(key))));
            }
            return;
        }
        com.fasterxml.jackson.annotation.JsonProperty json =
                field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        String name = json != null && !json.value().isEmpty() ? json.value() : field.getName();
        collectUnknownFields(fieldValue, join(path, name), unknown);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
