#!/usr/bin/env bash
# Builds the release archives locally, as a tagged release would, but without
# signing or publishing, and lists what a registry upload would contain.
# --verify-only checks an existing dist/ without building again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
goreleaser=$(scripts/tool.sh goreleaser)
if [[ "${1:-}" != "--verify-only" ]]; then
  "$goreleaser" check
  "$goreleaser" release --snapshot --clean --skip=sign,publish
fi
version=$(ls dist/*_SHA256SUMS | sed 's#.*terraform-provider-stytch_\(.*\)_SHA256SUMS#\1#')
# A release uploads the manifest under this name (release.extra_files); a
# snapshot publishes nothing, so put it where the upload would take it from.
cp terraform-registry-manifest.json "dist/terraform-provider-stytch_${version}_manifest.json"
echo
echo "Release artifacts in dist/:"
(cd dist && ls -1 ./*.zip ./*SHA256SUMS ./*manifest.json | sed 's#^\./#  #')
echo
echo "Checking the layout for version $version:"
while read -r sum file; do
  [[ -f "dist/$file" ]] || { echo "missing dist/$file" >&2; exit 1; }
  [[ "$(sha256sum "dist/$file" | cut -d' ' -f1)" == "$sum" ]] || { echo "checksum mismatch for $file" >&2; exit 1; }
done <"dist/terraform-provider-stytch_${version}_SHA256SUMS"
unzip -l "dist/terraform-provider-stytch_${version}_linux_amd64.zip" | grep -q "terraform-provider-stytch_v${version}" ||
  { echo "the linux_amd64 zip does not hold terraform-provider-stytch_v${version}" >&2; exit 1; }
# The version reaches the binary through ldflags.
bin=$(find dist -type f -name "terraform-provider-stytch_v${version}" -path '*linux_amd64*' | head -n 1)
strings "$bin" 2>/dev/null | grep -q "$version" || grep -aq "$version" "$bin" ||
  { echo "the version $version is not in the binary" >&2; exit 1; }
echo "ok: $(grep -c . "dist/terraform-provider-stytch_${version}_SHA256SUMS") files listed in SHA256SUMS, checksums match"
