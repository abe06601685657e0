package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every word the web client shows or says comes from its message catalogs (web/i18n), so the Hindi
 * page has no English left in it: no literal text written into the page by a script, no text or
 * label in index.html without its data-i18n* key, and every key used exists. The scanner is
 * checked on known bad and good lines first, so a scan that finds nothing means something.
 */
class ClientStringsTest {
    /** Shown as they are in every language: the brand, and the language menu's own names for its languages. */
    private static final Set<String> UNTRANSLATED = Set.of("LiveStage", "English", "हिन्दी");
    private static final Set<String> KEYS = Set.of("home.call", "home.busy");

    @Test
    void theScannerFindsLiteralTextInEveryWayTheClientWritesText() {
        List<String> bad = List.of(
                "el.textContent = \"Connection lost\";",
                "el.textContent = seconds > 0\n    ? `Reconnecting in ${seconds} s…` : t(\"home.call\");",
                "$(\"#coins\").title = `${balance} coins`;",
                "button.setAttribute(\"aria-label\", \"close it\");",
                "h(\"button\", {type: \"button\", \"aria-label\": `more for ${name}`}, \"x\");",
                "h(\"button\", {onclick: () => go()}, busy ? \"busy now\" : t(\"home.call\"));",
                "h(\"span\", {class: \"hint\"}, `${rate} coins/min`);",
                "toast(\"you are back online\");",
                "announce(`${name} sent a gift`);",
                "this.#note(\"waiting for the host\");",
                "this.#chat.notice(\"reconnected\");",
                "line.append(\"blocked\", strong);",
                "confirmDialog(question, \"yes\", t(\"home.busy\"));",
                "const LABELS = {low: \"Low\"};",
                "h(\"button\", {}, t(\"home.nothing\"));");
        for (String line : bad) {
            assertFalse(ClientStrings.scriptViolations("bad.js", line, KEYS).isEmpty(), "a finding in: " + line);
        }
        List<String> good = List.of(
                "el.textContent = t(\"home.call\", {count: formatNumber(n)});",
                "el.textContent = `${a} · ${b}`;",
                "toast(describe(error), \"error\");",
                "toast(error.code === \"not_found\" ? showEndedSentence(\"host_left\") : describe(error), \"error\");",
                "h(\"li\", {class: \"show-card\", dataset: {key: id}}, h(\"strong\", {}, show.title), \" · \");",
                "if (event.key === \"Escape\") close();",
                "if (error?.name === \"NotAllowedError\") return t(\"home.busy\");",
                "toast(t(message.state === \"away\" ? \"home.busy\" : \"home.call\"));",
                "request(\"room.moderate\", {userId}, `actions.${action}Done`);",
                "const x = t(`quality.${level}`); el.textContent = x;",
                "document.querySelectorAll(\".roles input:checked\");",
                "el.setAttribute(\"aria-pressed\", String(on));",
                "const slug = name.replace(/[^a-z0-9\"]+/g, \"-\"); // Comments Say Anything.");
        for (String line : good) {
            assertEquals(List.of(), ClientStrings.scriptViolations("good.js", line, KEYS), line);
        }
    }

    @Test
    void theScannerFindsPageTextWithoutAKey() {
        assertEquals(4, ClientStrings.pageViolations("""
                <!doctype html><html><body>
                <p>Nobody is live</p>
                <button aria-label="Close">✕</button>
                <input placeholder="Say something" data-i18n-label="home.call">
                <span data-i18n="home.gone">Gone</span>
                </body></html>""", KEYS, UNTRANSLATED).size());
        assertEquals(List.of(), ClientStrings.pageViolations("""
                <!doctype html><html><head><title>LiveStage</title></head><body>
                <h1>LiveStage</h1><select><option value="hi">हिन्दी</option></select>
                <p data-i18n="home.call">Call</p><svg><path d="M1 1"/></svg>
                <button aria-label="Busy" data-i18n-label="home.busy">×1</button>
                <p class="hint"><span data-i18n="home.busy">Busy</span> <code>/#token=…</code></p>
                <!-- Comments say anything. --><noscript>Needs JavaScript.</noscript>
                </body></html>""", KEYS, UNTRANSLATED));
    }

    @Test
    void theClientsScriptsAndPageTakeEveryWordFromTheCatalogs() throws Exception {
        Path web = Path.of(ClientStringsTest.class.getClassLoader().getResource("web/index.html").toURI()).getParent();
        Set<String> keys = new TreeSet<>();
        new ObjectMapper().readTree(web.resolve("i18n/en.json").toFile()).fieldNames().forEachRemaining(keys::add);
        List<String> found = new ArrayList<>(ClientStrings.pageViolations(read(web.resolve("index.html")), keys, UNTRANSLATED));
        List<Path> scripts;
        try (Stream<Path> files = Files.list(web.resolve("js"))) {
            scripts = files.filter(file -> file.toString().endsWith(".js")).sorted().toList();
        }
        assertTrue(scripts.size() > 10, "the client's scripts: " + scripts);
        for (Path script : scripts) {
            found.addAll(ClientStrings.scriptViolations(script.getFileName().toString(), read(script), keys));
        }
        assertEquals(List.of(), found, "text for people that is not in web/i18n/*.json");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
