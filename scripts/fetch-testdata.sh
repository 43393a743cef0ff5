#!/usr/bin/env bash
# Fetches the public reference data the tests read (NAB, the AWS SigV4 test suite, LogHub-2k) from
# each source at a pinned revision, checks every file against scripts/testdata.sha256, and writes
# .testdata-cache/ (git-ignored) with PROVENANCE.md saying where each file came from.
#   scripts/fetch-testdata.sh               fill .testdata-cache/ (nothing to do if it verifies)
#   scripts/fetch-testdata.sh --dest DIR    fill DIR instead
#   scripts/fetch-testdata.sh --verify DIR  check DIR (e.g. ../shared/testdata) against the list
#   scripts/fetch-testdata.sh --plan        print "file<TAB>source path<TAB>how" for each file
# Exit status: 0 done; 1 a checksum mismatch or a source that answered with an error (named);
# 2 no source reachable (no network): tests that need the data are then skipped.
# AIOPS_TESTDATA_MIRROR replaces the base URL (a copy laid out as OWNER/REPO/REVISION/PATH; the
# tests use a file:// one).
set -euo pipefail
mode=fetch dest=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --dest) dest=${2:?--dest needs a folder}; shift 2 ;;
    --verify) mode=verify; dest=${2:?--verify needs a folder}; shift 2 ;;
    --plan) mode=plan; shift ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument '$1' (try --help)"; exit 1 ;;
    esac
done

