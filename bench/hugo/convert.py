"""Records → a Hugo site, for the side-by-side comparison in bench/compare_hugo.py only.

The records are read through sitegen itself (`sitegen.validate.load_county` → the typed
model), so Hugo is given exactly the records sitegen builds, already validated: Hugo has
no record contract, and the comparison is about building pages, not about checking them.
This conversion is *not* counted in Hugo's time (compare_hugo.py times `hugo` alone).

Every record file becomes one Hugo file, in the form a Hugo user would keep it:

    site.yaml                      → hugo.toml [params] (title, county, office, year, since)
    supervision.yaml               → data/supervision.yaml
    homes/<h>/home.yaml+honors     → content/homes/<h>/_index.md (front matter): the home page
    homes/<h>/activities.yaml      → data/activities/<h>.yaml
    homes/<h>/teams/<t>/team.yaml  → content/homes/<h>/teams/<t>/index.md (a leaf bundle)
      + honors.yaml                   (front matter: the team, its members, its honors)
    .../plans/<year>.md            → the bundle's plans/<year>.md (Markdown page resource)
    .../results/*.md               → the bundle's results/*.md (Markdown page resource)
    photos                         → the bundle's files (hard links): Hugo publishes each
                                     photo a page links to, as it is (no resizing)
    the interface words            → data/labels.yaml (sitegen.i18n.LABELS + site labels)

plus one stub page per board (style, results, results/<year>, honors), per bulletin and
per lobby screen, so that Hugo writes the same pages as sitegen (bench/hugo/site/ holds
the templates). All facts shown (activity totals, target progress, rankings, honor counts,
county totals) are computed by the Hugo templates from these records, as sitegen computes
them from its own: nothing is pre-computed here.

    python bench/hugo/convert.py CONTENT SITE
"""
from __future__ import annotations

import argparse
import json
import os
import posixpath
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TEMPLATE_SITE = HERE / "site"
STATIC = ROOT / "templates" / "static"

try:
    _Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Dumper = yaml.SafeDumper


