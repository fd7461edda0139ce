"""CJK fonts for the forms, found at run time and embedded as TrueType subsets.

Four roles, after the faces Chinese official forms use: ``fang`` 仿宋 (body text), ``song``
宋体, ``hei`` 黑体 (titles and labels) and ``kai`` 楷体. Each role is resolved in this order:

1. the font chosen in the settings (a file path or a family name), for the body roles;
2. the system's fonts: on Windows ``simfang.ttf``, ``simsun.ttc``, ``simhei.ttf``, ``simkai.ttf``
   in ``%WINDIR%\\Fonts``; elsewhere fontconfig (``fc-list :lang=zh``);
3. fonts bundled by the installer under ``perfcore.resources/fonts`` (never committed);
4. the Debian packages' paths (fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp, fonts-wqy-microhei).

A role without a face of its own borrows another role's. Only TrueType outlines are accepted:
ReportLab cannot embed CFF (OpenType/PostScript) outlines such as Noto CJK's, and a font that is
not embedded prints blank or in a wrong face on a machine without it. With no usable CJK font at
all, :class:`FontError` says in Chinese what to install.

A character missing from a role's face is printed from the first other resolved face that has it
(AR PL SungtiL lacks ``≦``, for one), see :meth:`FontSet.runs`; one that no face has prints as
``□`` (:data:`MISSING_MARK`), and :func:`perfcore.pdf.glyphs.unprintable` says which fields hold
such characters before anything is printed.

For the settings, :func:`font_choices` lists the faces of this machine that can be chosen (each
one loaded: only faces that embed are offered) and :func:`check_font` says in Chinese why a
chosen file cannot be used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from perfcore.errors import UserError

Role = Literal["fang", "song", "hei", "kai"]
ROLES: tuple[Role, ...] = ("fang", "song", "hei", "kai")

# Which role borrows from which when the system has no face of its own for it.
_BORROW: dict[Role, tuple[Role, ...]] = {
    "fang": ("song", "kai", "hei"),
    "song": ("fang", "kai", "hei"),
    "hei": ("song", "fang", "kai"),
    "kai": ("fang", "song", "hei"),
}

# Family names as fontconfig reports them (English and Chinese), best first.
_FAMILIES: dict[Role, tuple[str, ...]] = {
    "fang": ("FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "华文仿宋"),
    "song": (
        "SimSun",
        "宋体",
        "NSimSun",
        "新宋体",
        "STSong",
        "华文宋体",
        "AR PL SungtiL GB",
        "AR PL UMing CN",
        "AR PL New Sung",
    ),
    "hei": (
        "SimHei",
        "黑体",
        "Microsoft YaHei",
        "微软雅黑",
        "STHeiti",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
    ),
    "kai": ("KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "AR PL KaitiM GB", "AR PL UKai CN"),
}

_WINDOWS_FILES: dict[Role, tuple[str, ...]] = {
    "fang": ("simfang.ttf",),
    "song": ("simsun.ttc", "simsun.ttf"),
    "hei": ("simhei.ttf", "msyh.ttc", "msyh.ttf"),
    "kai": ("simkai.ttf",),
}

_DEBIAN_FILES: dict[Role, tuple[str, ...]] = {
    "fang": (),
    "song": (
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ),
    "hei": (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ),
    "kai": (
        "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
    ),
}

# The Chinese faces a Windows PC may have, by file name in %WINDIR%\\Fonts (not every one
# has a fontconfig to ask), with their names as the system shows them.
_WINDOWS_NAMED: tuple[tuple[str, int, str], ...] = (
    ("simfang.ttf", 0, "仿宋"),
    ("simsun.ttc", 0, "宋体"),
    ("simsun.ttc", 1, "新宋体"),
    ("simhei.ttf", 0, "黑体"),
    ("simkai.ttf", 0, "楷体"),
    ("msyh.ttc", 0, "微软雅黑"),
    ("STFANGSO.TTF", 0, "华文仿宋"),
    ("STSONG.TTF", 0, "华文宋体"),
    ("STKAITI.TTF", 0, "华文楷体"),
    ("Deng.ttf", 0, "等线"),
)

# Faces with a wide repertoire, tried only for characters no role's face has.
_WIDE_FALLBACKS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

INSTALL_HINT = (
    "未找到可嵌入PDF的中文字体（需TrueType轮廓的宋体、仿宋或黑体）。"
    "Windows：请确认系统字体目录中有宋体（simsun.ttc）或仿宋（simfang.ttf）；"
    "Linux：请安装 fonts-arphic-gbsn00lp、fonts-wqy-microhei（如 sudo apt install "
    "fonts-arphic-gbsn00lp fonts-wqy-microhei）；也可在设置中选择一个中文TrueType字体文件。"
    "注：思源/Noto CJK 为CFF轮廓，无法嵌入。"
)


MISSING_MARK = "□"
"""Printed in place of a character no available face has."""


class FontError(UserError):
    """No usable CJK font; the message is Chinese and says what to install."""


@dataclass(frozen=True)
class FontSource:
    """A font file and the face's index inside a collection (``.ttc``)."""

    path: Path
    index: int = 0


