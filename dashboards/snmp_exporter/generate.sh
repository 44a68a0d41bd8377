#!/usr/bin/env bash
# Writes dashboards/snmp_exporter/snmp.yml from generator.yml and mibs/JAILMETRICS-MIB.txt with
# prometheus-snmp-generator (Debian package prometheus-snmp-exporter). Run it after the MIB changes.
#
#   dashboards/snmp_exporter/generate.sh [OUTPUT]      (default OUTPUT: snmp.yml beside this script)
#
# The generator needs the IETF modules the MIB imports (SNMPv2-SMI, HCNUM-TC …): from $IETF_MIBS,
# else ../shared/mibs/ietf beside the repository, else net-snmp's /usr/share/snmp/mibs.
#
# Why the overrides are computed: CounterBasedGauge64 (HCNUM-TC, RFC 2856) is a textual convention
# over Counter64, so the generator would call those columns counters although they go up and down.
# Every object whose SYNTAX is CounterBasedGauge64 is therefore overridden to "gauge" here, so a
# column added to the MIB later is typed right without editing generator.yml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
output=$(realpath -m "${1:-$here/snmp.yml}")
mib="$root/mibs/JAILMETRICS-MIB.txt"

ietf=${IETF_MIBS:-}
if [[ -z $ietf ]]; then
  for candidate in "$root/../shared/mibs/ietf" /usr/share/snmp/mibs; do
    if [[ -f $candidate/SNMPv2-SMI.txt ]]; then ietf=$candidate; break; fi
  done
fi
[[ -n $ietf ]] || { echo "generate.sh: no IETF MIB modules found; set IETF_MIBS" >&2; exit 1; }
command -v prometheus-snmp-generator >/dev/null ||
  { echo "generate.sh: prometheus-snmp-generator not found (apt-get install prometheus-snmp-exporter)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  cat "$here/generator.yml"
  awk '/^[a-zA-Z][A-Za-z0-9]* +OBJECT-TYPE/ { name = $1 }
       /^ +SYNTAX +CounterBasedGauge64/    { printf "      %s:\n        type: gauge\n", name }' "$mib"
} > "$work/generator.yml"

# The 0.21 generator reads generator.yml from the working directory.
(cd "$work" && MIBDIRS="$root/mibs:$ietf" prometheus-snmp-generator --fail-on-parse-errors generate -o "$output")
