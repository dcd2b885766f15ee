#!/usr/bin/env python3
"""Turns a terminal capture with colours (`tmux capture-pane -e -p`) into an SVG picture.

Used to make the README's screenshot from the running workbench:

    tmux new -d -s shot -x 150 -y 42 'target/release/briefbench'
    tmux send-keys -t shot ...                 # go where the picture should be
    tmux capture-pane -e -p -t shot > /tmp/shot.ans
    python3 assets/ansi2svg.py /tmp/shot.ans > assets/workbench.svg
    rsvg-convert assets/workbench.svg -o assets/workbench.png

Handles what ratatui emits through tmux: SGR colours (16, 256 and RGB), bold, italic,
underline, reverse. Wide characters take two cells, as in the terminal.
"""

import re
import sys
import unicodedata
from html import escape

CELL_W, CELL_H, FONT = 8.4, 17, 14
BG, FG = "#1e2127", "#c8ccd4"
BASE16 = [
    "#282c34", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#abb2bf",
    "#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#7cc4ff", "#de9bf0", "#7fd6e0", "#ffffff",
]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        levels = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (levels[n // 36], levels[(n // 6) % 6], levels[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def width(ch):
    if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def parse(text):
    """Rows of cells: (char, fg, bg, bold, italic, underline)."""
    rows = []
    for line in text.split("\n"):
        st = {"fg": None, "bg": None, "b": False, "i": False, "u": False, "r": False}
        cells = []
        pos = 0
        for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b]+)", line):
            if m.group(2) is not None:
                for ch in m.group(2):
                    w = width(ch)
                    if w == 0 and cells:
                        c = cells[-1]
                        cells[-1] = (c[0] + ch,) + c[1:]
                        continue
                    fg, bg = st["fg"] or FG, st["bg"]
                    if st["r"]:
                        fg, bg = bg or BG, fg
                    cells.append((ch, fg, bg, st["b"], st["i"], st["u"]))
                    if w == 2:
                        cells.append(None)
                continue
            codes = [int(c) if c else 0 for c in m.group(1).split(";")]
            k = 0
            while k < len(codes):
                c = codes[k]
                if c == 0:
                    st = {"fg": None, "bg": None, "b": False, "i": False, "u": False, "r": False}
                elif c == 1:
                    st["b"] = True
                elif c == 3:
                    st["i"] = True
                elif c == 4:
                    st["u"] = True
                elif c == 7:
                    st["r"] = True
                elif c == 22:
                    st["b"] = False
                elif c == 23:
                    st["i"] = False
                elif c == 24:
                    st["u"] = False
                elif c == 27:
                    st["r"] = False
                elif 30 <= c <= 37:
                    st["fg"] = BASE16[c - 30]
                elif 90 <= c <= 97:
                    st["fg"] = BASE16[c - 90 + 8]
                elif 40 <= c <= 47:
                    st["bg"] = BASE16[c - 40]
                elif 100 <= c <= 107:
                    st["bg"] = BASE16[c - 100 + 8]
                elif c == 39:
                    st["fg"] = None
                elif c == 49:
                    st["bg"] = None
                elif c in (38, 48) and k + 1 < len(codes):
                    key = "fg" if c == 38 else "bg"
                    if codes[k + 1] == 5 and k + 2 < len(codes):
                        st[key] = xterm256(codes[k + 2])
                        k += 2
                    elif codes[k + 1] == 2 and k + 4 < len(codes):
                        st[key] = "#%02x%02x%02x" % tuple(codes[k + 2:k + 5])
                        k += 4
                k += 1
            pos += 1
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def svg(rows):
    cols = max((len(r) for r in rows), default=0)
    w, h = cols * CELL_W + 24, len(rows) * CELL_H + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}">',
        f'<rect width="100%" height="100%" rx="8" fill="{BG}"/>',
        f'<g font-family="DejaVu Sans Mono, monospace" font-size="{FONT}" transform="translate(12,12)">',
    ]
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if cell and cell[2]:
                span = 2 if x + 1 < len(row) and row[x + 1] is None else 1
                out.append(
                    f'<rect x="{x * CELL_W:.1f}" y="{y * CELL_H}" width="{span * CELL_W + 0.5:.1f}" '
                    f'height="{CELL_H}" fill="{cell[2]}"/>'
                )
        for x, cell in enumerate(row):
            if not cell or cell[0] == " ":
                continue
            ch, fg, _, b, i, u = cell
            attrs = f'fill="{fg}"'
            if b:
                attrs += ' font-weight="bold"'
            if i:
                attrs += ' font-style="italic"'
            if u:
                attrs += ' text-decoration="underline"'
            out.append(
                f'<text x="{x * CELL_W:.1f}" y="{y * CELL_H + CELL_H - 4}" {attrs} '
                f'xml:space="preserve">{escape(ch)}</text>'
            )
    out.append("</g></svg>")
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(svg(parse(f.read())))
