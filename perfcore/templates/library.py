"""The indicator frameworks a new report can start from: shipped, the user's own, converted.

A template is an exchange document (``perf-filing/2``) without unit data, whose ``template``
says where the framework came from (id, name, version, source, description). The shipped ones
live in ``resources/templates/`` (read through :mod:`perfcore.assets`); the user's own — saved
from a package (另存为模板), imported from a file or converted from a bureau's Excel — are
``<id>.json`` files in :func:`perfcore.userdata.templates_folder`. A user template whose source
records an Excel conversion (:func:`converted_source`) is listed as ``converted``.

Every file written here goes through the output guard (``perfcore.output``), atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from perfcore import assets, userdata
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError, dump_json, load_json
from perfcore.inputs import read_input
from perfcore.model import Grade, Package, Template
from perfcore.output import OutputExists, write_output
from perfcore.terminal import shown

Origin = Literal["shipped", "user", "converted"]
ORIGIN_LABELS: dict[str, str] = {"shipped": "内置", "user": "自存", "converted": "从 Excel 转换"}

DEFAULT_TEMPLATE = "hunan-zhuzhou-2019"
ALIASES = assets.TEMPLATE_ALIASES

SHIPPED_ORDER = ("hunan-zhuzhou-2019", "mof-2013-53-department", "mof-2020-10-project")
"""How 新建 lists the shipped templates; any other shipped file follows by name."""

_ID_LIMIT = 60
_NOT_IN_ID = re.compile(r"[^\w\-]+")
_CONVERTED = re.compile(r"^从 .+ 转换，sha256 [0-9a-f]{64}，\d{4}-\d{2}-\d{2}$", re.DOTALL)


class TemplateError(UserError):
    """A template that cannot be found, read or saved; the message is one line of Chinese."""


@dataclass(frozen=True)
class TemplateEntry:
    """One template as 新建 and ``perfcore template list`` show it."""

    id: str
    name: str
    source: str
    forms: tuple[str, ...]
    origin: Origin
    description: str = ""
    version: str = ""
    grades: tuple[Grade, ...] = ()
    path: Path | None = field(default=None, compare=False)
    """The user's file; None for a shipped template."""

    def summary(self) -> dict[str, object]:
        """The ``template list --json`` entry."""
        return {"id": self.id, "name": self.name, "source": self.source, "forms": list(self.forms), "origin": self.origin}


@dataclass(frozen=True)
class Listing:
    entries: list[TemplateEntry]
    problems: list[str]
    """One line per file of the user's folder that could not be read (listed, never fatal)."""


def converted_source(file_name: str, sha256: str, day: date) -> str:
    """``template.source`` of a framework converted from a workbook: name, digest, date."""
    return f"从 {file_name} 转换，sha256 {sha256}，{day.isoformat()}"


def is_converted(template: Template | None) -> bool:
    return template is not None and bool(_CONVERTED.match(template.source))


def template_id(name: str) -> str:
    """A file-safe id from a template's name: letters, digits and CJK kept, the rest ``-``."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        # A command-line argument with bytes that are not UTF-8 arrives with surrogates: the
        # template's name is stored text, which cannot hold them.
        raise TemplateError(f"模板名称“{shown(name)}”含有无法识别的字符（不是 UTF-8 文本）")
    text = _NOT_IN_ID.sub("-", name.strip()).strip("-_")[:_ID_LIMIT].strip("-_")
    if not text:
        raise TemplateError(f"模板名称“{shown(name)}”不能用作模板标识，请使用文字或数字")
    return text


def _entry(package: Package, fallback_id: str, origin: Origin, path: Path | None) -> TemplateEntry:
    t = package.template or Template()
    return TemplateEntry(
        id=fallback_id,
        name=t.name or fallback_id,
        source=t.source,
        forms=tuple(package.forms),
        origin=origin,
        description=t.description,
        version=t.version,
        grades=tuple(package.grades),
        path=path,
    )


def _shipped_ids() -> list[str]:
    names = assets.template_names()
    return [n for n in SHIPPED_ORDER if n in names] + sorted(n for n in names if n not in SHIPPED_ORDER)


def _read_package(data: bytes, where: str) -> Package:
    try:
        return load_json(data)
    except ExchangeError as exc:
        raise TemplateError(f"模板“{where}”无法读取：{shown(exc)}") from exc


def _user_files() -> list[Path]:
    folder = userdata.templates_folder()
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".json" and p.is_file())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件夹“{shown(str(folder))}”：{exc.strerror or exc}") from exc


def list_templates() -> Listing:
    """Shipped templates first (in :data:`SHIPPED_ORDER`), then the user's by name."""
    entries = [_entry(_read_package(assets.template_json(n), n), n, "shipped", None) for n in _shipped_ids()]
    problems: list[str] = []
    user: list[TemplateEntry] = []
    for path in _user_files():
        try:
            package = _read_package(read_input(path), path.name)
        except UserError as exc:
            problems.append(str(exc))
            continue
        user.append(_entry(package, path.stem, "converted" if is_converted(package.template) else "user", path))
    entries.extend(sorted(user, key=lambda e: (e.name, e.id)))
    return Listing(entries, problems)


