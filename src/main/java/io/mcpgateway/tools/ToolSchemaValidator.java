package io.mcpgateway.tools;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.resource.IriResourceLoader;
import io.mcpgateway.error.ErrorType;
import io.mcpgateway.error.GatewayException;

/**
 * Validates tool arguments against the {@code inputSchema} the upstream published for the tool (JSON Schema 2020-12,
 * the MCP default), so invalid calls are answered here without reaching the server. The schemas come from the
 * upstream: nothing they reference is ever fetched, and a schema the validator cannot use is skipped rather than
 * trusted to reject.
 */
public class ToolSchemaValidator {

    private static final int MAX_POINTER_LENGTH = 200;

    // References are never fetched (fetchRemoteResources); the http(s) loader is removed as well, so no future
    // default can bring fetching back. Only the meta-schemas bundled with the library resolve.
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .resourceLoaders(loaders -> loaders.values(list -> list.removeIf(IriResourceLoader.class::isInstance))))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).failFast(false)
                            .build()));
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /** Compiled schemas by the schema document itself (tool lists are cached and reused); empty = unusable. */
    private final Cache<JsonNode, Optional<Schema>> compiled;

    public ToolSchemaValidator(long maxCachedSchemas) {
        this.compiled = Caffeine.newBuilder().maximumSize(maxCachedSchemas).build();
    }

    private Optional<Schema> compile(JsonNode inputSchema) {
        try {
            return metaSchema.validate(inputSchema).isEmpty() ? Optional.of(registry.getSchema(inputSchema)) : Optional.empty();
        } catch (SchemaException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @throws GatewayException 400 {@code VALIDATION_ERROR} naming the JSON pointer of the first failure and the
     *                          keyword that failed (never the value)
     */
    public void validate(JsonNode inputSchema, JsonNode arguments) {
        if (inputSchema == null || !inputSchema.isObject()) {
            return;
        }
        Optional<Schema> schema = compiled.get(inputSchema, this::compile);
        if (schema.isEmpty()) {
            return; // an unusable schema is the upstream's to enforce
        }
        List<Error> errors;
        try {
            errors = schema.get().validate(arguments);
        } catch (SchemaException e) {
            return; // e.g. a $ref that cannot be resolved without fetching it
        }
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            String pointer = first.getInstanceLocation().toString();
            if (pointer.length() > MAX_POINTER_LENGTH) {
                pointer = pointer.substring(0, MAX_POINTER_LENGTH) + "...";
            }
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Invalid arguments at "
                    + (pointer.isEmpty() ? "/" : pointer) + ": fails '" + first.getKeyword() + "'");
        }
    }
}
