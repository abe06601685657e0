package io.livestage.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text people would read that does not come from the web client's message catalogs: string
 * literals written into the page from its scripts, and text or labels in index.html without a
 * data-i18n* key. A scan of the source, not a JavaScript parser: it knows the few ways this client
 * puts text on screen (textContent and friends, aria-label/title/placeholder, h()'s children,
 * toast(), announce(), confirmDialog(), chat notices and stage notes), and that sentences start
 * with a capital letter.
 */
final class ClientStrings {
    /** Where a literal lands on screen: property assignments, whose value runs to the end of the statement. */
    private static final Pattern ASSIGNED = Pattern.compile("\\.(textContent|innerText|innerHTML|title|placeholder|alt)\\s*=(?![=>])");
    /**
     * Calls whose arguments are read or heard: the first for toast() (its second is the kind), the
     * children for h() (after the tag and the attributes), all of them for the others.
     */
    private static final Pattern CALLED = Pattern.compile("(?:\\b(toast|announce|confirm|alert|prompt|confirmDialog|notice|h"
            + "|append|prepend|replaceChildren|createTextNode)|#(note|status))\\s*\\(");
    private static final Pattern SET_ATTRIBUTE = Pattern.compile("\\bsetAttribute\\s*\\(\\s*\"§(\\d+)§\"\\s*,");
    private static final Pattern OBJECT_KEY = Pattern.compile("(?:\"§(\\d+)§\"|\\b(title|placeholder|alt))\\s*:(?!:)");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("aria-label", "aria-description", "title", "placeholder", "alt");
    private static final Pattern KEY_CALL = Pattern.compile("\\b(?:t|has)\\(\\s*$");
    private static final Pattern COMPARED_BEFORE = Pattern.compile("(?:[!=]==?|\\bcase)\\s*[\"'`]?$");
    private static final Pattern COMPARED_AFTER = Pattern.compile("^[\"'`]?\\s*[!=]==?");
    /** A template that starts like a catalog key ("actions.${action}Done") is one, wherever it is passed. */
    private static final Pattern KEY_START = Pattern.compile("^[a-z]\\w*\\.");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    /** "Busy", "Call", "Reconnecting video…": a capitalised word, not an identifier such as "AbortError". */
    private static final Pattern SENTENCE = Pattern.compile("^[\\s\\p{P}]*\\p{Lu}\\p{Ll}+(?![\\p{Lu}\\p{Ll}\\d_])");
    private static final Pattern CATALOG_KEY_USE = Pattern.compile("\\b(?:t|has)\\(\\s*\"§(\\d+)§\"\\s*[,)]");

    private ClientStrings() {
    }

    /** One string literal, or one static piece of a template literal. */
    private record Literal(String text, boolean key) {
    }

    /** The script with comments blanked and each literal replaced by §n§, and the literals. */
    private record Masked(String code, List<Literal> literals) {
    }

    /** Literal text on screen in one script, as "file:line: text (why)". */
    static List<String> scriptViolations(String file, String source, Set<String> catalogKeys) {
        Masked masked = mask(source);
        String code = masked.code();
        List<Literal> literals = masked.literals();
        List<String> found = new ArrayList<>();
        boolean[] reported = new boolean[literals.size()];
        for (int[] range : sinkRanges(code, literals)) {
            Matcher token = Pattern.compile("§(\\d+)§").matcher(code).region(range[0], range[1]);
            while (token.find()) {
                int index = Integer.parseInt(token.group(1));
                Literal literal = literals.get(index);
                if (!reported[index] && !literal.key() && LETTER.matcher(literal.text()).find()
                        && atTopLevel(code, range[0], token.start()) && !compared(code, token.start(), token.end())) {
                    reported[index] = true;
                    found.add(where(file, code, token.start()) + literal.text() + " (written into the page)");
                }
            }
        }
        Matcher token = Pattern.compile("§(\\d+)§").matcher(code);
        while (token.find()) {
            int index = Integer.parseInt(token.group(1));
            Literal literal = literals.get(index);
            if (!reported[index] && !literal.key() && SENTENCE.matcher(literal.text()).find()
                    && !compared(code, token.start(), token.end())) {
                found.add(where(file, code, token.start()) + literal.text() + " (a sentence)");
            }
        }
        Matcher keyUse = CATALOG_KEY_USE.matcher(code);
        while (keyUse.find()) {
            String key = literals.get(Integer.parseInt(keyUse.group(1))).text();
            if (!catalogKeys.contains(key)) {
                found.add(where(file, code, keyUse.start()) + key + " (no such key in the catalog)");
            }
        }
        return found;
    }

