package io.peergate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/** The Helm chart, linted and rendered by an embedded Helm, checked object by object. */
class HelmChartTests {

    @TempDir
    Path temp;

    @Test
    void strictLintPasses() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as("lint: %s", result.getMessages()).isFalse();
    }

    @Test
    void theChartFollowsTheProjectVersionAndImage() throws Exception {
        Map<String, Object> chart = new Yaml().load(Files.readString(RenderedChart.CHART.resolve("Chart.yaml")));
        String version = System.getProperty("peergate.project.version");
        assertThat(version).as("set by the build").isNotBlank();
        assertThat(chart.get("appVersion")).isEqualTo(version);
        assertThat(chart.get("version")).isEqualTo(version);
        assertThat(String.valueOf(chart.get("icon"))).startsWith("data:image/svg+xml;base64,");
        assertThat(RenderedChart.render().container().getImage()).isEqualTo(System.getProperty("peergate.image"));
    }

    @Test
    void defaultsRenderAConsistentRelease() {
        RenderedChart chart = RenderedChart.render();
        Map<String, String> podLabels = chart.podLabels();
        Deployment deployment = chart.deployment();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);

        Container container = chart.container();
        assertThat(ports(container)).containsExactly(Map.entry("http", 8080), Map.entry("bittorrent", 6881),
                Map.entry("backbone-0", 4242));

        Service peers = chart.service("peers");
        assertThat(peers.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(peers.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(podLabels).containsAllEntriesOf(peers.getSpec().getSelector());
        assertServicePortsReachContainer(peers, container);
        assertThat(peers.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(6881, 4242);

        Service http = chart.service("http");
        assertThat(http.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(podLabels).containsAllEntriesOf(http.getSpec().getSelector());
        assertServicePortsReachContainer(http, container);

        assertProbes(container, 8080);
        assertRestrictive(deployment, container);
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");

        PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

        Secret secret = chart.one(Secret.class);
        EnvVar password = env(container, "PEERGATE_ADMIN_PASSWORD");
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getData()).containsKey(password.getValueFrom().getSecretKeyRef().getKey());
        assertThat(Base64.getDecoder().decode(secret.getData().get("password"))).hasSize(24);

        assertThat(env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
            .isEqualTo("optional:file:/config/application.yml");
        assertThat(container.getVolumeMounts())
            .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/config"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
            .anySatisfy(volume -> assertThat(volume.getConfigMap().getName())
                .isEqualTo(chart.configMap().getMetadata().getName()));
        assertThat(chart.generic("ServiceMonitor")).isEmpty();
    }

    @Test
    void overriddenValuesMoveEveryPortAndObject() throws Exception {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                replicaCount: 3
                cluster:
                  enabled: true
                  meshPort: 5100
                redis:
                  existingSecret: operator-redis
                http:
                  port: 9090
                  service:
                    port: 80
                peerService:
                  type: NodePort
                bittorrent:
                  port: 7000
                  torrents:
                    - infoHash: 0123456789abcdef0123456789abcdef01234567
                      name: debian
                      upstream: seedbox.peers.svc:51413
                backbone:
                  interfaces:
                    - name: public
                      mode: server
                      port: 5000
                    - name: uplink
                      mode: client
                      host: hub.example.org
                      port: 4242
                    - name: lan
                      mode: server
                      port: 5001
                      maxConnections: 50
                admin:
                  existingSecret: operator-secret
                  existingSecretKey: admin-password
                serviceMonitor:
                  enabled: true
                  labels:
                    release: prometheus
                """);
        RenderedChart chart = RenderedChart.render(Map.of(), values);
        Container container = chart.container();
        assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(ports(container)).containsExactly(Map.entry("http", 9090), Map.entry("bittorrent", 7000),
                Map.entry("backbone-0", 5000), Map.entry("backbone-2", 5001), Map.entry("mesh", 5100));

        Service peers = chart.service("peers");
        assertThat(peers.getSpec().getType()).isEqualTo("NodePort");
        assertThat(peers.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertServicePortsReachContainer(peers, container);
        Service http = chart.service("http");
        assertThat(http.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertServicePortsReachContainer(http, container);
        assertProbes(container, 9090);

        assertThat(chart.secrets()).as("existing Secrets are used, none created").isEmpty();
        assertThat(env(container, "SPRING_DATA_REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
            .isEqualTo("operator-redis");
        EnvVar password = env(container, "PEERGATE_ADMIN_PASSWORD");
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("operator-secret");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("admin-password");

        GenericKubernetesResource monitor = chart.generic("ServiceMonitor").get(0);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> selected = (Map<String, String>) ((Map<String, Object>) spec.get("selector"))
            .get("matchLabels");
        assertThat(http.getMetadata().getLabels()).containsAllEntriesOf(selected);
        assertThat(peers.getMetadata().getLabels()).doesNotContainEntry("app.kubernetes.io/component", "http");
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");

        assertThat(chart.applicationYaml()).contains("port: 9090")
            .contains("infoHash: 0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProtectedPrometheusIsScrapedWithTheAdminCredentials() {
        RenderedChart chart = RenderedChart
            .render(Map.of("admin.protectPrometheus", "true", "serviceMonitor.enabled", "true"));
        assertThat(chart.applicationYaml()).contains("protectPrometheus: true");
        Map<String, Object> spec = (Map<String, Object>) chart.generic("ServiceMonitor")
            .get(0)
            .getAdditionalProperties()
            .get("spec");
        Map<String, Object> basicAuth = (Map<String, Object>) ((List<Map<String, Object>>) spec.get("endpoints")).get(0)
            .get("basicAuth");
        String secret = chart.secrets().get(0).getMetadata().getName();
        assertThat(basicAuth.get("username")).isEqualTo(Map.of("name", secret, "key", "username"));
        assertThat(basicAuth.get("password")).isEqualTo(Map.of("name", secret, "key", "password"));
        assertThat(chart.secrets().get(0).getData()).containsKeys("username", "password");

        RenderedChart open = RenderedChart.render(Map.of("serviceMonitor.enabled", "true"));
        Map<String, Object> openSpec = (Map<String, Object>) open.generic("ServiceMonitor")
            .get(0)
            .getAdditionalProperties()
            .get("spec");
        assertThat(((List<Map<String, Object>>) openSpec.get("endpoints")).get(0)).doesNotContainKey("basicAuth");
    }

    @Test
    void withoutPeerPortsThereIsNoPeerService() {
        RenderedChart chart = RenderedChart
            .render(Map.of("bittorrent.enabled", "false", "backbone.interfaces", "null"));
        assertThat(chart.findService("peers")).isEmpty();
        assertThat(ports(chart.container())).containsExactly(Map.entry("http", 8080));
    }

    @Test
    void runtimeStateLivesOnAClaimAtData() {
        RenderedChart chart = RenderedChart.render();
        PersistentVolumeClaim claim = chart.one(PersistentVolumeClaim.class);
        assertThat(claim.getMetadata().getName()).isEqualTo(RenderedChart.RELEASE + "-peergate-data");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("64Mi");
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        Deployment deployment = chart.deployment();
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Volume data = dataVolume(deployment);
        assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
        assertThat(chart.container().getVolumeMounts())
            .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/data"));
        assertThat(chart.container().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        Map<String, Object> yaml = new Yaml().load(chart.applicationYaml());
        assertThat(at(yaml, "peergate", "state", "store")).isEqualTo("file");
        assertThat(at(yaml, "peergate", "state", "dir")).isEqualTo("/data");

        RenderedChart existing = RenderedChart
            .render(Map.of("persistence.existingClaim", "kept-state", "persistence.storageClass", "fast"));
        assertThat(existing.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(dataVolume(existing.deployment()).getPersistentVolumeClaim().getClaimName()).isEqualTo("kept-state");
    }

    @Test
    void withoutPersistenceRuntimeStateIsAnEmptyDirAndTheNotesSaySo() {
        RenderedChart chart = RenderedChart.render(Map.of("persistence.enabled", "false"));
        assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(dataVolume(chart.deployment()).getEmptyDir()).isNotNull();
        assertThat(chart.deployment().getSpec().getStrategy()).isNull();
        String notes = new Helm(RenderedChart.CHART).install()
            .withName(RenderedChart.RELEASE)
            .set("persistence.enabled", "false")
            .clientOnly()
            .dryRun()
            .call()
            .getOutput();
        assertThat(notes).contains("lost when the pod is deleted or rescheduled");
    }

    private static Volume dataVolume(Deployment deployment) {
        return deployment.getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .stream()
            .filter(volume -> volume.getName().equals("data"))
            .findFirst()
            .orElseThrow();
    }

    @Test
    void clusterModeRunsItsRedisAndLinksTheReplicas() {
        Map<String, Object> values = Map.of("replicaCount", "3", "cluster.enabled", "true");
        RenderedChart chart = RenderedChart.render(values);
        Deployment deployment = chart.deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy()).as("rolling: no claim to hand over").isNull();
        assertThat(chart.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(dataVolume(deployment).getEmptyDir()).isNotNull();

        Container container = chart.container();
        assertThat(portMap(container)).containsEntry("mesh", 4243);
        assertThat(env(container, "PEERGATE_CLUSTER_NODE_ID").getValueFrom().getFieldRef().getFieldPath())
            .isEqualTo("metadata.name");
        assertThat(env(container, "PEERGATE_CLUSTER_MESH_ADVERTISE_HOST").getValueFrom().getFieldRef().getFieldPath())
            .isEqualTo("status.podIP");
        var password = env(container, "SPRING_DATA_REDIS_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo(RenderedChart.RELEASE + "-peergate-redis");
        assertThat(password.getKey()).isEqualTo("redis-password");
        Secret redisSecret = chart.secrets()
            .stream()
            .filter(secret -> secret.getMetadata().getName().equals(password.getName()))
            .findFirst()
            .orElseThrow();
        assertThat(Base64.getDecoder().decode(redisSecret.getData().get("redis-password"))).hasSize(32);

        Service mesh = chart.service("mesh");
        assertThat(mesh.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(mesh.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(chart.podLabels()).containsAllEntriesOf(mesh.getSpec().getSelector());
        assertServicePortsReachContainer(mesh, container);
        assertThat(chart.service("peers").getSpec().getPorts()).extracting(ServicePort::getPort)
            .as("the mesh stays inside the cluster")
            .doesNotContain(4243);

        StatefulSet redis = chart.one(StatefulSet.class);
        Map<String, String> redisPod = redis.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(redisPod).containsAllEntriesOf(redis.getSpec().getSelector().getMatchLabels());
        for (Service service : chart.all(Service.class)) {
            boolean selectsRedis = redisPod.entrySet().containsAll(service.getSpec().getSelector().entrySet());
            assertThat(selectsRedis).as("Service %s", service.getMetadata().getName())
                .isEqualTo(service.getMetadata().getName().endsWith("-redis"));
        }
        assertThat(redisPod.entrySet().containsAll(deployment.getSpec().getSelector().getMatchLabels().entrySet()))
            .as("the node's selector takes Redis's pods")
            .isFalse();
        assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement()
            .satisfies(claim -> assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("1Gi"));
        Container redisContainer = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(redisContainer.getImage()).isEqualTo("redis:7.2");
        assertThat(String.join(" ", redisContainer.getCommand())).contains("--appendonly yes", "--requirepass");
        assertThat(env(redisContainer, "REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
            .isEqualTo(password.getName());
        assertThat(redisContainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        Map<String, Object> yaml = new Yaml().load(chart.applicationYaml());
        assertThat(at(yaml, "peergate", "state", "store")).isEqualTo("redis");
        assertThat(at(yaml, "peergate", "cluster", "name")).isEqualTo(RenderedChart.RELEASE + "-peergate");
        assertThat(at(yaml, "peergate", "cluster", "mesh", "port")).isEqualTo(4243);
        assertThat(at(yaml, "spring", "data", "redis", "host")).isEqualTo(RenderedChart.RELEASE + "-peergate-redis");
        assertThat(at(yaml, "spring", "data", "redis", "port")).isEqualTo(6379);

        String notes = new Helm(RenderedChart.CHART).install()
            .withName(RenderedChart.RELEASE)
            .set("replicaCount", "3")
            .set("cluster.enabled", "true")
            .clientOnly()
            .dryRun()
            .call()
            .getOutput();
        assertThat(notes)
            .contains("base64 -d\n\nCluster mode: 3 replica(s)",
                    "edge-peergate-redis:6379 (keys peergate:{edge-peergate}:*)", "StatefulSet edge-peergate-redis")
            .doesNotContain("state.json");
    }

    @Test
    void clusterModeWithAnExternalRedisRunsNoneOfItsOwn() {
        RenderedChart chart = RenderedChart.render(Map.of("replicaCount", "2", "cluster.enabled", "true",
                "redis.enabled", "false", "externalRedis.host", "redis.example", "externalRedis.port", "6380",
                "externalRedis.existingSecret", "shared-redis", "cluster.name", "edge-eu"));
        assertThat(chart.all(StatefulSet.class)).isEmpty();
        assertThat(chart.findService("redis")).isEmpty();
        assertThat(chart.secrets()).extracting(secret -> secret.getMetadata().getName())
            .containsExactly(RenderedChart.RELEASE + "-peergate");
        var password = env(chart.container(), "SPRING_DATA_REDIS_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("shared-redis");
        assertThat(password.getKey()).isEqualTo("redis-password");
        Map<String, Object> yaml = new Yaml().load(chart.applicationYaml());
        assertThat(at(yaml, "spring", "data", "redis", "host")).isEqualTo("redis.example");
        assertThat(at(yaml, "spring", "data", "redis", "port")).isEqualTo(6380);
        assertThat(at(yaml, "peergate", "cluster", "name")).isEqualTo("edge-eu");

        RenderedChart open = RenderedChart
            .render(Map.of("cluster.enabled", "true", "redis.enabled", "false", "externalRedis.host", "redis.example"));
        assertThat(open.container().getEnv()).extracting(EnvVar::getName)
            .as("an external Redis without a password")
            .doesNotContain("SPRING_DATA_REDIS_PASSWORD");
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> yaml, String... path) {
        Object node = yaml;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    @Test
    void theGracePeriodCoversThePreStopPauseAndTheDrain() {
        RenderedChart chart = RenderedChart.render();
        Map<String, Object> yaml = new Yaml().load(chart.applicationYaml());
        assertThat(at(yaml, "peergate", "drain-timeout")).isEqualTo("20s");
        assertThat(at(yaml, "spring", "lifecycle", "timeout-per-shutdown-phase")).isEqualTo("30s");
        assertThat(chart.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
            .isEqualTo(40);
        assertThat(chart.container().getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5);

        RenderedChart longDrain = RenderedChart.render(Map.of("drain.timeoutSeconds", "120", "drain.preStopSeconds",
                "0", "terminationGracePeriodSeconds", "30"));
        yaml = new Yaml().load(longDrain.applicationYaml());
        assertThat(at(yaml, "peergate", "drain-timeout")).isEqualTo("120s");
        assertThat(at(yaml, "spring", "lifecycle", "timeout-per-shutdown-phase")).isEqualTo("130s");
        assertThat(longDrain.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
            .as("raised above the drain")
            .isEqualTo(135);
        assertThat(longDrain.container().getLifecycle()).as("no preStop pause").isNull();

        assertThat(RenderedChart.render(Map.of("terminationGracePeriodSeconds", "300"))
            .deployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getTerminationGracePeriodSeconds()).as("a longer one is kept").isEqualTo(300);
        assertRejected(Map.of("drain.timeoutSeconds", "-1"), "timeoutSeconds");
        assertRejected(Map.of("drain.preStopSecond", "3"), "preStopSecond");
    }

    @Test
    void theDashboardAndTheAlertRulesAreShippedAsTheyAreInTheRepository() throws Exception {
        RenderedChart defaults = RenderedChart.render();
        assertThat(defaults.findConfigMap("-dashboard")).isEmpty();
        assertThat(defaults.generic("PrometheusRule")).isEmpty();

        RenderedChart chart = RenderedChart
            .render(Map.of("grafana.dashboard.enabled", "true", "grafana.dashboard.annotations.grafana_folder", "Edge",
                    "prometheusRule.enabled", "true", "prometheusRule.labels.release", "monitoring"));
        ConfigMap dashboard = chart.findConfigMap("-dashboard").orElseThrow();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Edge");
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(dashboard.getData().get("peergate.json")))
            .isEqualTo(json.readTree(RenderedChart.CHART.resolve("files/peergate-dashboard.json").toFile()));
        assertThat(chart.configMap().getData()).containsKey("application.yml");

        GenericKubernetesResource rule = chart.generic("PrometheusRule").get(0);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "monitoring");
        Map<String, Object> rules = new Yaml()
            .load(Files.readString(RenderedChart.CHART.resolve("files/peergate-rules.yml")));
        assertThat(rule.getAdditionalProperties().get("spec")).isEqualTo(rules);

        RenderedChart elsewhere = RenderedChart.render(Map.of("grafana.dashboard.enabled", "true",
                "grafana.dashboard.namespace", "monitoring", "grafana.dashboard.labels.grafana_dashboard", "peergate"));
        ConfigMap moved = elsewhere.findConfigMap("-dashboard").orElseThrow();
        assertThat(moved.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(moved.getMetadata().getLabels()).containsEntry("grafana_dashboard", "peergate");
        assertRejected(Map.of("grafana.dashboard.enable", "true"), "enable");
    }

    @Test
    void structuredLogsAreAValue() {
        assertThat(RenderedChart.render(Map.of()).applicationYaml()).doesNotContain("structured");
        assertThat(RenderedChart.render(Map.of("logging.structuredFormat", "ecs")).applicationYaml())
            .contains("structured:", "format:", "console: ecs");
        assertRejected(Map.of("logging.structuredFormat", "xml"), "structuredFormat");
    }

    @Test
    void theSchemaRejectsBadValues() {
        assertRejected(Map.of("replicaCount", "3"), "enabled");
        assertRejected(Map.of("cluster.enabled", "true", "redis.enabled", "false"), "host");
        assertRejected(Map.of("cluster.meshPort", "0"), "meshPort");
        assertRejected(Map.of("replicaCount", "-1"), "replicaCount");
        assertRejected(Map.of("bittorrent.port", "70000"), "port");
        assertRejected(Map.of("bittorrent.port", "0"), "port");
        assertRejected(Map.of("http.port", "-5"), "port");
        assertRejected(Map.of("backbone.interfaces[0].port", "65536"), "port");
        assertRejected(Map.of("backbone.interfaces[0].mode", "peer"), "mode");
        assertRejected(Map.of("unknownKey", "x"), "unknownKey");
        assertRejected(Map.of("bittorrent.identifyTimeout", "soon"), "identifyTimeout");
        assertRejected(Map.of("backbone.interfaces[0].idleTimout", "5s"), "idleTimout");
        assertRejected(Map.of("persistence.size", "lots"), "size");
        assertRejected(Map.of("persistence.enabeld", "true"), "enabeld");
    }

    private static void assertRejected(Map<String, Object> sets, String mentioned) {
        assertThatThrownBy(() -> RenderedChart.render(sets)).as("values %s", sets)
            .hasMessageContaining("values don't meet the specifications of the schema")
            .hasMessageContaining(mentioned);
    }

    static Map<String, Integer> portMap(Container container) {
        return container.getPorts()
            .stream()
            .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    }

    private static List<Map.Entry<String, Integer>> ports(Container container) {
        return container.getPorts().stream().map(port -> Map.entry(port.getName(), port.getContainerPort())).toList();
    }

    private static void assertServicePortsReachContainer(Service service, Container container) {
        Map<String, Integer> named = portMap(container);
        assertThat(service.getSpec().getPorts()).allSatisfy(port -> {
            assertThat(named).containsKey(port.getTargetPort().getStrVal());
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
    }

    static void assertProbes(Container container, int httpPort) {
        assertThat(portMap(container)).containsEntry("http", httpPort);
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    private static void assertRestrictive(Deployment deployment, Container container) {
        var pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isPositive();
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv()
            .stream()
            .filter(variable -> variable.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no env " + name));
    }

}
