{{/* The release's base name, cut to 63 characters because Kubernetes names and labels stop there. */}}
{{- define "cluster-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "cluster-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels never change after install: a Deployment's selector is immutable. */}}
{{- define "cluster-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cluster-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cluster-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "cluster-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cluster-operator
{{- end -}}

{{- define "cluster-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cluster-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "cluster-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The operator's appsettings.json: each value is a .NET configuration section the operator binds. */}}
{{- define "cluster-operator.appsettings" -}}
{{- $fairShare := .Values.fairShare -}}
{{- /* helm --set passes fractions as strings; the schema admits only digits there, so these are numbers. */ -}}
{{- $weights := dict -}}
{{- range $owner, $weight := $fairShare.weights -}}
{{- $_ := set $weights $owner (float64 $weight) -}}
{{- end -}}
{{- $leader := .Values.leaderElection -}}
{{- $settings := dict
  "FairShare" (dict
    "Weights" $weights
    "UsageHalfLife" $fairShare.halfLife
    "MinRuntime" $fairShare.minRuntime
    "DefaultGracePeriod" $fairShare.defaultGracePeriod
    "IdeaGuaranteeGpus" $fairShare.ideaGuaranteeGpus
    "IdeaMaxGpus" $fairShare.ideaMaxGpus
    "IdeaDefaultDuration" $fairShare.ideaDefaultDuration
    "IdeaMaxDuration" $fairShare.ideaMaxDuration
    "StarvationThreshold" $fairShare.starvationThreshold
    "ReclaimHysteresis" (float64 $fairShare.hysteresis))
  "LeaderElection" (dict
    "Enabled" $leader.enabled
    "LeaseName" (default (include "cluster-operator.fullname" .) $leader.leaseName)
    "LeaseDuration" $leader.leaseDuration
    "RenewDeadline" $leader.renewDeadline
    "RetryPeriod" $leader.retryPeriod)
  "Metrics" (dict "Port" .Values.metrics.port)
  "Security" (dict "AllowPrivilegedPods" .Values.security.allowPrivilegedPods)
  "Logging" (dict "Json" .Values.logging.json)
-}}
{{- toPrettyJson $settings -}}
{{- end -}}