@dataclass
class FontSet:
    """The resolved faces, registered with ReportLab under their ``names``."""

    names: dict[Role, str]
    sources: dict[Role, FontSource]
    _faces: dict[str, TTFont] = field(default_factory=dict, repr=False)
    _wide: list[str] | None = field(default=None, repr=False)
    markups: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    """Paragraph markup of short texts already set in these faces (perfcore.pdf.text.markup)."""

    def name(self, role: Role) -> str:
        return self.names[role]

    def files(self) -> list[Path]:
        """The font files a print reads: inputs of the command, never to be written over (a
        PDF saved onto the body font chosen in 设置 or ``--font`` would destroy it)."""
        return sorted({source.path for source in self.sources.values()})

    def covers(self, font_name: str, char: str) -> bool:
        return ord(char) in self._faces[font_name].face.charToGlyph

    def covers_all(self, font_name: str, text: str) -> bool:
        """Whether the face has every character of ``text``: decided by a set comparison, without
        a loop in Python per character."""
        return bool(self._faces[font_name].face.charToGlyph.keys() >= set(map(ord, text)))

    def runs(self, text: str, primary: str) -> Iterator[tuple[str, str]]:
        """Split ``text`` into (font name, chunk) runs so that every character has a glyph.

        ``primary`` is the registered name of the face the text is set in. A character no face
        has prints as :data:`MISSING_MARK` (``□``), so that the paper shows something is
        missing where a blank would hide it.
        """
        if text and self.covers_all(primary, text):
            yield primary, text  # the usual case
            return
        glyphs = self._faces[primary].face.charToGlyph
        current, marking = primary, False
        start = 0
        for i, char in enumerate(text):
            code = ord(char)
            font = primary if code in glyphs or code < 32 else self._fallback_for(char, primary)
            mark = font is None
            if font is None:
                font = self._mark_face(primary)
            if font != current or mark != marking:
                if i > start:
                    yield current, MISSING_MARK * (i - start) if marking else text[start:i]
                current, marking, start = font, mark, i
        if start < len(text):
            yield current, MISSING_MARK * (len(text) - start) if marking else text[start:]

    def width(self, text: str, font: str, size: float) -> float:
        """Printed width of ``text`` set in ``font`` with the fallbacks :meth:`runs` picks."""
        return float(sum(pdfmetrics.stringWidth(chunk, face, size) for face, chunk in self.runs(text, font)))

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` that no resolved face can print."""
        out: set[str] = set()
        for char in set(text):
            if ord(char) < 32:
                continue
            if not any(ord(char) in f.face.charToGlyph for f in self._faces.values()):
                if not any(ord(char) in f.face.charToGlyph for f in self._wide_faces()):
                    out.add(char)
        return out

    def _fallback_for(self, char: str, primary: str) -> str | None:
        """The first resolved (then wide) face that has ``char``; None if none has it."""
        code = ord(char)
        if code in self._faces[primary].face.charToGlyph:
            return primary
        for name in self.names.values():
            if code in self._faces[name].face.charToGlyph:
                return name
        for name in self._wide_names():
            if code in self._faces[name].face.charToGlyph:
                return name
        return None

    def _mark_face(self, primary: str) -> str:
        # Every CJK face has □ (it is in GB 2312); the primary face is the last resort.
        return self._fallback_for(MISSING_MARK, primary) or primary

    def _wide_names(self) -> list[str]:
        if self._wide is None:
            self._wide = []
            for path in _WIDE_FALLBACKS:
                font = _load(FontSource(Path(path)))
                if font is not None and font.fontName not in self.names.values():
                    self._faces[font.fontName] = font
                    self._wide.append(font.fontName)
        return self._wide

    def _wide_faces(self) -> Iterator[TTFont]:
        for name in self._wide_names():
            yield self._faces[name]


_LOADED: dict[FontSource, TTFont | None] = {}


def _registered_name(source: FontSource) -> str:
    digest = hashlib.sha1(f"{source.path}#{source.index}".encode()).hexdigest()[:10]
    return f"PF-{digest}"


def _outline_kind(source: FontSource) -> str:
    """``truetype``, ``cff`` or ``unknown`` from the sfnt header (collections resolved by index)."""
    try:
        with open(source.path, "rb") as fh:
            head = fh.read(12 + 4 * (source.index + 1))
            tag = head[:4]
            if tag == b"ttcf":
                (offset,) = struct.unpack(">I", head[12 + 4 * source.index : 16 + 4 * source.index])
                fh.seek(offset)
                tag = fh.read(4)
            elif source.index:
                return "unknown"  # a later face of a file that holds one face only
    except (OSError, struct.error):
        return "unknown"
    if tag in (b"\x00\x01\x00\x00", b"true"):
        return "truetype"
    if tag == b"OTTO":
        return "cff"
    return "unknown"


def _load(source: FontSource) -> TTFont | None:
    """The face registered with ReportLab, or None if it is missing or cannot be embedded."""
    if source in _LOADED:
        return _LOADED[source]
    font: TTFont | None = None
    if source.path.is_file() and _outline_kind(source) == "truetype":
        try:
            font = TTFont(_registered_name(source), str(source.path), subfontIndex=source.index)
        except (TTFError, OSError, ValueError, IndexError, struct.error):
            font = None
        if font is not None and not _has_cjk(font):
            font = None
        if font is not None:
            pdfmetrics.registerFont(font)
    _LOADED[source] = font
    return font


def _has_cjk(font: TTFont) -> bool:
    glyphs = font.face.charToGlyph
    return all(ord(c) in glyphs for c in "中文表")


# ---------------------------------------------------------------- where fonts are


def _windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    root = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
    return Path(root) / "Fonts"


@dataclass(frozen=True)
class _FcFace:
    source: FontSource
    families: tuple[str, ...]
    languages: tuple[str, ...] = ()
    """The language of each family name (fontconfig's ``familylang``), when known."""


def _fontconfig_faces() -> list[_FcFace]:
    """CJK faces fontconfig knows, TrueType only (CFF outlines cannot be embedded)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file", "index", "family", "familylang", "fontformat"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        path, _, props = line.partition(": ")
        fields = dict(p.split("=", 1) for p in props.split(":") if "=" in p)
        family_text = props.split(":", 1)[0] if "=" not in props.split(":", 1)[0] else ""
        if fields.get("fontformat", "TrueType") != "TrueType":
            continue
        try:
            index = int(fields.get("index", "0"))
        except ValueError:
            index = 0
        families = tuple(f.strip() for f in family_text.split(",") if f.strip())
        languages = tuple(lang.strip() for lang in fields.get("familylang", "").split(","))
        faces.append(_FcFace(FontSource(Path(path.strip()), index), families, languages))
    return faces


def _bundled_sources() -> list[FontSource]:
    try:
        folder = files("perfcore.resources") / "fonts"
        if not folder.is_dir():
            return []
        names = sorted(e.name for e in folder.iterdir() if e.name.lower().endswith((".ttf", ".ttc")))
    except (OSError, ModuleNotFoundError):
        return []
    # A bundled font is a real file in a checkout, a wheel and the frozen bundle alike.
    return [FontSource(Path(str(folder / n))) for n in names]


def _by_family(faces: Iterable[_FcFace], families: Iterable[str]) -> Iterator[FontSource]:
    faces = list(faces)
    for wanted in families:
        for face in faces:
            if any(f.casefold() == wanted.casefold() for f in face.families):
                yield face.source


def _candidates(role: Role) -> Iterator[FontSource]:
    windows = _windows_fonts_dir()
    if windows is not None:
        for name in _WINDOWS_FILES[role]:
            yield FontSource(windows / name)
    else:
        yield from _by_family(_fontconfig_faces_cached(), _FAMILIES[role])
    # Bundled fallbacks serve the text roles; a bundled 黑体 is named for it.
    for source in _bundled_sources():
        stem = source.path.stem.lower()
        if role == "hei" and not any(k in stem for k in ("hei", "wqy")):
            continue
        yield source
    for path in _DEBIAN_FILES[role]:
        yield FontSource(Path(path))


_FC_CACHE: list[_FcFace] | None = None


def _fontconfig_faces_cached() -> list[_FcFace]:
    global _FC_CACHE
    if _FC_CACHE is None:
        _FC_CACHE = _fontconfig_faces()
    return _FC_CACHE


def _chosen(choice: str | os.PathLike[str]) -> FontSource | None:
    """The settings' font: a file (``simfang.ttf``, ``x.ttc#1``) or a family name."""
    text = os.fspath(choice)
    path, index = text, 0
    head, sep, tail = text.rpartition("#")
    if sep and tail.isdigit():
        path, index = head, int(tail)
    if Path(path).suffix.lower() in (".ttf", ".ttc", ".otf"):
        return FontSource(Path(path), index)
    found = next(_by_family(_fontconfig_faces_cached(), (text,)), None)
    if found is None:
        windows = _windows_fonts_dir()
        if windows is not None:
            for role in ROLES:
                if text in _FAMILIES[role]:
                    return next((s for s in _candidates(role) if s.path.is_file()), None)
    return found


# ---------------------------------------------------------------- what the settings offer


@dataclass(frozen=True)
class FontChoice:
    """A CJK face the user may choose for the forms' text."""

    label: str
    """Its name as the user knows it: the Chinese family name when it has one."""
    value: str
    """What :func:`resolve_fonts` takes: the file, with ``#index`` for a later face of a collection."""


def choice_value(source: FontSource) -> str:
    return f"{source.path}#{source.index}" if source.index else str(source.path)


def display_name(families: Sequence[str], languages: Sequence[str] = ()) -> str:
    """The family name to show: the simplified-Chinese one, else any Chinese one, else the first."""
    names = list(families)
    if not names:
        return ""
    by_language = dict(zip(languages, names, strict=False))
    for language in ("zh-cn", "zh-sg", "zh"):
        if language in by_language:
            return by_language[language]
    chinese = [n for n in names if any("\u4e00" <= c <= "\u9fff" for c in n)]
    return chinese[-1] if chinese else names[0]


def _offered_faces() -> Iterator[_FcFace]:
    """Every face :func:`resolve_fonts` could take, each with the names it is known by."""
    windows = _windows_fonts_dir()
    if windows is not None:
        for name, index, label in _WINDOWS_NAMED:
            yield _FcFace(FontSource(windows / name, index), (label,))
    else:
        yield from _fontconfig_faces_cached()
    for source in _bundled_sources():
        yield _FcFace(source, (source.path.stem,))
    for role in ROLES:
        for path in _DEBIAN_FILES[role]:
            yield _FcFace(FontSource(Path(path)), (Path(path).stem,))


def font_choices(faces: Iterable[_FcFace] | None = None) -> list[FontChoice]:
    """The faces of this machine (or of ``faces``) that embed in a PDF, in the order found.

    Each face is loaded (tens of milliseconds each, cached): one that cannot be embedded
    (CFF outlines, no Chinese, embedding forbidden by its licence) is not offered.
    """
    ranked: list[tuple[int, FontChoice]] = []
    seen: set[tuple[str, int]] = set()
    for face in _offered_faces() if faces is None else faces:
        key = (os.path.realpath(face.source.path), face.source.index)
        if key in seen or _load(face.source) is None:
            continue
        seen.add(key)
        label = display_name(face.families, face.languages) or face.source.path.name
        ranked.append((_rank(face.families), FontChoice(label, choice_value(face.source))))
    # The faces official forms are set in (仿宋, 宋体, 黑体, 楷体) first, the others after.
    ranked.sort(key=lambda pair: pair[0])
    return [choice for _, choice in ranked]


_KNOWN = [name.casefold() for role in ROLES for name in _FAMILIES[role]]


def _rank(families: Iterable[str]) -> int:
    places = [_KNOWN.index(f.casefold()) for f in families if f.casefold() in _KNOWN]
    return min(places, default=len(_KNOWN))


def check_font(choice: str | os.PathLike[str]) -> FontSource:
    """The face ``choice`` names, loaded; :class:`FontError` says in Chinese why it cannot be used."""
    text = os.fspath(choice)
    source = _chosen(choice)
    if source is None or not source.path.is_file():
        raise FontError(f"所选字体“{text}”无法使用：找不到该字体。请另选字体，或选“自动”。")
    name = source.path.name
    kind = _outline_kind(source)
    if kind == "cff":
        raise FontError(
            f"所选字体“{name}”无法使用：它是CFF（PostScript）轮廓的OpenType字体，无法嵌入PDF"
            "（思源、Noto CJK 字体即属此类）。请选择TrueType字体（.ttf或.ttc）。"
        )
    if kind != "truetype":
        raise FontError(f"所选字体“{name}”无法使用：不是TrueType字体文件。请选择.ttf或.ttc字体。")
    if _load(source) is None:
        raise FontError(
            f"所选字体“{name}”无法使用：字体中没有中文字形，或字体的授权不允许嵌入PDF。请另选中文字体。"
        )
    return source


_RESOLVED: dict[str, FontSet] = {}


def resolve_fonts(choice: str | os.PathLike[str] | None = None) -> FontSet:
    """The faces to print with; ``choice`` is the settings' body font (path or family name).

    Raises :class:`FontError` if no CJK TrueType face is found, or if ``choice`` names one
    that cannot be embedded.
    """
    key = os.fspath(choice) if choice is not None else ""
    if key in _RESOLVED:
        return _RESOLVED[key]
    faces: dict[Role, TTFont] = {}
    sources: dict[Role, FontSource] = {}
    for role in ROLES:
        for source in _candidates(role):
            font = _load(source)
            if font is not None:
                faces[role], sources[role] = font, source
                break
    if not faces:
        raise FontError(INSTALL_HINT)
    for role in ROLES:
        if role not in faces:
            donor = next(r for r in _BORROW[role] if r in faces)
            faces[role], sources[role] = faces[donor], sources[donor]
    if choice is not None:
        chosen = check_font(choice)
        font = _load(chosen)
        assert font is not None  # check_font loaded it
        for role in ("fang", "song"):
            faces[role], sources[role] = font, chosen
    fontset = FontSet(
        names={r: faces[r].fontName for r in ROLES},
        sources=sources,
        _faces={f.fontName: f for f in faces.values()},
    )
    _RESOLVED[key] = fontset
    return fontset


def clear_cache() -> None:
    """Forget resolved fonts (after the settings or the installed fonts change)."""
    global _FC_CACHE
    _RESOLVED.clear()
    _FC_CACHE = None
