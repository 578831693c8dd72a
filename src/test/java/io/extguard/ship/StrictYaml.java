package io.extguard.ship;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML read the way the Kubernetes API server reads JSON: a key given twice is an error, and no
 * scalar changes type on the way ({@code port: "9000"} is not a number, {@code value: 9000} is not
 * a string). Unknown fields fail where the target type allows it; fabric8's model types swallow
 * them into {@code additionalProperties}, which {@link KubernetesModel} checks.
 */
final class StrictYaml {
    static final ObjectMapper MAPPER = strict(YAMLMapper.builder(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build());
    static final ObjectMapper JSON = strict(JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private StrictYaml() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Every document of a YAML file; a file of several documents separated by --- gives several. */
    static List<JsonNode> documents(Path file) {
        try (JsonParser parser = MAPPER.createParser(file.toFile());
             MappingIterator<JsonNode> docs = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + Repo.relative(file) + " as YAML: " + e.getMessage(), e);
        }
    }

    static List<JsonNode> documents(String yaml) {
        try (JsonParser parser = MAPPER.createParser(yaml);
             MappingIterator<JsonNode> docs = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read YAML: " + e.getMessage(), e);
        }
    }

    static JsonNode single(Path file) {
        List<JsonNode> docs = documents(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(Repo.relative(file) + " has " + docs.size() + " YAML documents, expected 1");
        }
        return docs.get(0);
    }
}
