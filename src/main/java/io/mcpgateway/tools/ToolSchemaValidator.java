package io.mcpgateway.tools;

import java.time.Duration;
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
 * trusted to reject. That includes a schema with a pattern that needs backtracking (backreferences, lookaround):
 * patterns run on a linear-time engine ({@link LinearTimePatterns}), so no argument can make validation slow.
 */
public class ToolSchemaValidator {

    private static final int MAX_POINTER_LENGTH = 200;
    /**
     * All pattern matching of one call together. Linear time is not yet short: 512 K characters against a pattern at
     * the expansion limit take seconds; the usual patterns take well under 0.1 s on the largest arguments.
     */
    static final Duration MAX_MATCHING_TIME = Duration.ofSeconds(1);

    // References are never fetched (fetchRemoteResources); the http(s) loader is removed as well, so no future
    // default can bring fetching back. Only the meta-schemas bundled with the library resolve.
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .resourceLoaders(loaders -> loaders.values(list -> list.removeIf(IriResourceLoader.class::isInstance))))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).failFast(false)
                            .regularExpressionFactory(new LinearTimePatterns()).build()));
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /** Compiled schemas by the schema document itself (tool lists are cached and reused); empty = unusable. */
    private final Cache<JsonNode, Optional<Schema>> compiled;

    public ToolSchemaValidator(long maxCachedSchemas) {
        this.compiled = Caffeine.newBuilder().maximumSize(maxCachedSchemas).build();
    }

    /**
     * The schema with every keyword's validator built now, so a pattern the linear-time engine refuses makes the whole
     * schema unusable here, never half of it at a call: a keyword left out would change what {@code not},
     * {@code oneOf} or {@code additionalProperties} around it decide, and could refuse calls the upstream accepts.
     */
    private Optional<Schema> compile(JsonNode inputSchema) {
        try {
            if (!metaSchema.validate(inputSchema).isEmpty()) {
                return Optional.empty();
            }
            Schema schema = registry.getSchema(inputSchema);
            schema.initializeValidators();
            return Optional.of(schema);
        } catch (SchemaException | IllegalArgumentException e) {
            return Optional.empty(); // includes LinearTimePatterns.UnsupportedPatternException
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
            errors = LinearTimePatterns.withinTime(MAX_MATCHING_TIME, () -> schema.get().validate(arguments));
        } catch (SchemaException e) {
            return; // e.g. a $ref that cannot be resolved without fetching it
        } catch (LinearTimePatterns.MatchingTimeExceededException e) {
            // refused, not passed on unjudged: these arguments would cost the upstream's validator as much or more
            throw new GatewayException(ErrorType.VALIDATION_ERROR, "Arguments too costly to check against the tool's schema");
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
