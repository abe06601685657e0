package io.livestage.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/openapi.yaml} is valid OpenAPI 3.1 (swagger-parser's validation, every $ref resolved), and
 * it describes exactly the routes the server registers: a route added without its description, or a
 * description left after its route is gone, fails the build.
 */
class OpenApiDocumentTest {
    private static final Path DOCUMENT = Path.of("../docs/openapi.yaml");

    private static SwaggerParseResult parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIParser().readContents(yaml, null, options);
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        SwaggerParseResult result = parse(Files.readString(DOCUMENT));
        assertEquals(java.util.List.of(), result.getMessages(), "validation messages");
        OpenAPI api = result.getOpenAPI();
        assertNotNull(api);
        assertEquals("3.1.0", api.getOpenapi());
        assertEquals("bearer", api.getComponents().getSecuritySchemes().get("serviceKey").getScheme());
        assertEquals(1, api.getSecurity().size(), "every operation needs the service key");
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                String name = operation.getKey() + " " + path.getKey();
                assertNotNull(operation.getValue().getResponses().get("401"), name + " documents the refused key");
                assertTrue(operation.getValue().getSecurity() == null, name + " does not waive the key");
            }
        }
    }

    @Test
    void theValidatorRejectsABrokenDocument() throws Exception {
        String broken = Files.readString(DOCUMENT)
                .replace("      operationId: listShows\n", "      operationId: listShows\n      parameters: 7\n")
                .replace("$ref: \"#/components/schemas/Wallet\"", "$ref: \"#/components/schemas/NoSuchSchema\"");
        assertFalse(parse(broken).getMessages().isEmpty(), "a real validator finds what is wrong");
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesTheServerRegisters() throws Exception {
        Set<String> documented = new TreeSet<>();
        OpenAPI api = parse(Files.readString(DOCUMENT)).getOpenAPI();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (PathItem.HttpMethod method : path.getValue().readOperationsMap().keySet()) {
                documented.add(method + " " + path.getKey());
            }
        }
        Set<String> served = new TreeSet<>();
        // Dev mode, as the built-in defaults: the dev-only route is registered too.
        try (LiveStageServer server = TestServers.start(Map.of())) {
            server.apiRoutes().forEach(route -> served.add(route.method().name() + " " + route.template()));
        }
        assertTrue(served.contains("POST /api/dev/token"), served.toString());
        assertEquals(served, documented);
    }
}