    /** Text and labels of the page itself without a data-i18n* key, and keys the catalog lacks. */
    static List<String> pageViolations(String html, Set<String> catalogKeys, Set<String> untranslated) {
        String page = html.replaceAll("(?s)<!--.*?-->|<!doctype[^>]*>", "");
        List<String> found = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        Matcher tag = Pattern.compile("<(/?)([a-zA-Z][\\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>").matcher(page);
        int textStart = 0;
        while (tag.find()) {
            String text = page.substring(textStart, tag.start()).strip();
            if (LETTER.matcher(text).find() && !untranslated.contains(text)) {
                String owner = open.isEmpty() ? "" : open.peek();
                if (!owner.contains("data-i18n=") && !owner.contains("data-i18n-seconds=") && !owner.matches("(?s)<(title|code|noscript)\\b.*")) {
                    found.add("index.html: " + text + " (text without data-i18n)");
                }
            }
            textStart = tag.end();
            String name = tag.group(2).toLowerCase();
            String attributes = tag.group(3);
            if (tag.group(1).isEmpty()) {
                for (String attribute : TEXT_ATTRIBUTES) {
                    Matcher value = Pattern.compile("\\s" + attribute + "=\"([^\"]*)\"").matcher(attributes);
                    String keyAttribute = "data-i18n-" + (attribute.startsWith("aria-") ? "label" : attribute);
                    if (value.find() && LETTER.matcher(value.group(1)).find() && !attributes.contains(keyAttribute + "=")) {
                        found.add("index.html: " + attribute + "=\"" + value.group(1) + "\" (without " + keyAttribute + ")");
                    }
                }
                Matcher key = Pattern.compile("\\sdata-i18n(?:-label|-placeholder|-title)?=\"([^\"]*)\"").matcher(attributes);
                while (key.find()) {
                    if (!catalogKeys.contains(key.group(1))) {
                        found.add("index.html: " + key.group(1) + " (no such key in the catalog)");
                    }
                }
                boolean empty = attributes.endsWith("/") || Set.of("input", "meta", "link", "br", "img", "use", "path", "circle", "rect")
                        .contains(name);
                if (!empty) {
                    open.push(tag.group());
                }
            } else if (!open.isEmpty()) {
                open.pop();
            }
        }
        return found;
    }

    /** The code ranges whose literals reach the screen. */
    private static List<int[]> sinkRanges(String code, List<Literal> literals) {
        List<int[]> ranges = new ArrayList<>();
        Matcher assigned = ASSIGNED.matcher(code);
        while (assigned.find()) {
            ranges.add(new int[] {assigned.end(), statementEnd(code, assigned.end())});
        }
        Matcher called = CALLED.matcher(code);
        while (called.find()) {
            List<int[]> arguments = arguments(code, called.end());
            String function = called.group(1) == null ? called.group(2) : called.group(1);
            int from = switch (function) {
                case "h" -> 2;
                default -> 0;
            };
            int to = "toast".equals(function) ? 1 : arguments.size();
            for (int i = from; i < Math.min(to, arguments.size()); i++) {
                ranges.add(arguments.get(i));
            }
        }
        Matcher attribute = SET_ATTRIBUTE.matcher(code);
        while (attribute.find()) {
            if (TEXT_ATTRIBUTES.contains(literals.get(Integer.parseInt(attribute.group(1))).text())) {
                List<int[]> arguments = arguments(code, attribute.start() + code.substring(attribute.start()).indexOf('(') + 1);
                ranges.add(arguments.get(arguments.size() - 1));
            }
        }
        Matcher key = OBJECT_KEY.matcher(code);
        while (key.find()) {
            boolean text = key.group(2) != null || TEXT_ATTRIBUTES.contains(literals.get(Integer.parseInt(key.group(1))).text());
            if (text && key.group(1) != null || key.group(2) != null && code.substring(0, key.start()).matches("(?s).*[{,]\\s*$")) {
                ranges.add(new int[] {key.end(), valueEnd(code, key.end())});
            }
        }
        return ranges;
    }

