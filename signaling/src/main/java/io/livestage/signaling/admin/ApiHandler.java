package io.livestage.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Carries out one route: its path parameters and JSON body (an empty object when none was sent). */
@FunctionalInterface
public interface ApiHandler {
    CompletionStage<ApiAnswer> handle(Map<String, String> params, JsonNode body);
}
