package io.peergate.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to check an expression against a node's meters: it finds the
 * metric selectors with their label matchers, the labels grouped by, and fails on what is
 * not PromQL (an unknown function, an unbalanced bracket, a bad range, a stray
 * character). Grafana's variables ({@code $instance}, {@code $__rate_interval}) stand
 * where PromQL has a string or a duration.
 */
final class PromQl {

    /** Functions and aggregations the dashboard and the rules may use. */
    static final Set<String> FUNCTIONS = Set.of("sum", "min", "max", "avg", "count", "topk", "bottomk", "quantile",
            "rate", "irate", "increase", "delta", "deriv", "max_over_time", "min_over_time", "avg_over_time",
            "histogram_quantile", "abs", "clamp_min", "clamp_max", "absent", "vector", "label_values", "time");

    private static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "on", "ignoring",
            "group_left", "group_right", "bool", "offset");

    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+|\\$__rate_interval|\\$__interval");

    private static final Pattern MATCHER = Pattern
        .compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    /** A metric as an expression uses it: its name and the labels it matches on. */
    record Selector(String metric, Set<String> labels) {
    }

    /** What an expression reads. */
    record Parsed(List<Selector> selectors, Set<String> groupingLabels) {
    }

    private PromQl() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong and where
     */
    static Parsed parse(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        checkBalanced(expr);
        int i = 0;
        String previous = "";
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c) || "(),+-*/<>=!^%".indexOf(c) >= 0) {
                i++;
                continue;
            }
            if (c == '"') {
                i = endOfString(expr, i);
                continue;
            }
            if (c == '[') {
                int end = expr.indexOf(']', i);
                String range = expr.substring(i + 1, end);
                if (!DURATION.matcher(range).matches()) {
                    throw new IllegalArgumentException("bad range [" + range + "] in: " + expr);
                }
                i = end + 1;
                continue;
            }
            if (Character.isDigit(c) || c == '.') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
                String number = expr.substring(start, i);
                if (!number.matches("\\d+(\\.\\d+)?(e[+-]?\\d+)?")
                        && !("offset".equals(previous) && DURATION.matcher(number).matches())) {
                    throw new IllegalArgumentException("bad number or duration '" + number + "' in: " + expr);
                }
                previous = number;
                continue;
            }
            if (c == '{') {
                throw new IllegalArgumentException("a label matcher without a metric name at " + i + " in: " + expr);
            }
            if (!(Character.isLetter(c) || c == '_')) {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + i + " in: " + expr);
            }
            int start = i;
            while (i < expr.length()
                    && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                i++;
            }
            String word = expr.substring(start, i);
            int next = skipSpaces(expr, i);
            if ("by".equals(word) || "without".equals(word) || "on".equals(word) || "ignoring".equals(word)) {
                int close = expr.indexOf(')', next);
                for (String label : expr.substring(next + 1, close).split(",")) {
                    if (!label.isBlank()) {
                        grouping.add(label.strip());
                    }
                }
                i = close + 1;
            }
            else if (KEYWORDS.contains(word)) {
                // an operator
            }
            else if (FUNCTIONS.contains(word) || next < expr.length() && expr.charAt(next) == '(') {
                // a function, or an aggregation with its by or without clause first
                if (!FUNCTIONS.contains(word)) {
                    throw new IllegalArgumentException("unknown function " + word + " in: " + expr);
                }
                if ("label_values".equals(word)) {
                    // label_values(metric, label): the label is read off the metric
                    int comma = expr.lastIndexOf(',');
                    grouping.add(expr.substring(comma + 1, expr.lastIndexOf(')')).strip());
                    Parsed inner = parse(expr.substring(next + 1, comma));
                    selectors.addAll(inner.selectors());
                    return new Parsed(selectors, grouping);
                }
            }
            else {
                Set<String> labels = new LinkedHashSet<>();
                if (next < expr.length() && expr.charAt(next) == '{') {
                    int close = endOfMatchers(expr, next);
                    labels.addAll(matchers(expr.substring(next + 1, close), expr));
                    i = close + 1;
                }
                selectors.add(new Selector(word, labels));
            }
            previous = word;
        }
        return new Parsed(selectors, grouping);
    }

    private static Set<String> matchers(String body, String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher matcher = MATCHER.matcher(body);
        int at = 0;
        while (at < body.length() && matcher.find(at) && matcher.start() == at) {
            labels.add(matcher.group(1));
            if (matcher.group(2).contains("~")) {
                Pattern.compile(matcher.group(3).replace("$instance", ".*").replace("\\\\", "\\"));
            }
            at = matcher.end();
        }
        if (!body.substring(at).isBlank()) {
            throw new IllegalArgumentException("bad label matchers {" + body + "} in: " + expr);
        }
        return labels;
    }

    private static int endOfMatchers(String expr, int open) {
        int i = open + 1;
        while (expr.charAt(i) != '}') {
            i = expr.charAt(i) == '"' ? endOfString(expr, i) : i + 1;
        }
        return i;
    }

    private static int endOfString(String expr, int open) {
        int i = open + 1;
        while (expr.charAt(i) != '"') {
            i += expr.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpaces(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void checkBalanced(String expr) {
        Map<Character, Character> pairs = new LinkedHashMap<>(Map.of(')', '(', ']', '[', '}', '{'));
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"') {
                i = endOfString(expr, i) - 1;
            }
            else if (c == '(' || c == '[' || c == '{') {
                open.append(c);
            }
            else if (pairs.containsKey(c)) {
                if (open.isEmpty() || open.charAt(open.length() - 1) != pairs.get(c)) {
                    throw new IllegalArgumentException("unbalanced '" + c + "' at " + i + " in: " + expr);
                }
                open.setLength(open.length() - 1);
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("unclosed '" + open + "' in: " + expr);
        }
    }

}
