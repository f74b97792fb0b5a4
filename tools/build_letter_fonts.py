"""Build the fallback fonts the letters draw non-Latin names with (resources/letters/fonts).

    apt-get install fonts-noto-core fonts-noto-cjk   # Debian's Noto packages, the sources
    .venv/bin/python tools/build_letter_fonts.py

DejaVu Sans (already in resources/letters/fonts) draws Latin with every accent, Greek,
Cyrillic, Armenian, Georgian and Hebrew. Two scripts it cannot draw well get a Noto font,
cut down to what a letter needs so the repository stays small:

- Arabic (Arabic, Persian, Urdu): Noto Sans Arabic, regular and bold, kept to the Arabic
  blocks and their presentation forms (the letters join through those forms, see
  mmi_desktop/letters/scripts.py), plus the punctuation around a name.
- Chinese, Japanese, Korean: Noto Sans CJK SC, regular, kept to the characters of the
  national standard sets that names are written in (GB 2312, Big5, JIS X 0208, and the
  2,350 Hangul syllables of KS X 1001), plus kana, CJK punctuation and full-width forms.
  Its outlines are PostScript (CFF), which ReportLab does not embed, so they are converted
  to TrueType outlines here.

Both are under the SIL Open Font License 1.1 (LICENSE-Noto.txt beside them); the subsets are
renamed, as the licence asks of modified versions. The output is deterministic for the same
source files and fontTools version. fontTools is a development dependency only: the
application reads the finished files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "letters" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = "Noto Sans CJK SC"

# Punctuation and digits a name or an address may carry next to its script's letters.
COMMON = [*range(0x20, 0x7F), 0xA0, 0xAB, 0xBB, 0x2010, 0x2011, 0x2013, 0x2014, 0x2026]
ARABIC = [
    *range(0x0600, 0x0700),  # Arabic
    *range(0x0750, 0x0780),  # Arabic Supplement
    *range(0x08A0, 0x0900),  # Arabic Extended-A
    *range(0xFB50, 0xFE00),  # Arabic Presentation Forms-A
    *range(0xFE70, 0xFF00),  # Arabic Presentation Forms-B
    0x200C, 0x200D, 0x200E, 0x200F,  # joiners and direction marks
]
EUC_TRAILS = list(range(0xA1, 0xFF))
BIG5_TRAILS = [*range(0x40, 0x7F), *EUC_TRAILS]


def national_set(codec: str, leads: range, trails: list[int]) -> set[int]:
    """The characters of a two-byte national set, read from Python's own codec (the tests
    check that the bundled font draws every one)."""
    out: set[int] = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(ord(text))
    return out


def cjk_characters() -> list[int]:
    euc = EUC_TRAILS
    chars: set[int] = set()
    chars |= national_set("gb2312", range(0xA1, 0xF8), euc)  # GB 2312: 6,763 hanzi
    chars |= national_set("big5", range(0xA1, 0xFA), BIG5_TRAILS)  # Big5
    chars |= national_set("euc_jp", range(0xA1, 0xF5), euc)  # JIS X 0208
    chars |= national_set("euc_kr", range(0xA1, 0xFE), euc)  # KS X 1001, Hangul and hanja
    chars |= set(range(0x3000, 0x3100))  # CJK punctuation, hiragana, katakana
    chars |= set(range(0x3130, 0x3190))  # Hangul compatibility jamo
    chars |= set(range(0x31F0, 0x3200))  # katakana phonetic extensions
    chars |= set(range(0xFF00, 0xFFF0))  # full-width and half-width forms
    chars |= set(COMMON)
    return sorted(chars)


def _subset(font: TTFont, unicodes: list[int], *, keep_layout: bool) -> None:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"] if keep_layout else []
    options.name_IDs = ["*"]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "DSIG", "GDEF", "GPOS", "GSUB"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def _cff_to_truetype(font: TTFont) -> None:
    """Replace PostScript outlines by quadratic TrueType ones (max error 1 unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing reads them
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, family: str, style: str) -> None:
    """A modified version takes a name of its own (OFL section 3)."""
    postscript = f"{family.replace(' ', '')}-{style}"
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{postscript};MMI Desktop letters subset"),
        (4, f"{family} {style}" if style != "Regular" else family),
        (6, postscript),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)


def build_arabic(out: Path) -> list[Path]:
    from fontTools.ttLib import TTFont

    written = []
    for style in ("Regular", "Bold"):
        font = TTFont(NOTO / f"NotoSansArabic-{style}.ttf", recalcTimestamp=False)
        _subset(font, ARABIC + COMMON, keep_layout=False)
        _rename(font, "Letter Arabic", style)
        target = out / f"LetterArabic-{style}.ttf"
        font.save(target)
        written.append(target)
    return written


def build_cjk(out: Path) -> list[Path]:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(NOTO_CJK)
    font = next(f for f in collection.fonts if f["name"].getDebugName(4) == CJK_FACE)
    font.recalcTimestamp = False  # the same bytes on every run
    _subset(font, cjk_characters(), keep_layout=False)
    _cff_to_truetype(font)
    _rename(font, "Letter CJK", "Regular")
    target = out / "LetterCJK-Regular.ttf"
    font.save(target)
    return [target]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=OUT, help="folder (default: %(default)s)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in [*build_arabic(args.out), *build_cjk(args.out)]:
        print(f"{path.name}: {path.stat().st_size / 1024:,.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
