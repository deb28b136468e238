#!/usr/bin/env python3
"""pdf_margin.py - a printed page is not clipped and not shrunk to fit.

Reads the binary PGM (P5) files `pdftoppm -gray` writes, one per page.
Every page must have no ink (no pixel darker than INK) in its rightmost
BAND millimetres: nothing runs off the page.  A browser that meets a
layout wider than the page scales the whole document down instead of
clipping it, which would leave the margin clean; so the first page's ink
must also span at least WIDTH millimetres (the header table fills the
printable width at full scale).  Prints one line per page; exit 1 when a
page fails.  Usage: pdf_margin.py DPI BAND WIDTH FILE.pgm...
"""
import sys

INK = 160


def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise SystemExit(path + ": not an 8-bit binary PGM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def ink_columns(w, h, px):
    return [x for x in range(w)
            if min(px[x::w][:h]) < INK]


def main():
    dpi, band_mm, width_mm = (float(a) for a in sys.argv[1:4])
    mm = 25.4 / dpi
    bad = 0
    for n, path in enumerate(sys.argv[4:]):
        w, h, px = read_pgm(path)
        cols = ink_columns(w, h, px)
        band = max(1, int(round(band_mm / mm)))
        right = max(cols) if cols else -1
        ok = right < w - band
        msg = "%s: ink from %.1f to %.1f mm of %.1f" % (
            path, min(cols) * mm if cols else 0, right * mm, w * mm)
        if n == 0 and cols:
            span = (right - min(cols)) * mm
            ok = ok and span >= width_mm
            msg += ", span %.1f mm (at least %.0f)" % (span, width_mm)
        print(msg + ("" if ok else "  <- FAILS"))
        bad += not ok
    sys.exit(1 if bad else 0)


main()
