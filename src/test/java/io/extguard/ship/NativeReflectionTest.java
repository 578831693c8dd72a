package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.report.JsonReport;
import io.extguard.model.RunReport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The native executable reflects only on what was registered at build time. Jackson serialises the
 * JSON report by reflection, so every class it reaches from {@link RunReport} (records and the
 * enums in them) must be registered, by {@code @RegisterForReflection} or a reflect-config.json
 * under META-INF/native-image. (The code loads no classpath resource, so there is no resource list
 * to check; a check that looped over none asserted nothing and was removed.)
 */
class NativeReflectionTest {
    private static final Path NATIVE_IMAGE_CONFIG = Repo.path("src/main/resources/META-INF/native-image");

    @Test
    void everyClassTheJsonReportSerialisesIsRegisteredForReflection() {
        Set<String> serialised = serialisedFrom(RunReport.class);
        assertThat(serialised).contains(RunReport.class.getName()).hasSizeGreaterThan(1);
        assertThat(registered()).containsAll(serialised);
    }

    /** Application classes Jackson reaches from the root type: record components, element types. */
    static Set<String> serialisedFrom(Class<?> root) {
        Set<String> found = new TreeSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType p) {
                todo.addAll(List.of(p.getActualTypeArguments()));
                todo.push(p.getRawType());
            } else if (type instanceof WildcardType w) {
                todo.addAll(List.of(w.getUpperBounds()));
            } else if (type instanceof Class<?> c && c.getName().startsWith("io.extguard.") && found.add(c.getName())) {
                if (c.isRecord()) {
                    for (RecordComponent component : c.getRecordComponents()) {
                        todo.push(component.getGenericType());
                    }
                }
            }
        }
        return found;
    }

    static Set<String> registered() {
        Set<String> names = new TreeSet<>();
        RegisterForReflection annotation = JsonReport.class.getAnnotation(RegisterForReflection.class);
        for (Class<?> target : annotation.targets()) {
            names.add(target.getName());
        }
        if (NATIVE_IMAGE_CONFIG.toFile().isDirectory()) {
            for (Path config : Repo.files(NATIVE_IMAGE_CONFIG, "reflect-config.json")) {
                for (JsonNode entry : StrictYaml.single(config)) {
                    names.add(entry.path("name").asText());
                }
            }
        }
        return names;
    }
}