    /** The top-level arguments of the call whose "(" ends just before {@code start}. */
    private static List<int[]> arguments(String code, int start) {
        List<int[]> arguments = new ArrayList<>();
        int depth = 0;
        int from = start;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    if (i > from && !code.substring(from, i).isBlank()) {
                        arguments.add(new int[] {from, i});
                    }
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(new int[] {from, i});
                from = i + 1;
            }
        }
        return arguments;
    }

    private static int statementEnd(String code, int start) {
        return end(code, start, ";");
    }

    private static int valueEnd(String code, int start) {
        return end(code, start, ",;");
    }

    private static int end(String code, int start, String stops) {
        int depth = 0;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth-- == 0) {
                    return i;
                }
            } else if (depth == 0 && stops.indexOf(c) >= 0) {
                return i;
            }
        }
        return code.length();
    }

    /** Not inside a call nested in the range (another function's argument is its business: a key, a code, a kind). */
    private static boolean atTopLevel(String code, int rangeStart, int position) {
        Deque<Boolean> calls = new ArrayDeque<>();
        for (int i = rangeStart; i < position; i++) {
            char c = code.charAt(i);
            if (c == '(') {
                calls.push(i > 0 && (Character.isJavaIdentifierPart(code.charAt(i - 1)) || code.charAt(i - 1) == '§'));
            } else if (c == '[' || c == '{') {
                calls.push(false);
            } else if ((c == ')' || c == ']' || c == '}') && !calls.isEmpty()) {
                calls.pop();
            }
        }
        return !calls.contains(true);
    }

    private static boolean compared(String code, int start, int end) {
        return COMPARED_BEFORE.matcher(code.substring(Math.max(0, start - 12), start)).find()
                || COMPARED_AFTER.matcher(code.substring(end, Math.min(code.length(), end + 5))).find();
    }

    private static String where(String file, String code, int position) {
        return file + ":" + (code.substring(0, position).chars().filter(c -> c == '\n').count() + 1) + ": ";
    }

    /**
     * Blanks comments and replaces literals by §n§ (a template literal's static pieces each, its
     * ${...} code masked in turn). Literals that follow t( or has( are catalog keys.
     */
    private static Masked mask(String source) {
        List<Literal> literals = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        maskInto(source, 0, source.length(), code, literals);
        return new Masked(code.toString(), literals);
    }

    /** Masks source[from, to) into code; returns where it stopped (at a "}" closing a template's ${ when to is unknown). */
    private static int maskInto(String source, int from, int to, StringBuilder code, List<Literal> literals) {
        int depth = 0;
        int i = from;
        while (i < to) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                int end = source.indexOf('\n', i);
                i = end < 0 ? to : end;
            } else if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2) + 2;
                code.append(source.substring(i, end).replaceAll("[^\n]", " "));
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                StringBuilder text = new StringBuilder();
                while (source.charAt(end) != c) {
                    if (source.charAt(end) == '\\') {
                        end++;
                    }
                    text.append(source.charAt(end++));
                }
                boolean key = KEY_CALL.matcher(code).find();
                code.append('"').append('§').append(literals.size()).append('§').append('"');
                literals.add(new Literal(text.toString(), key));
                i = end + 1;
            } else if (c == '`') {
                boolean key = KEY_CALL.matcher(code).find();
                int first = literals.size();
                code.append('`');
                i++;
                StringBuilder text = new StringBuilder();
                while (source.charAt(i) != '`') {
                    if (source.charAt(i) == '\\') {
                        text.append(source.charAt(i + 1));
                        i += 2;
                    } else if (source.charAt(i) == '$' && source.charAt(i + 1) == '{') {
                        code.append('§').append(literals.size()).append('§');
                        literals.add(new Literal(text.toString(), key));
                        text.setLength(0);
                        code.append("${");
                        i = maskInto(source, i + 2, Integer.MAX_VALUE, code, literals);
                        code.append('}');
                        i++;
                    } else {
                        text.append(source.charAt(i++));
                    }
                }
                code.append('§').append(literals.size()).append('§').append('`');
                literals.add(new Literal(text.toString(), key));
                if (KEY_START.matcher(literals.get(first).text()).find()) {
                    for (int piece = first; piece < literals.size(); piece++) {
                        literals.set(piece, new Literal(literals.get(piece).text(), true));
                    }
                }
                i++;
            } else if (c == '/' && regexCanStart(code)) {
                int end = i + 1;
                boolean inClass = false;
                while (source.charAt(end) != '/' || inClass) {
                    if (source.charAt(end) == '\\') {
                        end++;
                    } else if (source.charAt(end) == '[') {
                        inClass = true;
                    } else if (source.charAt(end) == ']') {
                        inClass = false;
                    }
                    end++;
                }
                code.append("/regex/");
                i = end + 1;
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0 && to == Integer.MAX_VALUE) {
                        return i;
                    }
                    depth--;
                }
                code.append(c);
                i++;
            }
        }
        return i;
    }

    /** A "/" after an operator or an opening bracket starts a regular expression, not a division. */
    private static boolean regexCanStart(StringBuilder code) {
        for (int i = code.length() - 1; i >= 0; i--) {
            char c = code.charAt(i);
            if (!Character.isWhitespace(c)) {
                return "(,=:[!&|?{};".indexOf(c) >= 0;
            }
        }
        return true;
    }
}
