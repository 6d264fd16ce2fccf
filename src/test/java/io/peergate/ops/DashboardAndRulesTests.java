package io.peergate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.PeergateApplication;
import io.peergate.testing.NodeAdmin;
import io.peergate.testing.RawHttp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard and the alert rules the chart ships read meters a running node
 * really exports, with the labels they use; the rules are well formed and each has its
 * runbook in the README; the dashboard is a well-formed Grafana dashboard.
 */
class DashboardAndRulesTests {

    private static final Path FILES = Path.of("helm", "peergate", "files");

    private static final Path DASHBOARD = FILES.resolve("peergate-dashboard.json");

    private static final Path RULES = FILES.resolve("peergate-rules.yml");

    /** Labels Prometheus adds to every series it scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final String HASH = "44556677889900aabbccddeeff00112233445566";

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? \\S+$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext node;

    /** Every metric the node exports, with the label names of its series. */
    private static Map<String, Set<String>> exported;

    @BeforeAll
    static void startANodeWithEveryKindOfMeter() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            node = new SpringApplicationBuilder(PeergateApplication.class).run("--server.port=0",
                    "--server.address=127.0.0.1", NodeAdmin.PASSWORD_ARGUMENT, "--peergate.state.store=memory",
                    "--peergate.bittorrent.listen-address=127.0.0.1", "--peergate.bittorrent.port=0",
                    "--peergate.bittorrent.torrents[0].info-hash=" + HASH, "--peergate.bittorrent.torrents[0].name=t",
                    "--peergate.bittorrent.torrents[0].upstream=127.0.0.1:" + upstream.getLocalPort(),
                    "--peergate.backbone.interfaces[0].name=hub", "--peergate.backbone.interfaces[0].mode=server",
                    "--peergate.backbone.interfaces[0].listen-address=127.0.0.1",
                    "--peergate.backbone.interfaces[0].port=0", "--peergate.backbone.interfaces[1].name=uplink",
                    "--peergate.backbone.interfaces[1].mode=client", "--peergate.backbone.interfaces[1].host=127.0.0.1",
                    "--peergate.backbone.interfaces[1].port=1", "--peergate.backbone.interfaces[1].reconnect-wait=1h");
            // one relay, so that the per-torrent meters exist
            NodeAdmin.assertRoutes(node, HASH, upstream);
        }
        // GC pause timers appear with the first collection, which a fresh JVM may not
        // have had yet
        System.gc();
        await().until(() -> scrape().keySet()
            .containsAll(Set.of("peergate_bittorrent_torrent_bytes_total", "jvm_gc_pause_seconds_sum")));
        exported = scrape();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static Map<String, Set<String>> scrape() throws Exception {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        RawHttp.Answer answer = RawHttp.exchange(port, "GET /actuator/prometheus HTTP/1.1", null);
        assertThat(answer.status()).isEqualTo(200);
        Map<String, Set<String>> metrics = new HashMap<>();
        for (String line : answer.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher series = SERIES.matcher(line);
            assertThat(series.matches()).as("a series line: %s", line).isTrue();
            Set<String> labels = metrics.computeIfAbsent(series.group(1), name -> new TreeSet<>());
            if (series.group(3) != null) {
                Matcher label = LABEL.matcher(series.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return metrics;
    }

    @Test
    void everyDashboardQueryReadsMetersTheNodeExports() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.get("title").asString() + " " + target.get("refId").asString(),
                        target.get("expr").asString());
                assertLegendLabels(target.path("legendFormat").asString(""), target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asString())) {
                queries.put("variable " + variable.get("name").asString(),
                        variable.get("query").get("query").asString());
            }
        }
        assertThat(queries).hasSizeGreaterThan(40);
        queries.forEach(DashboardAndRulesTests::assertReadsExportedMeters);
    }

    @Test
    void everyRuleReadsMetersTheNodeExports() throws Exception {
        for (Map<String, Object> rule : rules()) {
            assertReadsExportedMeters(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")));
        }
    }

    private static void assertReadsExportedMeters(String where, String expr) {
        PromQl.Parsed parsed = PromQl.parse(expr);
        assertThat(parsed.selectors()).as("%s reads a metric", where).isNotEmpty();
        Set<String> known = new HashSet<>(TARGET_LABELS);
        for (PromQl.Selector selector : parsed.selectors()) {
            assertThat(exported).as("%s: %s is exported by the node", where, selector.metric())
                .containsKey(selector.metric());
            Set<String> labels = exported.get(selector.metric());
            known.addAll(labels);
            selector.labels()
                .forEach(label -> assertThat(TARGET_LABELS.contains(label) || labels.contains(label))
                    .as("%s: %s has the label %s", where, selector.metric(), label)
                    .isTrue());
        }
        assertThat(known).as("%s: labels grouped by", where).containsAll(parsed.groupingLabels());
    }

    private static void assertLegendLabels(String legend, String expr) {
        Set<String> known = new HashSet<>(TARGET_LABELS);
        PromQl.parse(expr)
            .selectors()
            .forEach(selector -> known.addAll(exported.getOrDefault(selector.metric(), Set.of())));
        Matcher label = LEGEND_LABEL.matcher(legend);
        while (label.find()) {
            assertThat(known).as("legend %s of %s", legend, expr).contains(label.group(1));
        }
    }

    @Test
    void theRulesAreWellFormedAndEachHasARunbook() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> names = new HashSet<>();
        List<Map<String, Object>> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(7);
        for (Map<String, Object> rule : rules) {
            String alert = String.valueOf(rule.get("alert"));
            assertThat(alert).matches("Peergate[A-Z][A-Za-z]+");
            assertThat(names.add(alert)).as("%s is unique", alert).isTrue();
            assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(Set.of("alert", "expr", "for", "labels", "annotations")).containsAll(rule.keySet());
            if (rule.containsKey("for")) {
                assertThat(String.valueOf(rule.get("for"))).matches("\\d+[smh]");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
            assertThat(labels.get("severity")).as("%s severity", alert).isIn("critical", "warning", "info");
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            assertThat(annotations).containsOnlyKeys("summary", "description", "runbook");
            assertThat(String.valueOf(annotations.get("runbook"))).endsWith("Alerts: " + alert);
            assertThat(String.valueOf(annotations.get("summary"))).contains("{{ $labels.instance }}");
            assertThat(readme).as("README runbook of %s", alert).contains("#### " + alert + "\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(RULES));
        assertThat(file).containsOnlyKeys("groups");
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            assertThat(group).containsOnlyKeys("name", "rules");
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    @Test
    void theDashboardIsAWellFormedGrafanaDashboard() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asString()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.get("title").asString()).isEqualTo("Peergate");
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        Set<String> variables = new HashSet<>();
        dashboard.get("templating").get("list").forEach(variable -> variables.add(variable.get("name").asString()));
        assertThat(variables).containsExactlyInAnyOrder("datasource", "instance");

        Set<Integer> ids = new HashSet<>();
        boolean[][] grid = new boolean[200][24];
        for (JsonNode panel : dashboard.get("panels")) {
            String title = panel.get("title").asString();
            assertThat(ids.add(panel.get("id").asInt())).as("%s has a unique id", title).isTrue();
            assertThat(panel.get("type").asString()).isIn("row", "timeseries", "stat");
            JsonNode at = panel.get("gridPos");
            int x = at.get("x").asInt();
            int y = at.get("y").asInt();
            int w = at.get("w").asInt();
            int h = at.get("h").asInt();
            assertThat(x + w).as("%s fits the 24 columns", title).isBetween(1, 24);
            for (int row = y; row < y + h; row++) {
                for (int column = x; column < x + w; column++) {
                    assertThat(grid[row][column]).as("%s overlaps another panel", title).isFalse();
                    grid[row][column] = true;
                }
            }
            if ("row".equals(panel.get("type").asString())) {
                continue;
            }
            assertThat(panel.get("description").asString()).as("%s says what it shows", title).isNotBlank();
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.get("targets")) {
                assertThat(refIds.add(target.get("refId").asString())).as("%s: unique refId", title).isTrue();
                String expr = target.get("expr").asString();
                assertThat(expr).as("%s: every selector is filtered by $instance", title)
                    .contains("instance=~\"$instance\"");
                Matcher variable = Pattern.compile("\\$\\{?([a-zA-Z_]+)").matcher(expr);
                while (variable.find()) {
                    assertThat(variables.contains(variable.group(1)) || variable.group(1).startsWith("__"))
                        .as("%s: $%s is defined", title, variable.group(1))
                        .isTrue();
                }
            }
            assertThat(refIds).as("%s has queries", title).isNotEmpty();
        }
    }

}