def find_template(ref: str) -> TemplateEntry | None:
    """The listed template with id ``ref`` (or an old alias), else None."""
    wanted = ALIASES.get(ref, ref)
    return next((e for e in list_templates().entries if e.id == wanted), None)


def template_source(ref: str) -> Path | None:
    """The file ``load_template(ref)`` reads — a user's template, or the template FILE given —
    or None (a shipped template, or nothing): an input that no output of the same command may
    replace (``perfcore new out --template out --force`` wrote the report over it)."""
    wanted = ALIASES.get(ref, ref)
    if wanted in assets.template_names():
        return None
    user = userdata.templates_folder() / f"{wanted}.json"
    if _NOT_IN_ID.search(wanted) is None and user.is_file():
        return user
    if os.path.isfile(ref):
        return Path(ref)
    return None


def load_template(ref: str) -> Package:
    """The package of a listed template id, or of a template FILE (a ``perf-filing`` JSON).

    Refuses with one line naming the ids there are when ``ref`` is neither."""
    wanted = ALIASES.get(ref, ref)
    if wanted in assets.template_names():
        package = _read_package(assets.template_json(wanted), wanted)
        return package
    source = template_source(ref)
    if source is not None:
        return _read_package(read_input(source), source.name)
    ids = "、".join(e.id for e in list_templates().entries)
    raise TemplateError(f"没有名为“{shown(ref)}”的模板，也没有这个模板文件；可用模板：{ids}")


def _checked_id(wanted: str) -> str:
    if wanted in assets.template_names() or wanted in ALIASES:
        raise TemplateError(f"“{shown(wanted)}”是内置模板的标识，请另起一个模板名称")
    return wanted


def save_user_template(package: Package, *, inputs: Iterable[str | os.PathLike[str]] = (), overwrite: bool = False) -> TemplateEntry:
    """Write ``package`` (a framework: see :func:`perfcore.templates.framework.framework_of`) into
    the user's template folder as ``<template.id>.json``; an existing one only with ``overwrite``."""
    if package.template is None or not package.template.id:
        raise TemplateError("模板缺少标识（template.id），无法保存")
    ident = _checked_id(template_id(package.template.id))
    package.template.id = ident
    folder = userdata.templates_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"无法建立模板文件夹“{shown(str(folder))}”：{exc.strerror or exc}") from exc
    target = folder / f"{ident}.json"
    text = dump_json(package)
    try:
        write_output(target, lambda temp: temp.write_text(text, encoding="utf-8"), inputs=inputs, overwrite=overwrite)
    except OutputExists as exc:
        raise OutputExists(f"已有标识为“{shown(ident)}”的模板；如需覆盖请确认（命令行加 --force）") from exc
    origin: Origin = "converted" if is_converted(package.template) else "user"
    return _entry(package, ident, origin, target)


def export_template(ref: str, out: str | os.PathLike[str], *, overwrite: bool = False) -> TemplateEntry:
    """Write a listed template as a file to share (``perfcore template export``)."""
    entry = find_template(ref)
    if entry is None:
        ids = "、".join(e.id for e in list_templates().entries)
        raise TemplateError(f"没有名为“{shown(ref)}”的模板；可用模板：{ids}")
    package = load_template(entry.id)
    if package.template is None:
        package.template = Template(id=entry.id, name=entry.name)
    text = dump_json(package)
    inputs = [entry.path] if entry.path is not None else []
    write_output(out, lambda temp: temp.write_text(text, encoding="utf-8"), inputs=inputs, overwrite=overwrite)
    return entry


def import_template(path: str | os.PathLike[str], *, overwrite: bool = False) -> TemplateEntry:
    """Copy a template file into the user's folder under its ``template.id`` (else the file's name)."""
    package = _read_package(read_input(path), Path(path).name)
    stem = shown(Path(path).stem)  # undecodable bytes of a file name as visible escapes: stored text is UTF-8
    if package.template is None:
        package.template = Template(id=stem, name=stem)
    elif not package.template.id:
        package.template.id = stem
    return save_user_template(package, inputs=[path], overwrite=overwrite)
