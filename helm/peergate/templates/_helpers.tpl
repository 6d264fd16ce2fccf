{{/* Chart name, overridable. */}}
{{- define "peergate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: release-chart unless the release name already contains the chart name. */}}
{{- define "peergate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "peergate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "peergate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "peergate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "peergate.labels" -}}
helm.sh/chart: {{ include "peergate.chart" . }}
{{ include "peergate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding the admin password, and its key. */}}
{{- define "peergate.secretName" -}}
{{- default (include "peergate.fullname" .) .Values.admin.existingSecret }}
{{- end }}

{{- define "peergate.secretKey" -}}
{{- if .Values.admin.existingSecret }}{{ .Values.admin.existingSecretKey }}{{ else }}password{{ end }}
{{- end }}

{{/*
Peer ports as a list of {name, port}: the BitTorrent port when enabled, then each backbone server interface
(port names are backbone-<index in the interface list>).
*/}}
{{- define "peergate.peerPorts" -}}
{{- $ports := list }}
{{- if .Values.bittorrent.enabled }}
{{- $ports = append $ports (dict "name" "bittorrent" "port" (int (default 6881 .Values.bittorrent.port))) }}
{{- end }}
{{- range $index, $iface := .Values.backbone.interfaces }}
{{- if eq (lower (toString $iface.mode)) "server" }}
{{- $ports = append $ports (dict "name" (printf "backbone-%d" $index) "port" (int (default 4242 $iface.port))) }}
{{- end }}
{{- end }}
{{- toYaml $ports }}
{{- end }}

{{/* application.yml as the node reads it, built from the values. */}}
{{- define "peergate.applicationYaml" -}}
{{- $peergate := dict "admin" (dict "username" .Values.admin.username "protectPrometheus" (.Values.admin.protectPrometheus | default false)) "state" (dict "store" "file" "dir" "/data") "bittorrent" (deepCopy .Values.bittorrent) "backbone" (deepCopy .Values.backbone) }}
{{- $_ := set $peergate "drain-timeout" (printf "%ds" (int .Values.drain.timeoutSeconds)) }}
{{- $lifecycle := dict "timeout-per-shutdown-phase" (printf "%ds" (add (int .Values.drain.timeoutSeconds) 10)) }}
{{- $app := dict "server" (dict "port" (int .Values.http.port)) "peergate" $peergate "spring" (dict "lifecycle" $lifecycle) }}
{{- if .Values.cluster.enabled }}
{{- $_ := set $peergate "state" (dict "store" "redis") }}
{{- $mesh := dict "port" (int .Values.cluster.meshPort) }}
{{- $_ = set $peergate "cluster" (dict "name" (include "peergate.clusterName" .) "share-penalties" .Values.cluster.sharePenalties "heartbeat-interval" .Values.cluster.heartbeatInterval "member-timeout" .Values.cluster.memberTimeout "mesh" $mesh) }}
{{- $_ = set $app.spring "data" (dict "redis" (dict "host" (include "peergate.redisHost" .) "port" (int (include "peergate.redisPort" .)))) }}
{{- end }}
{{- if .Values.logging.structuredFormat }}
{{- $_ := set $app "logging" (dict "structured" (dict "format" (dict "console" .Values.logging.structuredFormat))) }}
{{- end }}
{{- $app = mergeOverwrite $app (deepCopy .Values.config) }}
{{- toYaml $app }}
{{- end }}

{{/* The claim mounted at /data: an existing one, or the one the chart creates. */}}
{{- define "peergate.dataClaimName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "peergate.fullname" .)) }}
{{- end }}

{{/* Cluster mode's name in Redis. */}}
{{- define "peergate.clusterName" -}}
{{- .Values.cluster.name | default (include "peergate.fullname" .) }}
{{- end }}

{{/* The Redis of cluster mode: the chart's own, or an external one. */}}
{{- define "peergate.redisFullname" -}}
{{- printf "%s-redis" (include "peergate.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "peergate.redisHost" -}}
{{- if .Values.redis.enabled }}{{ include "peergate.redisFullname" . }}{{ else }}{{ .Values.externalRedis.host }}{{ end }}
{{- end }}

{{- define "peergate.redisPort" -}}
{{- if .Values.redis.enabled }}6379{{ else }}{{ .Values.externalRedis.port }}{{ end }}
{{- end }}

{{/* The Secret and key of the Redis password; empty name: no password (an external Redis without one). */}}
{{- define "peergate.redisSecretName" -}}
{{- if .Values.redis.enabled }}{{ .Values.redis.existingSecret | default (include "peergate.redisFullname" .) }}{{ else }}{{ .Values.externalRedis.existingSecret }}{{ end }}
{{- end }}

{{- define "peergate.redisSecretKey" -}}
{{- if .Values.redis.enabled }}{{ if .Values.redis.existingSecret }}{{ .Values.redis.existingSecretKey }}{{ else }}redis-password{{ end }}{{ else }}{{ .Values.externalRedis.existingSecretKey }}{{ end }}
{{- end }}

{{/* The chart's Redis pods: a name of their own, so no selector of the node's picks them. */}}
{{- define "peergate.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "peergate.name" . }}-redis
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end }}

{{- define "peergate.redisLabels" -}}
helm.sh/chart: {{ include "peergate.chart" . }}
{{ include "peergate.redisSelectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Long enough for the preStop pause, the drain, the cut and Spring's last steps. */}}
{{- define "peergate.terminationGracePeriodSeconds" -}}
{{- max (int .Values.terminationGracePeriodSeconds) (add (int .Values.drain.preStopSeconds) (int .Values.drain.timeoutSeconds) 15) }}
{{- end }}
