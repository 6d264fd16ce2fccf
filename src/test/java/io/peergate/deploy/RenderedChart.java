package io.peergate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code helm template} made of the chart, parsed into Kubernetes model objects. */
final class RenderedChart {

    static final Path CHART = Path.of("helm", "peergate");
    static final String RELEASE = "edge";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String yaml;

    final List<HasMetadata> objects = new ArrayList<>();

    private RenderedChart(String yaml) {
        this.yaml = yaml;
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
    }

    /**
     * Renders with the chart's defaults, then each {@code key=value} given (as
     * {@code --set}).
     */
    static RenderedChart render(Map<String, Object> sets, Path... valuesFiles) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace("peers");
        for (Path file : valuesFiles) {
            template.withValuesFile(file);
        }
        sets.forEach(template::set);
        return new RenderedChart(template.call());
    }

    static RenderedChart render() {
        return render(Map.of());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as("exactly one %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    Service service(String suffix) {
        return findService(suffix).orElseThrow(() -> new AssertionError("no Service *-" + suffix));
    }

    Optional<Service> findService(String suffix) {
        return all(Service.class).stream()
            .filter(service -> service.getMetadata().getName().endsWith("-" + suffix))
            .findFirst();
    }

    /** The node's configuration. */
    ConfigMap configMap() {
        return findConfigMap("").orElseThrow(() -> new AssertionError("no ConfigMap for application.yml"));
    }

    /** A ConfigMap named after the release, plus {@code suffix}. */
    Optional<ConfigMap> findConfigMap(String suffix) {
        return all(ConfigMap.class).stream()
            .filter(map -> map.getMetadata().getName().equals(RELEASE + "-peergate" + suffix))
            .findFirst();
    }

    String applicationYaml() {
        return configMap().getData().get("application.yml");
    }

    List<Secret> secrets() {
        return all(Secret.class);
    }

    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream()
            .filter(resource -> resource.getKind().equals(kind))
            .toList();
    }

    Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

}