def _plain(x):
    """The model's text values are str subclasses (they keep the written text): plain
    types for the YAML writer."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, str):
        return str(x)
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    return x


def _yaml(data) -> str:
    return yaml.dump(_plain(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def _front(data: dict, body: str = "") -> str:
    return "---\n" + _yaml(data) + "---\n" + body


def _s(value) -> str | None:
    """Dates and partial dates as their ISO text (`2024`, `2024-03`, `2024-03-05`), so that
    Hugo keeps them as written rather than reading them as times."""
    return None if value is None else str(value)


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


def _num(x):
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def _honor(h, team_id: str | None = None) -> dict:
    return _clean({"title": h.title, "level": h.level, "date": _s(h.date), "issuer": h.issuer,
                   "recipient": h.recipient, "team": team_id})


def _link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def bundle_path(team_rel_dir: str, record_rel: str, src: str) -> str:
    """An image path as written in a record (relative to that record's file) → its path
    inside the team's bundle (relative to the team folder)."""
    full = posixpath.normpath(posixpath.join(posixpath.dirname(record_rel), src))
    return posixpath.relpath(full, team_rel_dir)


def vocabulary(name: str) -> list[str]:
    """The display order of activity kinds or honor levels, as sitegen's boards use it."""
    from sitegen import vocab
    return list(getattr(vocab, name).order)


def labels_for(county) -> dict:
    from sitegen.i18n import LABELS
    words = dict(LABELS["zh"])
    words.update(county.site.labels or {})
    return {k: str(v) for k, v in words.items()}


def convert(content: Path, site: Path) -> dict:
    """Write the Hugo site for the records in `content` into `site` (re-created).
    Returns counts: pages Hugo will write, homes, teams, photos."""
    from sitegen.validate import load_county

    county, problems = load_county(content)
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    if county is None or errors:
        raise SystemExit(f"{content}: the records have {len(errors)} errors; run sitegen check")
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(TEMPLATE_SITE, site)
    shutil.copytree(STATIC, site / "static" / "static")
    root = Path(county.root)
    s = county.site
    year = county.year
    from sitegen import facts
    since = facts.since_date(county)

    config = (site / "hugo.toml").read_text(encoding="utf-8")
    params = {"title": s.title, "county": s.county, "office": s.office or "", "year": year,
              "since": _s(since) or "", "poster_size": s.poster.size,
              "kinds": vocabulary("KIND"), "levels": vocabulary("LEVEL")}
    config += "\n[params]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                                       for k, v in params.items())
    config = config.replace('title = "sitegen-bench"', f"title = {json.dumps(s.title, ensure_ascii=False)}")
    (site / "hugo.toml").write_text(config, encoding="utf-8")

    data, cont = site / "data", site / "content"
    (data / "activities").mkdir(parents=True)
    (data / "labels.yaml").write_text(_yaml(labels_for(county)), encoding="utf-8")
    sup = county.supervision
    bulletins = sorted(sup.bulletins, key=lambda b: b.date, reverse=True)
    slugs = [f"{b.date.isoformat()}-{i + 1}" for i, b in enumerate(bulletins)]
    (data / "supervision.yaml").write_text(_yaml({
        "checks": [_clean({"date": _s(c.date), "home": c.home, "kind": c.kind, "findings": c.findings})
                   for c in sup.checks],
        "bulletins": [{"date": _s(b.date), "title": b.title, "slug": slug}
                      for b, slug in zip(bulletins, slugs)],
        "ratings": [{"year": r.year, "home": r.home, "grade": r.grade} for r in sup.ratings],
        "homes": list(county.homes),
    }), encoding="utf-8")

    def page(rel: str, front: dict, body: str = "") -> None:
        path = cont / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front(front, body), encoding="utf-8")

    pages = 0
    page("_index.md", {"title": s.title, "layout": "county"})
    pages += 1
    page("homes/_index.md", {"title": "homes", "build": {"render": "never", "list": "local"}})
    page("bulletins/_index.md", {"title": "bulletins", "build": {"render": "never", "list": "local"}})
    for b, slug in zip(bulletins, slugs):
        page(f"bulletins/{slug}.md", {"title": b.title, "date": _s(b.date), "layout": "bulletin",
                                      "url": f"bulletins/{slug}/"}, b.body or "")
        pages += 1
    page("screen/_index.md", {"title": s.title, "layout": "screen-county"})
    pages += 1

    photos = teams = 0
    for order, (hid, h) in enumerate(county.homes.items()):
        home = h.home
        years = sorted({y for t in h.teams.values() for y in t.plans})
        page(f"homes/{hid}/_index.md", _clean({
            "title": home.name, "home": hid, "layout": "township", "weight": order + 1,
            "township": home.township, "address": home.address, "opened": _s(home.opened),
            "office": _clean({"rooms": home.office.rooms, "equipment": list(home.office.equipment)})
            if home.office else None,
            "contacts": [_clean({"name": c.name, "role": c.role, "phone": c.phone}) for c in home.contacts],
            "rules": [{"title": r.title, "body": r.body} for r in home.rules],
            "duty_rota": list(home.duty_rota), "years": years,
            "honors": [_honor(x) for x in h.honors],
        }))
        (data / "activities" / f"{hid}.yaml").write_text(_yaml([
            _clean({"date": _s(a.date), "kind": a.kind, "title": a.title, "host_team": a.host_team,
                    "attendance": a.attendance, "note": a.note}) for a in h.activities]), encoding="utf-8")
        for board in ("style", "results", "honors"):
            page(f"homes/{hid}/{board}.md", {"title": board, "home": hid, "layout": board,
                                             "board_year": year, "url": f"homes/{hid}/{board}/"})
        for y in years:
            page(f"homes/{hid}/results-{y}.md", {"title": f"results {y}", "home": hid, "layout": "results",
                                                 "board_year": y, "url": f"homes/{hid}/results/{y}/"})
        page(f"screen/{hid}.md", {"title": home.name, "home": hid, "layout": "screen",
                                  "url": f"screen/{hid}/"})
        pages += 5 + len(years)
        for t_order, (tid, t) in enumerate(h.teams.items()):
            teams += 1
            tdir = posixpath.dirname(t.rel)
            bundle = f"homes/{hid}/teams/{tid}"

            def photo(record_rel: str, src: str | None) -> str | None:
                nonlocal photos
                if not src:
                    return None
                inside = bundle_path(tdir, record_rel, src)
                absolute = county.images.get(posixpath.normpath(posixpath.join(posixpath.dirname(record_rel), src)))
                if absolute is None or inside.startswith("../"):
                    return None         # outside the team's folder: not part of this benchmark
                _link(Path(absolute), cont / bundle / inside)
                photos += 1
                return inside

            team = t.team
            page(f"{bundle}/index.md", _clean({
                "title": team.village, "home": hid, "team": tid, "layout": "team", "kind": "team",
                "weight": t_order + 1, "village": team.village, "unit": team.unit,
                "since": _s(team.since), "until": _s(team.until), "motto": team.motto,
                "members": [_clean({"name": x.name, "role": x.role, "unit": x.unit,
                                    "photo": photo(t.rel, x.photo), "since": _s(x.since), "quote": x.quote})
                            for x in team.members],
                "honors": [_honor(x, tid) for x in t.honors],
            }))
            pages += 1
            for y, p in t.plans.items():
                plan = p.plan
                page(f"{bundle}/plans/{y}.md", _clean({
                    "title": plan.title, "year": plan.year, "measures": list(plan.measures),
                    "targets": [_clean({"name": x.name, "unit": x.unit, "target": _num(x.target),
                                        "actual": _num(x.actual), "baseline": _num(x.baseline),
                                        "direction": x.direction, "note": x.note}) for x in plan.targets],
                }), p.body)
            for r in t.results:
                res = r.result
                page(f"{bundle}/results/{r.slug}.md", _clean({
                    "title": res.title, "date": _s(res.date), "slug": r.slug,
                    "figures": [_clean({"label": f.label, "value": _num(f.value), "unit": f.unit})
                                for f in res.figures],
                    "photos": [_clean({"src": photo(r.rel, x.src), "caption": x.caption}) for x in res.photos],
                }), r.body)
    return {"pages": pages, "homes": len(county.homes), "teams": teams, "photos": photos}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("content", type=Path)
    ap.add_argument("site", type=Path, help="the Hugo site folder to (re)create")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    print(convert(args.content, args.site))


if __name__ == "__main__":
    main()