# Folders given are relative to where the script was started; the default is in the package root.
[[ -n "$dest" && "$dest" != /* ]] && dest="$PWD/$dest"
cd "$(dirname "$0")/.."
dest=${dest:-$PWD/.testdata-cache}
list=scripts/testdata.sha256
base=${AIOPS_TESTDATA_MIRROR:-https://raw.githubusercontent.com}

# Pinned revisions. The checksum list pins the content whatever a revision resolves to.
nab_rev=ea702d7                                         # numenta/NAB, MIT (the corpus's own README)
aws_c_auth_rev=3d9f13fd6610d2c9f5ef5cf404bce4d9aeaca15b # awslabs/aws-c-auth, Apache-2.0: the last
#   revision that has tests/aws-sig-v4-test-suite/
bazel_rev=master # bazelbuild/bazel, Apache-2.0: the unmodified AWS copy of the two form-urlencoded cases
loghub_rev=master       # logpai/loghub: the 2k samples and their licence (research use, cite Loghub)
logparser_rev=main      # logpai/logparser: the corrected truth of Khan et al. (ICSE 2022)

say() { printf 'fetch-testdata: %s\n' "$*" >&2; }

# Sets `src` (OWNER/REPO/REVISION/PATH) and `how` for one file: `copy`; `labels` (NAB's labels cut
# to the development corpus); `results` (NAB's published results cut to the columns
# timestamp,value,anomaly_score,label); `licence` (kept beside the data, not in the list).
source_of() {
    local file=$1
    how=copy
    case "$file" in
    nab/data/*) src="numenta/NAB/$nab_rev/${file#nab/}" ;;
    nab/labels/combined_windows.json) src="numenta/NAB/$nab_rev/labels/combined_windows.json" how=labels ;;
    nab/results/*) src="numenta/NAB/$nab_rev/${file#nab/}" how=results ;;
    nab/LICENSE.txt) src="numenta/NAB/$nab_rev/LICENSE.txt" how=licence ;;
    sigv4/LICENSE | sigv4/NOTICE) src="awslabs/aws-c-auth/$aws_c_auth_rev/${file#sigv4/}" how=licence ;;
    sigv4/post-x-www-form-urlencoded*)
        src="bazelbuild/bazel/$bazel_rev/third_party/aws-sig-v4-test-suite/${file#sigv4/}" ;;
    sigv4/*) src="awslabs/aws-c-auth/$aws_c_auth_rev/tests/aws-sig-v4-test-suite/${file#sigv4/}" ;;
    loghub/LICENSE.loghub) src="logpai/loghub/$loghub_rev/LICENSE" how=licence ;;
    loghub/*_corrected.csv) src="logpai/logparser/$logparser_rev/data/loghub_2k_corrected/${file#loghub/}" ;;
    loghub/*) src="logpai/loghub/$loghub_rev/${file#loghub/}" ;;
    *) say "no source known for $file (add one to source_of in $0)"; return 1 ;;
    esac
}

listed_files() { grep -v '^#' "$list" | sed -E 's/^[0-9a-f]{64}  //'; }
licences() { printf '%s\n' nab/LICENSE.txt sigv4/LICENSE sigv4/NOTICE loghub/LICENSE.loghub; }

sha256_of() {
    if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

# Checks every listed file under $1; names each missing or differing file. Returns 1 if any.
verify() {
    local root=$1 bad=0 count=0 missing=0 expected file actual
    while read -r expected file; do
        count=$((count + 1))
        if [[ ! -f "$root/$file" ]]; then
            missing=$((missing + 1)) bad=1
            [[ $missing -le 5 ]] && say "missing: $file (under $root)"
            continue
        fi
        actual=$(sha256_of "$root/$file")
        if [[ "$actual" != "$expected" ]]; then
            say "checksum mismatch: $file: expected $expected, got $actual"; bad=1
        fi
    done < <(grep -v '^#' "$list")
    [[ $missing -gt 5 ]] && say "… $missing of $count files missing under $root"
    [[ $bad == 0 ]] && say "$count files verified under $root"
    return $bad
}

# NAB as published, fetched into $1/.raw/, cut to the development corpus into $1: the labels keep
# the files named in $2 (those with results in the list), written as the corpus copy is (json.dump,
# indent=1, keys sorted, no final newline); the results keep the columns
# timestamp,value,anomaly_score,label, written by csv.writer (CRLF) as they were.
cut_nab() {
    python3 - "$1" "$2" <<'PY'
import csv, json, pathlib, sys
work, raw = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[1]) / ".raw"
keep = set(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8").split())
for source in sorted(raw.rglob("*")):
    if not source.is_file():
        continue
    name = source.relative_to(raw).as_posix()
    target = work / name
    if name == "nab/labels/combined_windows.json":
        windows = json.loads(source.read_text(encoding="utf-8"))
        missing = keep - windows.keys()
        if missing:
            sys.exit(f"fetch-testdata: {name} lacks " + ", ".join(sorted(missing)))
        with open(target, "w", encoding="utf-8") as f:
            json.dump({k: v for k, v in windows.items() if k in keep}, f, indent=1, sort_keys=True)
    else:
        columns = ["timestamp", "value", "anomaly_score", "label"]
        with open(source, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        if not rows or not set(columns) <= set(rows[0]):
            sys.exit(f"fetch-testdata: {name} lacks one of the columns " + ",".join(columns))
        where = [rows[0].index(c) for c in columns]
        with open(target, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            for row in rows:
                writer.writerow([row[i] for i in where])
PY
}

fetch() { # URL FILE; exit status 2 when nothing answers, 1 when the source refuses
    local status=0
    curl -fsSL --connect-timeout 5 --max-time 120 --retry 2 --retry-connrefused -o "$2" "$1" 2>/dev/null || status=$?
    case $status in
    0) return 0 ;;
    5 | 6 | 7 | 28 | 35) return 2 ;; # no proxy / host / connection / time-out / TLS: no network
    *) return 1 ;;
    esac
}

case $mode in
verify) verify "$dest"; exit ;;
plan)
    { listed_files; licences; } | while read -r file; do source_of "$file"; printf '%s\t%s\t%s\n' "$file" "$src" "$how"; done
    exit 0 ;;
esac

if [[ -d "$dest" ]] && verify "$dest" 2>/dev/null; then
    say "$dest already holds the reference data"
    exit 0
fi
command -v curl >/dev/null || { say "needs curl"; exit 2; }
command -v python3 >/dev/null || { say "needs python3 (to cut NAB's labels and results to the corpus)"; exit 2; }

work=$(mktemp -d "${dest%/}.partial.XXXXXX")
trap 'rm -rf "$work"' EXIT
provenance="$work/PROVENANCE.md"
{
    echo "# Where each file came from"
    echo
    echo "Written by scripts/fetch-testdata.sh on $(date -u +%Y-%m-%dT%H:%MZ) from $base."
    echo "Licences: NAB MIT (nab/LICENSE.txt; cite Ahmad et al., Neurocomputing 2017); AWS SigV4 test"
    echo "suite Apache-2.0 (sigv4/LICENSE, sigv4/NOTICE); LogHub research use, cite Loghub (ISSRE 2023)"
    echo "(loghub/LICENSE.loghub). Licence files are fetched as they are; every other file matched"
    echo "scripts/testdata.sha256."
    echo
    echo "| file | source | how |"
    echo "|---|---|---|"
} >"$provenance"

corpus="$work/.corpus"
listed_files | sed -nE 's#^nab/results/numenta/([^/]+)/numenta_(.+)$#\1/\2#p' >"$corpus"
count=0
while read -r file; do
    source_of "$file"
    url="$base/$src"
    mkdir -p "$(dirname "$work/$file")"
    target="$work/$file"
    [[ $how == labels || $how == results ]] && target="$work/.raw/$file"
    mkdir -p "$(dirname "$target")"
    status=0
    fetch "$url" "$target" || status=$?
    if [[ $status == 2 ]]; then
        say "cannot reach $base (no network?): tests that need reference data will be skipped"
        exit 2
    elif [[ $status != 0 ]]; then
        say "could not fetch $file from $url"
        exit 1
    fi
    printf '| %s | %s | %s |\n' "$file" "$url" "$how" >>"$provenance"
    count=$((count + 1))
done < <(listed_files; licences)
cut_nab "$work" "$corpus" || exit 1
rm -rf "$work/.raw" "$corpus"

if ! verify "$work"; then
    say "refusing the fetched data: a file above differs from scripts/testdata.sha256"
    exit 1
fi
rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
say "fetched $count files into $dest (see $dest/PROVENANCE.md)"
