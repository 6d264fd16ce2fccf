package io.peergate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peergate.ops.PromQl.Selector;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The PromQL reader the dashboard and rules checks rely on: what it finds, what it
 * refuses.
 */
class PromQlTests {

    @Test
    void findsSelectorsTheirMatchersAndTheGroupingLabels() {
        PromQl.Parsed parsed = PromQl.parse(
                "sum without (reason) (rate(peergate_bittorrent_rejected_total{reason=~\"upstream-.*|x\", instance=~\"$instance\"}[5m]))\n"
                        + "  / sum by (interface, direction) (rate(peergate_backbone_frames_total[$__rate_interval]))"
                        + " > 3 * sum(rate(peergate_bittorrent_accepted_total[1h] offset 5m)) and up == 0");
        assertThat(parsed.selectors()).containsExactly(
                new Selector("peergate_bittorrent_rejected_total", Set.of("reason", "instance")),
                new Selector("peergate_backbone_frames_total", Set.of()),
                new Selector("peergate_bittorrent_accepted_total", Set.of()), new Selector("up", Set.of()));
        assertThat(parsed.groupingLabels()).containsExactly("reason", "interface", "direction");
    }

    @Test
    void readsGrafanasLabelValuesQuery() {
        PromQl.Parsed parsed = PromQl.parse("label_values(process_uptime_seconds{application=\"peergate\"}, instance)");
        assertThat(parsed.selectors()).containsExactly(new Selector("process_uptime_seconds", Set.of("application")));
        assertThat(parsed.groupingLabels()).containsExactly("instance");
    }

    @Test
    void refusesWhatIsNotPromQl() {
        assertThatThrownBy(() -> PromQl.parse("sum(rate(x_total[5m])")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> PromQl.parse("sum(rate(x_total[5m]))]")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> PromQl.parse("rates(x_total[5m])")).hasMessageContaining("unknown function rates");
        assertThatThrownBy(() -> PromQl.parse("rate(x_total[5 minutes])")).hasMessageContaining("bad range");
        assertThatThrownBy(() -> PromQl.parse("x_total{reason=upstream}")).hasMessageContaining("bad label matchers");
        assertThatThrownBy(() -> PromQl.parse("x_total{reason=~\"(\"}")).hasMessageContaining("Unclosed group");
        assertThatThrownBy(() -> PromQl.parse("{reason=\"a\"}")).hasMessageContaining("without a metric name");
        assertThatThrownBy(() -> PromQl.parse("x_total > 5k")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> PromQl.parse("x_total # y")).hasMessageContaining("unexpected '#'");
    }

}
