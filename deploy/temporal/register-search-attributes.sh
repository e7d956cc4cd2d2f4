#!/usr/bin/env bash
# Registers the custom search attributes that care-journey workflows upsert, in the namespace
# the worker and API use. Runs once per `docker compose up` in the temporal-admin-tools image
# (temporal CLI + jq) after the Temporal server reports healthy; the workers start only after
# it exits 0. Idempotent: attributes that already exist are left alone; one that exists with
# another type stops it with an error.
#
# Keep ATTRIBUTES in step with temporal/search-attributes.ts.
set -euo pipefail

ATTRIBUTES=(
  ClinicId:Keyword
  CaseKind:Keyword
  ProcedureCode:Keyword
  JourneyStage:Keyword
  RiskLevel:Keyword
  OpenEscalation:Bool
  ContactKey:Keyword
  ComplaintCategory:Keyword
  ComplaintSeverity:Keyword
  ComplaintStage:Keyword
  BreachedClocks:KeywordList
)

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set (host:port of the Temporal frontend)}"
export TEMPORAL_ADDRESS
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
TIMEOUT=${REGISTER_TIMEOUT_SECONDS:-180}
deadline=$((SECONDS + TIMEOUT))

log() { echo "[search-attributes] $*" >&2; }
for tool in temporal jq; do
  command -v "$tool" >/dev/null || { log "needs '$tool' on PATH"; exit 1; }
done
lower() { tr '[:upper:]' '[:lower:]' <<<"$1"; }
out_of_time() { ((SECONDS >= deadline)); }

# The server reports SERVING before auto-setup has created the default namespace.
log "waiting for namespace '$NAMESPACE' at $TEMPORAL_ADDRESS"
until temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
  if out_of_time; then
    log "gave up after ${TIMEOUT}s; last error:"
    temporal operator namespace describe --namespace "$NAMESPACE" >&2 || true
    exit 1
  fi
  sleep 2
done

# Prints "Name type" lines for the namespace's custom attributes, type as the CLI's --type
# spells it in lower case (INDEXED_VALUE_TYPE_KEYWORD_LIST -> keywordlist).
existing() {
  temporal operator search-attribute list --namespace "$NAMESPACE" --output json |
    jq -r '.customAttributes // {} | to_entries[]
      | "\(.key) \(.value | ascii_downcase | sub("^indexed_value_type_"; "") | gsub("_"; ""))"'
}

created=0
while true; do
  if ! current=$(existing); then
    out_of_time && { log "gave up after ${TIMEOUT}s listing search attributes"; exit 1; }
    sleep 2
    continue
  fi
  create_args=()
  for spec in "${ATTRIBUTES[@]}"; do
    name=${spec%%:*}
    type=${spec#*:}
    have=$(awk -v n="$name" '$1 == n { print $2 }' <<<"$current")
    if [ -z "$have" ]; then
      create_args+=(--name "$name" --type "$type")
    elif [ "$have" != "$(lower "$type")" ]; then
      log "search attribute $name already exists as type '$have', but the workflows need $type"
      exit 1
    fi
  done
  if [ ${#create_args[@]} -eq 0 ]; then
    log "namespace '$NAMESPACE' has all ${#ATTRIBUTES[@]} custom search attributes"
    # With SQL visibility a custom attribute is an alias in the namespace's config, which every
    # service reads from its namespace cache, refreshed every 2 s: wait that out once after
    # creating, so that the first workflow the workers upsert finds them.
    if ((created)); then sleep 3; fi
    exit 0
  fi
  log "creating ${create_args[*]}"
  created=1
  if ! temporal operator search-attribute create --namespace "$NAMESPACE" "${create_args[@]}" >&2; then
    out_of_time && { log "gave up after ${TIMEOUT}s creating search attributes"; exit 1; }
    sleep 2
  fi
  # Loop: list again, so success means every attribute is visible with the right type.
done
