{{/* Names and labels shared by every object of the chart. */}}
{{- define "rfid.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rfid.fullname" -}}
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

{{- define "rfid.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "rfid.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: include "rfid.selectorLabels" (dict "ctx" $ "component" "ingest") */}}
{{- define "rfid.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rfid.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "rfid.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "rfid.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rfid.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding DATABASE_URL (and KAFKA_SASL_PASSWORD, REDIS_PASSWORD): the chart's or an existing one. */}}
{{- define "rfid.secretName" -}}
{{- default (printf "%s-secrets" (include "rfid.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/*
Fails the render when more ingest replicas are asked for than the events topic has partitions:
a consumer group gives each partition to one member, so the extra pods would sit idle.
*/}}
{{- define "rfid.checkIngestReplicas" -}}
{{- $partitions := int .Values.kafka.eventsPartitions }}
{{- if gt (int .Values.ingest.replicas) $partitions }}
{{- fail (printf "ingest.replicas (%d) must not exceed kafka.eventsPartitions (%d): each partition is consumed by one ingest pod, extra pods stay idle. Raise the partitions (rfid topics ensure -p N, then kafka.eventsPartitions) or lower the replicas." (int .Values.ingest.replicas) $partitions) }}
{{- end }}
{{- if and .Values.ingest.keda.enabled (gt (int .Values.ingest.keda.maxReplicas) $partitions) }}
{{- fail (printf "ingest.keda.maxReplicas (%d) must not exceed kafka.eventsPartitions (%d)" (int .Values.ingest.keda.maxReplicas) $partitions) }}
{{- end }}
{{- end }}

{{/* What every rfid pod shares: the ServiceAccount, security, the config, the secrets as files. */}}
{{- define "rfid.podSpecCommon" -}}
{{- include "rfid.checkSecurity" . }}
serviceAccountName: {{ include "rfid.serviceAccountName" . }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
volumes:
  - name: secrets
    secret:
      secretName: {{ include "rfid.secretName" . }}
  - name: tmp
    emptyDir: {}
  {{- range $component := list "kafka" "redis" "postgres" }}
  {{- $tls := (index $.Values $component).tls }}
  {{- if $tls.existingSecret }}
  {{- /* 0440 (decimal 288): the pod's group (fsGroup) reads, nobody writes, for a client key may be
  here. Fixed file names whatever the Secret's keys are: the *_FILE variables point at these. */}}
  - name: tls-{{ $component }}
    secret:
      secretName: {{ $tls.existingSecret }}
      defaultMode: 288
      items:
        {{- range $file := list "ca" "cert" "key" }}
        {{- with index $tls (printf "%sKey" $file) }}
        - key: {{ . }}
          path: {{ $file }}.pem
        {{- end }}
        {{- end }}
  {{- end }}
  {{- end }}
  {{- with .Values.extraVolumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The container fields every rfid container shares (image, config, secrets, security). */}}
{{- define "rfid.containerCommon" -}}
image: {{ include "rfid.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
envFrom:
  - configMapRef:
      name: {{ include "rfid.fullname" . }}
{{- with .Values.extraEnv }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumeMounts:
  - name: secrets
    mountPath: /run/secrets/rfid
    readOnly: true
  - name: tmp
    mountPath: /tmp
  {{- range $component := list "kafka" "redis" "postgres" }}
  {{- if (index $.Values $component).tls.existingSecret }}
  - name: tls-{{ $component }}
    mountPath: {{ include "rfid.tlsDir" $component }}
    readOnly: true
  {{- end }}
  {{- end }}
  {{- with .Values.extraVolumeMounts }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
{{- end }}

{{/* Roll the pods when the configuration or the chart's Secret changes. */}}
{{- define "rfid.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
