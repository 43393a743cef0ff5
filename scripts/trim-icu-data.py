#!/usr/bin/env python3
"""Writes a smaller copy of ICU's common data package (the `icudtNN_dat` blob that the static
Foundation links into `bootstrap`): usage `trim-icu-data.py IN.dat OUT.dat`.

The full package is 34 MB of the 85 MB binary and 12.7 MiB of the zip. The functions use ICU only
through Foundation for English and POSIX formatting (dates in en_US_POSIX, time zones, case
mapping, normalization) and read and write UTF-8 only, so the copy keeps every item that is not
locale-specific (properties, normalization, collation root, time-zone rules and names, likely
subtags, supplemental data) and the root/en locales, and drops the other locales' data, the
legacy code-page converters (*.cnv), the dictionary-based break iterators and transliteration.
It also drops what no linked code or no call of ours reads: the StringPrep profiles (*.spp) and
the spoof checker's confusables (the static Foundation links neither `usprep_open` nor
`uspoof_open`), the Unicode character names (unames.icu: only `u_charName` and the Any-Name
transform read them, which nothing in bootstrap calls), and the line, word and sentence break rules
of other locales and of the `lb=loose/normal/phrase` keywords (line_*.brk, word_fi_sv.brk,
sent_el.brk), keeping the root rules (char, word, word_POSIX, line, sent, title).

The format (ICU's "common data", udata.h): a header of `headerSize` bytes with the magic
0xda 0x27, then a table of contents: a count and, per item, the offsets (from the end of the
header) of its name and of its data; items are sorted by name, data 16-byte aligned.
"""
import struct
import sys

KEEP_LOCALES = {"root", "en", "en_US", "en_US_POSIX", "en_001", "en_GB"}
LOCALE_TREES = {"lang", "region", "curr", "zone", "unit", "rbnf", "coll"}
TREE_SHARED = {"res_index.res", "pool.res", "supplementalData.res", "tzdbNames.res"}
UNREAD = {"unames.icu", "confusables.cfu"}
ROOT_BREAK_RULES = {"char.brk", "word.brk", "word_POSIX.brk", "line.brk", "sent.brk", "title.brk"}


def read(data):
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27):
        sys.exit("not an ICU common data package (bad magic)")
    count, = struct.unpack_from("<I", data, header_size)
    toc = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(toc):
        name_start = header_size + name_offset
        name = data[name_start:data.index(b"\0", name_start)].decode()
        end = header_size + toc[index + 1][1] if index + 1 < count else len(data)
        items.append((name, data[header_size + data_offset:end]))
    return data[:header_size], items


def is_locale(leaf):
    stem = leaf[:-4] if leaf.endswith(".res") else None
    return stem is not None and ("_" in stem or (len(stem) <= 3 and stem.isalpha() and stem.islower()))


def keep(name):
    parts = name.split("/")
    leaf = parts[-1]
    if leaf.endswith((".cnv", ".spp")) or leaf in UNREAD or (len(parts) > 2 and parts[1] == "translit"):
        return False
    if len(parts) == 2:
        return not is_locale(leaf) or leaf[:-4] in KEEP_LOCALES
    tree = parts[1]
    if tree in LOCALE_TREES:
        return leaf in TREE_SHARED or not leaf.endswith(".res") or leaf[:-4] in KEEP_LOCALES
    if tree == "brkitr":
        if leaf.endswith(".brk"):
            return leaf in ROOT_BREAK_RULES
        return not leaf.endswith(".dict") and (not leaf.endswith(".res") or leaf[:-4] in KEEP_LOCALES
                                               or leaf == "res_index.res")
    return True


def write(header, items):
    names = b""
    name_offsets = []
    toc_size = 4 + 8 * len(items)
    for name, _ in items:
        name_offsets.append(toc_size + len(names))
        names += name.encode() + b"\0"
    start = toc_size + len(names)
    padding = (-(len(header) + start)) % 16
    start += padding
    body = b""
    data_offsets = []
    for _, blob in items:
        body += b"\0" * ((-(len(header) + start + len(body))) % 16)
        data_offsets.append(start + len(body))
        body += blob
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets))
    return header + toc + names + b"\0" * padding + body


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: trim-icu-data.py IN.dat OUT.dat")
    with open(sys.argv[1], "rb") as source:
        header, items = read(source.read())
    kept = [item for item in items if keep(item[0])]
    out = write(header, kept)
    with open(sys.argv[2], "wb") as target:
        target.write(out)
    total = sum(len(blob) for _, blob in items)
    print(f"ICU data: kept {len(kept)} of {len(items)} items, {len(out)} of {total} bytes")


if __name__ == "__main__":
    main()
