#!/usr/bin/env bash
# Builds the two release layouts of JailMetrics into dist/ (or the directory given):
#
#   dist/jailmetrics-VERSION-linux-x64/   one native executable compiled ahead of time (NativeAOT): no
#                                         .NET runtime needed, run ./jailmetrics; for /opt/jailmetrics
#                                         with rc.d/jailmetrics.service
#   dist/jailmetrics-VERSION-freebsd/     framework-dependent and portable (no RID, no native launcher):
#                                         run "dotnet jailmetrics.dll" with FreeBSD's lang/dotnet;
#                                         for /usr/local/libexec/jailmetrics with rc.d/jailmetrics
#
# and a .tar.gz of each. Each layout also carries the man page, its service script and the
# operator's files (dashboards/, mibs/).
#
# Why portable for FreeBSD: Microsoft publishes no FreeBSD runtime packs or apphost, so a
# self-contained FreeBSD build cannot be made; "-r freebsd-x64 --self-contained false
# -p:UseAppHost=false" is accepted by the SDK too, but ties the build to amd64, while the portable
# one runs on amd64 and arm64 alike. The portable build needs Microsoft.NETCore.App and
# Microsoft.AspNetCore.App 10.x on the host (dotnet --list-runtimes).
#
# Why NativeAOT for Linux: no JIT, no mapped runtime and framework assemblies, so a fraction of the
# resident memory of the JIT build (BENCHMARKS.md, "Resident memory"). It needs clang (Debian: clang,
# zlib1g-dev) to link, and takes minutes on a small machine. Profile:
# src/JailMetrics/Properties/PublishProfiles/linux-x64-aot.pubxml.
#
#   packaging/publish.sh [DIST_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath -m "${1:-$root/dist}")
project="$root/src/JailMetrics/JailMetrics.csproj"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(dotnet msbuild "$project" -getProperty:Version -nologo)
linux="$dist/jailmetrics-$version-linux-x64"
freebsd="$dist/jailmetrics-$version-freebsd"
rm -rf "$linux" "$freebsd" "$linux.tar.gz" "$freebsd.tar.gz"
mkdir -p "$dist"

command -v clang > /dev/null || { echo "publish: clang is missing; NativeAOT links with it (apt-get install clang zlib1g-dev)" >&2; exit 1; }
echo "publish: NativeAOT linux-x64 → $linux"
dotnet publish "$project" -c Release -p:PublishProfile=linux-x64-aot -o "$linux" -nologo
# The native debug symbols (jailmetrics.dbg, several times the executable) stay out of the release.
rm -f "$linux/jailmetrics.dbg"

echo "publish: framework-dependent portable (FreeBSD) → $freebsd"
dotnet publish "$project" -c Release --self-contained false -p:UseAppHost=false -o "$freebsd" -nologo

# Files an operator installs beside the program.
add_docs() {
  local layout=$1 service=$2
  mkdir -p "$layout/share/man/man8" "$layout/share/jailmetrics" "$layout/rc.d"
  install -m 0644 "$root/man/jailmetrics.8" "$layout/share/man/man8/jailmetrics.8"
  cp -R "$root/dashboards" "$root/mibs" "$layout/share/jailmetrics/"
  install -m "$3" "$root/rc.d/$service" "$layout/rc.d/$service"
}
add_docs "$linux" jailmetrics.service 0644
add_docs "$freebsd" jailmetrics 0555

for layout in "$linux" "$freebsd"; do
  tar -C "$dist" -czf "$layout.tar.gz" "$(basename "$layout")"
  echo "publish: $layout.tar.gz"
done
