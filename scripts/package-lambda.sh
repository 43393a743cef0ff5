#!/usr/bin/env bash
# Builds the Lambda package: `bootstrap` in release with the static Swift standard library,
# stripped, zipped with the models (if any) into dist/aiops-lambda.zip.
# The functions run on provided.al2023 (glibc 2.34): the script fails when the binary needs a
# newer glibc symbol version. Built against glibc >= 2.35 (Debian 12, Ubuntu 24.04) the only
# newer ones were hypot/hypotf (GLIBC_2.35); the CompatGlibc target, linked into bootstrap, binds
# them to their original versions, so a build on Debian 12 needs at most GLIBC_2.34 (x86_64, Swift
# 6.3.1, 2026-12-05: zip 18,044,989 bytes = 17.2 MiB, bootstrap 48,512,760 bytes; 22,384,026
# bytes before the dead code and more ICU data were dropped: docs/deploy.md). Build on the
# architecture you deploy (Terraform's lambda_architecture, arm64 by default; CI builds in
# swift:6.x-amazonlinux2 on an arm64 runner).
set -euo pipefail
cd "$(dirname "$0")/.."

max_glibc="2.34"
# AIOPS_SCRATCH_PATH: a build folder of its own (e.g. .build-release), so that a release build
# does not wait for (or invalidate) the debug build in .build.
build=(swift build -c release --product bootstrap --static-swift-stdlib)
# Dead code out of the link. swiftc links executables with -export-dynamic, which exports every
# symbol of the package's objects and so makes each one a root that --gc-sections (on in SwiftPM's
# release links) keeps; nothing looks bootstrap's own symbols up at run time, so they are not
# exported. Swift code gets a section per function, and public symbols are not marked
# retained, so the linker drops the unused parts of NIO, AsyncHTTPClient, Hummingbird and others.
build+=(-Xlinker --no-export-dynamic)
build+=(-Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -Xfrontend -Xswiftc -internalize-at-link)
if [ -n "${AIOPS_SCRATCH_PATH:-}" ]; then build+=(--scratch-path "$AIOPS_SCRATCH_PATH"); fi

# The static Foundation links ICU's whole data package (icudtNN_dat: 34 MB of the binary, 12.7 MiB
# of the zip). The functions need only its English, POSIX and locale-independent parts: a
# trimmed copy (scripts/trim-icu-data.py) is assembled into bootstrap's own objects
# (Sources/CompatGlibc/ICUData.S, through AIOPS_ICU_DATA / AIOPS_ICU_SYMBOL in Package.swift),
# which define the symbol before the linker scans the ICU archive, so its full copy is never
# pulled in. AIOPS_FULL_ICU=1 keeps the full data.
icu_dir="$PWD/dist/icu"
rm -rf "$icu_dir"
if [ "${AIOPS_FULL_ICU:-0}" != "1" ] && command -v python3 >/dev/null; then
    resources=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["paths"]["runtimeResourcePath"])')
    icu_archive="$resources/../swift_static/linux/lib_FoundationICU.a"
    # Not `grep -q`: it exits at the first match, `ar` then dies of SIGPIPE, and with pipefail the
    # test fails now and then, silently packaging the full data.
    if [ -f "$icu_archive" ] && ar t "$icu_archive" | grep -x icu_packaged_data.cpp.o >/dev/null; then
        mkdir -p "$icu_dir"
        (cd "$icu_dir" && ar x "$icu_archive" icu_packaged_data.cpp.o)
        symbol=$(nm "$icu_dir/icu_packaged_data.cpp.o" | awk '$1 ~ /^0+$/ && $3 ~ /^icudt[0-9]+_dat$/ { print $3 }')
        [ -n "$symbol" ] || { echo "no icudtNN_dat at the start of ICU's data object" >&2; exit 1; }
        objcopy -O binary --only-section=.rodata "$icu_dir/icu_packaged_data.cpp.o" "$icu_dir/full.dat"
        python3 scripts/trim-icu-data.py "$icu_dir/full.dat" "$icu_dir/trimmed.dat"
        # The assembler's dependency file does not name an .incbin file: a digest in the path makes a
        # changed copy a changed command, so SwiftPM assembles it again rather than keep the old one.
        digest=$(sha256sum "$icu_dir/trimmed.dat" | cut -c1-16)
        mv "$icu_dir/trimmed.dat" "$icu_dir/trimmed-$digest.dat"
        export AIOPS_ICU_DATA="$icu_dir/trimmed-$digest.dat" AIOPS_ICU_SYMBOL="$symbol"
    else
        echo "ICU's data object is not in $icu_archive: the full data stays" >&2
    fi
else
    echo "the full ICU data stays (AIOPS_FULL_ICU=1, or no python3)" >&2
fi

"${build[@]}"
bin_dir=$("${build[@]}" --show-bin-path)

rm -rf dist/package dist/aiops-lambda.zip
mkdir -p dist/package
cp "$bin_dir/bootstrap" dist/package/bootstrap
strip dist/package/bootstrap
# The api function serves the dashboard's pages from the resource folder SwiftPM builds beside
# the executable (found there at run time: /var/task/aiops_Dashboard.resources).
cp -R "$bin_dir/aiops_Dashboard.resources" dist/package/
if [ -d models ] && [ -n "$(ls -A models 2>/dev/null)" ]; then
    cp -R models dist/package/models
fi

needed=$(objdump -T dist/package/bootstrap | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
arch=$(uname -m)
if [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
    echo "bootstrap needs glibc $needed, newer than Amazon Linux 2023's $max_glibc:" >&2
    objdump -T dist/package/bootstrap | grep -E "GLIBC_($needed)" | head -n 20 >&2
    echo "bind these symbols to older versions in Sources/CompatGlibc, or build inside the" >&2
    echo "swift:6.x-amazonlinux2 image (see .github/workflows/cicd_pipeline.yml)" >&2
    exit 1
fi

(cd dist/package && zip -q -9 -r ../aiops-lambda.zip .)
binary_size=$(stat -c %s dist/package/bootstrap)
zip_size=$(stat -c %s dist/aiops-lambda.zip)
echo "dist/aiops-lambda.zip: $zip_size bytes ($((zip_size / 1024 / 1024)) MiB); bootstrap $binary_size bytes, $arch, needs glibc <= $needed"
