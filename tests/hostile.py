"""Helpers for the security tests: a county whose every text field holds hostile text, and a
scanner that lists everything executable or external in a built output folder.

The scanner is *differential*: the same county is built twice, once with the hostile payloads
and once with harmless words in the same places. Templates legitimately contain scripts, a
search form and so on; whatever executable feature appears only in the hostile build came
from the records, and is a failure.
"""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import CASES

HOSTILE = CASES / "hostile"
MINIMAL = CASES / "good" / "minimal" / "content"
PHOTO = MINIMAL / "homes" / "demo" / "teams" / "team-a" / "photos" / "a.png"


def payloads() -> list[dict]:
    return yaml.safe_load((HOSTILE / "xss-payloads.yaml").read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")


def _md(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{text}---\n{body}\n", encoding="utf-8")


def make_county(root: Path, texts: list[str], bodies: list[str]) -> Path:
    """A county with `texts[i]` in every kind of text field and `bodies` as Markdown bodies.

    Every list field carries every text; single fields take texts in turn. Image files named
    `x` and `1` lie beside each record with a body, so that `<img src=x onerror=…>` payloads
    name an existing picture: the image is published, the handler must still go.
    """
    from sitegen.i18n import LABELS
    n = len(texts)
    t = lambda i: texts[i % n]          # noqa: E731
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    content.mkdir(parents=True)
    site = {"title": t(0), "county": t(1), "office": t(2), "year": 2024, "since": "2023-01-01",
            "base_url": "http://10.0.0.1/zhucun/",
            "labels": {key: t(3 + i) for i, key in enumerate(LABELS["zh"])}}
    _dump(content / "site.yaml", site)
    bodies_text = "\n\n".join(bodies)
    for folder in ("", "homes/a", "homes/a/teams/t0/plans", "homes/a/teams/t0/results"):
        for name in ("x", "1"):
            (content / folder).mkdir(parents=True, exist_ok=True)
            shutil.copy(PHOTO, content / folder / name)
    home_a = content / "homes" / "a"
    _dump(home_a / "home.yaml", {
        "name": t(4), "township": t(5), "address": t(6), "opened": "2023-03-15",
        "office": {"rooms": 3, "equipment": texts},
        "contacts": [{"name": x, "role": t(i + 1), "phone": t(i + 2)} for i, x in enumerate(texts)],
        "rules": [{"title": x, "body": b} for x, b in zip(texts, bodies + bodies)] if bodies else
                 [{"title": x, "body": "规则"} for x in texts],
        "duty_rota": ["t0", "t1"],
    })
    _dump(home_a / "activities.yaml", [
        {"date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
         "kind": ["weekly_meeting", "monthly_forum", "training", "recreation"][i % 4],
         "title": x, "host_team": "t0" if i % 2 else "t1", "attendance": i, "note": t(i + 3)}
        for i, x in enumerate(texts)])
    _dump(home_a / "honors.yaml", [{"title": x, "level": "county", "date": "2024-01",
                                    "issuer": t(i + 1)} for i, x in enumerate(texts)])
    t0 = home_a / "teams" / "t0"
    (t0 / "photos").mkdir(parents=True)
    shutil.copy(PHOTO, t0 / "photos" / "a.png")
    members = [{"name": x, "role": t(i + 1), "unit": t(i + 2), "quote": t(i + 3), "since": "2023-03"}
               for i, x in enumerate(texts)]
    members[0]["photo"] = "photos/a.png"
    _dump(t0 / "team.yaml", {"village": t(7), "unit": t(8), "since": "2023-03", "until": "2026-03",
                             "motto": t(9), "members": members})
    _dump(t0 / "honors.yaml", [{"title": x, "level": "municipal", "date": "2024-02",
                                "issuer": t(i + 1), "recipient": texts[i]}
                               for i, x in enumerate(texts)])
    _md(t0 / "plans" / "2024.md", {
        "year": 2024, "title": t(10),
        "targets": [{"name": x, "unit": t(i + 1), "target": 10 + i, "actual": i, "baseline": 1,
                     "note": t(i + 2)} for i, x in enumerate(texts)],
        "measures": texts}, bodies_text)
    for i, x in enumerate(texts):
        _md(t0 / "results" / f"r{i:03d}.md", {
            "title": x, "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "figures": [{"label": t(i + 1), "value": i, "unit": t(i + 2)}],
            "photos": [{"src": "../photos/a.png", "caption": t(i + 3)}]},
            bodies[i % len(bodies)] if bodies else "正文")
    _dump(home_a / "teams" / "t1" / "team.yaml", {
        "village": t(11), "unit": t(12), "since": "2024", "motto": t(13),
        "members": [{"name": t(14), "role": t(15)}]})
    home_b = content / "homes" / "b"
    _dump(home_b / "home.yaml", {"name": t(16), "township": t(17)})
    _dump(home_b / "teams" / "t2" / "team.yaml", {
        "village": t(18), "unit": t(19), "since": "2024-01",
        "members": [{"name": t(20), "role": t(21), "quote": t(22)}]})
    _dump(content / "supervision.yaml", {
        "checks": [{"date": "2024-05-14", "home": "a", "kind": "monthly_check", "findings": x}
                   for x in texts],
        "bulletins": [{"date": f"2024-{1 + i % 12:02d}-01", "title": x,
                       "body": bodies[i % len(bodies)] if bodies else "通报"}
                      for i, x in enumerate(texts)],
        "ratings": [{"year": 2023, "home": "a", "grade": t(23)}, {"year": 2023, "home": "b", "grade": t(24)}],
    })
    return content


# ---------------------------------------------------------------- scanning

URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background",
             "xlink:href", "ping", "cite", "longdesc", "manifest", "icon", "codebase", "lowsrc",
             "dynsrc", "imagesrcset"}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "imagesrcset"}
