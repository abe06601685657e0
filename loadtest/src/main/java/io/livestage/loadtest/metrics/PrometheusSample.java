package io.livestage.loadtest.metrics;

/** One sample line of the Prometheus text format: {@code name{labels} value [timestamp]}. */
record PrometheusSample(String name, String labels, double value) {

    /** The sample on {@code line}, or null when the line is not a well-formed sample. */
    static PrometheusSample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        String name;
        String labels;
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            int close = line.lastIndexOf('}');
            if (close < brace) {
                return null;
            }
            name = line.substring(0, brace);
            labels = line.substring(brace + 1, close);
            rest = line.substring(close + 1).trim();
        } else if (space > 0) {
            name = line.substring(0, space);
            labels = "";
            rest = line.substring(space + 1).trim();
        } else {
            return null;
        }
        int end = rest.indexOf(' ');
        try {
            return new PrometheusSample(name, labels, Double.parseDouble(end < 0 ? rest : rest.substring(0, end)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
