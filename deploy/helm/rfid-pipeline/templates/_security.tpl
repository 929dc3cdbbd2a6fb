{{- /*
Transport security (docs/security.md): the values are checked here with the same rules the
program's configuration applies at start (src/config/kafka-config.ts, redis-config.ts,
postgres-config.ts), so a combination rfid would refuse fails the render instead of a rollout.
*/ -}}

{{/* Where the TLS files of one client (kafka, redis, postgres) are mounted. */}}
{{- define "rfid.tlsDir" -}}
/etc/rfid/tls/{{ . }}
{{- end }}

{{/* The variable each mounted TLS file is read through, per client and file. */}}
{{- define "rfid.tlsVariables" -}}
kafka: { ca: KAFKA_SSL_CA_FILE, cert: KAFKA_SSL_CERT_FILE, key: KAFKA_SSL_KEY_FILE }
redis: { ca: REDIS_TLS_CA_FILE, cert: REDIS_TLS_CERT_FILE, key: REDIS_TLS_KEY_FILE }
postgres: { ca: PGSSLROOTCERT, cert: PGSSLCERT, key: PGSSLKEY }
{{- end }}

{{- define "rfid.checkSecurity" -}}
{{- $k := .Values.kafka }}
{{- /* Values written for the chart before KAFKA_SECURITY_PROTOCOL: say what replaced them. */}}
{{- if kindIs "bool" $k.tls }}
{{- fail "kafka.tls (true/false) is replaced by kafka.securityProtocol: SSL, or SASL_SSL with kafka.sasl.mechanism. kafka.tls now names the Secret with the CA and client certificate (kafka.tls.existingSecret)" }}
{{- end }}
{{- if hasKey .Values.secrets "redisUrl" }}
{{- fail "secrets.redisUrl is replaced by redis.url (in the ConfigMap, without a password) and redis.auth (the password is the Secret's REDIS_PASSWORD key)" }}
{{- end }}
{{- $protocols := list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL" }}
{{- if not (has $k.securityProtocol $protocols) }}
{{- fail (printf "kafka.securityProtocol %q: must be one of %s" (toString $k.securityProtocol) (join ", " $protocols)) }}
{{- end }}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
{{- if not (has $k.sasl.mechanism (list "PLAIN" "SCRAM-SHA-256" "SCRAM-SHA-512")) }}
{{- fail (printf "kafka.sasl.mechanism %q: with kafka.securityProtocol %s it must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512" (toString $k.sasl.mechanism) $k.securityProtocol) }}
{{- end }}
{{- if not $k.sasl.username }}
{{- fail (printf "kafka.sasl.username is required with kafka.securityProtocol %s" $k.securityProtocol) }}
{{- end }}
{{- else if $k.sasl.mechanism }}
{{- fail (printf "kafka.sasl.mechanism is set but kafka.securityProtocol %s uses no SASL: set SASL_SSL (or SASL_PLAINTEXT on a trusted network)" $k.securityProtocol) }}
{{- end }}
{{- if and $k.tls.existingSecret (not (hasSuffix "SSL" $k.securityProtocol)) }}
{{- fail (printf "kafka.tls.existingSecret is set but kafka.securityProtocol %s uses no TLS: set SSL or SASL_SSL" $k.securityProtocol) }}
{{- end }}
{{- if and .Values.ingest.keda.enabled (ne $k.securityProtocol "PLAINTEXT") (not .Values.ingest.keda.authenticationRef) }}
{{- fail (printf "ingest.keda.authenticationRef is required with kafka.securityProtocol %s: KEDA's scaler connects to the brokers itself, through a TriggerAuthentication with the same SASL/TLS settings" $k.securityProtocol) }}
{{- end }}
{{- $r := .Values.redis }}
{{- if not (regexMatch "^rediss?://" $r.url) }}
{{- fail "redis.url must be a redis:// or rediss:// (TLS) URL" }}
{{- end }}
{{- if regexMatch "^rediss?://[^/@]*:[^/@]*@" $r.url }}
{{- fail "redis.url holds a password, and it goes into a ConfigMap: set redis.auth=true and put the password in the Secret's REDIS_PASSWORD key (secrets.redisPassword or secrets.existingSecret)" }}
{{- end }}
{{- if and $r.tls.existingSecret (not (hasPrefix "rediss://" $r.url)) }}
{{- fail "redis.tls.existingSecret is set but redis.url is redis://: use rediss:// for TLS" }}
{{- end }}
{{- $p := .Values.postgres }}
{{- if not (has $p.sslMode (list "" "disable" "require" "verify-ca" "verify-full")) }}
{{- fail (printf "postgres.sslMode %q: must be disable, require, verify-ca or verify-full (libpq's allow/prefer fall back to plain text, which rfid does not do)" (toString $p.sslMode)) }}
{{- end }}
{{- if and $p.tls.existingSecret (eq $p.sslMode "disable") }}
{{- fail "postgres.tls.existingSecret is set but postgres.sslMode is disable" }}
{{- end }}
{{- range $component := list "kafka" "redis" "postgres" }}
{{- $tls := (index $.Values $component).tls }}
{{- if $tls.existingSecret }}
{{- if not (or $tls.caKey $tls.certKey) }}
{{- fail (printf "%s.tls.existingSecret: set %s.tls.caKey, or certKey and keyKey, to the Secret's keys" $component $component) }}
{{- end }}
{{- if ne (empty $tls.certKey) (empty $tls.keyKey) }}
{{- fail (printf "%s.tls.certKey and %s.tls.keyKey: a client certificate needs its key (set both, or neither)" $component $component) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The variables the chart itself sets (the ConfigMap before .Values.env), as YAML. Secrets are
never values here: only the paths of the files they are mounted as.
*/}}
{{- define "rfid.configEnv" -}}
{{- include "rfid.checkSecurity" . }}
{{- $k := .Values.kafka }}
{{- $env := dict
  "KAFKA_BROKERS" (required "kafka.brokers is required (host:port,host:port)" $k.brokers)
  "KAFKA_CLIENT_ID" $k.clientId
  "KAFKA_SECURITY_PROTOCOL" $k.securityProtocol
  "DATABASE_URL_FILE" "/run/secrets/rfid/DATABASE_URL"
  "REDIS_URL" .Values.redis.url
  "RFID_TOPIC_EVENTS" $k.topics.events
  "RFID_TOPIC_DLQ" $k.topics.dlq
  "RFID_TOPIC_CHANGES" $k.topics.changes
  "RFID_EVENTS_PARTITIONS" (toString $k.eventsPartitions)
  "RFID_GROUP_ID" $k.groupId
  "HOST" "0.0.0.0"
  "PORT" (toString .Values.api.port)
  "RFID_METRICS_PORT" (toString .Values.ingest.metricsPort)
  "LOG_FORMAT" "json"
}}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
{{- $_ := set $env "KAFKA_SASL_MECHANISM" $k.sasl.mechanism }}
{{- $_ := set $env "KAFKA_SASL_USERNAME" $k.sasl.username }}
{{- $_ := set $env "KAFKA_SASL_PASSWORD_FILE" "/run/secrets/rfid/KAFKA_SASL_PASSWORD" }}
{{- end }}
{{- with .Values.redis.username }}
{{- $_ := set $env "REDIS_USERNAME" . }}
{{- end }}
{{- if .Values.redis.auth }}
{{- $_ := set $env "REDIS_PASSWORD_FILE" "/run/secrets/rfid/REDIS_PASSWORD" }}
{{- end }}
{{- with .Values.postgres.sslMode }}
{{- $_ := set $env "PGSSLMODE" . }}
{{- end }}
{{- $variables := include "rfid.tlsVariables" . | fromYaml }}
{{- range $component := list "kafka" "redis" "postgres" }}
{{- $tls := (index $.Values $component).tls }}
{{- if $tls.existingSecret }}
{{- range $file := list "ca" "cert" "key" }}
{{- if index $tls (printf "%sKey" $file) }}
{{- $_ := set $env (index $variables $component $file) (printf "%s/%s.pem" (include "rfid.tlsDir" $component) $file) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/*
Fails when a variable would be set twice, or as both NAME and NAME_FILE (which rfid refuses):
the chart's own variables, .Values.env and .Values.extraEnv together.
*/}}
{{- define "rfid.checkEnvNames" -}}
{{- $names := keys (include "rfid.configEnv" . | fromYaml) | sortAlpha }}
{{- $names = concat $names (keys .Values.env | sortAlpha) }}
{{- range .Values.extraEnv }}
{{- $names = append $names .name }}
{{- end }}
{{- $seen := dict }}
{{- range $name := $names }}
{{- $base := trimSuffix "_FILE" $name }}
{{- if eq (get $seen $base) $name }}
{{- fail (printf "%s is set by the chart already (or twice in env/extraEnv): set it through the chart's values (see values.yaml)" $name) }}
{{- else if hasKey $seen $base }}
{{- fail (printf "%s and %s would both be set (by the chart, env or extraEnv): rfid reads a variable from NAME or NAME_FILE, never both: set it once, through the chart's values where it has one (see values.yaml)" (get $seen $base) $name) }}
{{- end }}
{{- $_ := set $seen $base $name }}
{{- end }}
{{- end }}