RISKY_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
              "button", "textarea", "select", "base", "meta", "link", "style", "svg", "math",
              "template", "video", "audio", "source", "track", "isindex", "marquee", "xmp",
              "plaintext", "noscript", "details", "body", "html", "head", "title", "foreignobject",
              "animate", "set", "use"}
JSON_TYPES = {"application/json", "application/ld+json", "importmap"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def scheme_of(url: str) -> str | None:
    """The scheme as a browser reads it: leading space and control characters, and tabs and
    newlines anywhere, are ignored (`jav\\tascript:` is javascript:)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    m = _SCHEME.match(cleaned)
    return m.group(1) if m else ("//" if cleaned.startswith("//") else None)


class _Scan(HTMLParser):
    def __init__(self, rel: str, root: Path):
        super().__init__(convert_charrefs=True)
        self.rel, self.root = rel, root
        self.features: set = set()
        self.errors: list[str] = []
        self._script: tuple | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        names = tuple(sorted(n.lower() for n, _ in attrs))
        if tag in RISKY_TAGS:
            self.features.add(("tag", tag, names))
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self.features.add(("handler", tag, name, value))
            elif name in ("style", "srcdoc", "http-equiv", "content", "rel", "type", "target", "formtarget"):
                if tag in RISKY_TAGS or name in ("style", "srcdoc"):
                    self.features.add(("attr", tag, name, value))
            if name in URL_ATTRS:
                self._url(tag, name, value)
        if tag == "script":
            d = dict(attrs)
            self._script = (d.get("type") or "").lower(), d.get("id") or "", bool(d.get("src"))
            self._buf = []

    handle_startendtag = handle_starttag

    def _url(self, tag, name, value):
        parts = [p.strip().split(" ")[0] for p in value.split(",")] if name.endswith("srcset") else [value]
        for url in parts:
            scheme = scheme_of(url)
            if scheme in ("javascript", "vbscript", "data", "file", "livescript", "mocha"):
                self.features.add(("url", tag, name, url))
            elif scheme in ("http", "https", "ftp", "//"):
                if name in LOADING_ATTRS or (tag == "link" and name == "href"):
                    self.features.add(("remote", tag, name, url))
            elif scheme is None and url and not url.startswith("#"):
                path = url.split("#", 1)[0].split("?", 1)[0]
                target = posixpath.normpath(posixpath.join(posixpath.dirname(self.rel), path))
                if target == ".." or target.startswith("../") or path.startswith("/"):
                    self.errors.append(f"{self.rel}: <{tag} {name}={url!r}> leaves the output folder")
                elif name == "src" and not (self.root / target).is_file():
                    self.errors.append(f"{self.rel}: <{tag} src={url!r}> names no file in the output")

    def handle_data(self, data):
        if self._script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag.lower() == "script" and self._script is not None:
            kind, ident, has_src = self._script
            text = "".join(self._buf)
            if kind in JSON_TYPES:
                try:
                    json.loads(text)
                except ValueError as err:
                    self.errors.append(f"{self.rel}: JSON script #{ident} does not parse: {err}")
                self.features.add(("json-script", ident))
            elif not has_src or text.strip():
                self.features.add(("inline-script", kind, text.strip()))
            self._script = None


def scan_output(root: Path) -> tuple[dict[str, set], list[str]]:
    """Executable/external features per output file, and outright errors."""
    features: dict[str, set] = {}
    errors: list[str] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            scan = _Scan(rel, root)
            scan.feed(path.read_text(encoding="utf-8"))
            scan.close()
            features[rel] = scan.features
            errors += scan.errors
        elif suffix == ".json":
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as err:
                errors.append(f"{rel}: not valid JSON: {err}")
        elif suffix == ".js":
            features[rel] = {("js", _js_shape(path.read_text(encoding="utf-8"), rel, errors))}
        elif suffix == ".svg":
            features[rel] = _svg_features(path, rel, errors)
    return features, errors


def _js_shape(text: str, rel: str, errors: list[str]) -> str:
    """A script made from records must be a data assignment: `window.NAME = <JSON>;`.
    Other scripts (copied from templates/static) are compared whole with the harmless build."""
    m = re.fullmatch(r"\s*window\.([A-Za-z_$][\w$]*)\s*=\s*(.*?);?\s*", text, re.S)
    if m:
        try:
            json.loads(m.group(2))
            return f"data:{m.group(1)}"
        except ValueError:
            errors.append(f"{rel}: data script does not parse as JSON")
    return text


def _svg_features(path: Path, rel: str, errors: list[str]) -> set:
    found = set()
    try:
        tree = ET.parse(path)
    except ET.ParseError as err:
        errors.append(f"{rel}: SVG does not parse: {err}")
        return found
    for el in tree.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "handler"):
            found.add(("tag", tag))
        for name, value in el.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                found.add(("handler", tag, name, value))
            if name == "href" and scheme_of(value) not in (None, "#"):
                found.add(("url", tag, name, value))
    return found


def compare(hostile: Path, benign: Path) -> list[str]:
    """Features present in the hostile build and absent from the harmless one, and errors."""
    hfeat, herr = scan_output(hostile)
    bfeat, _ = scan_output(benign)
    problems = list(herr)
    for rel, feats in sorted(hfeat.items()):
        extra = feats - bfeat.get(rel, set())
        for feat in sorted(extra, key=repr):
            problems.append(f"{rel}: {feat!r}"[:400])
    return problems
