"""Validate stage: the content folder → a typed `County`, or every problem found in it.

This module walks the folders and orders the checks; each concern lives in its own module:
translate.py turns pydantic's errors into located problems, paths.py decides which files
a record may name, bodies.py checks the images and links in Markdown, rules.py checks
what records say about one another. Each file is validated on its own, so that a
problem's line comes from that file's positions; the positions are then kept on the
records (`model.Where`), so that `sitegen check` places its findings without reading any
file again. Nothing stops at the first problem: the clerk gets the whole list in one run.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import model as m
from . import rules
from .bodies import check_body
from .i18n import CHECK_WORDS
from .images import opens, unscaled_from
from .paths import ID_RE, bad_id, content_path, exact_case, find_image  # noqa: F401 (the stage's API)
from .problems import Problem, errors, problem
from .read import Body, RawFile, read_markdown_file, read_yaml_file, real_paths_kept
from .translate import check_model

KNOWN_FILES = {
    "root": {"site.yaml", "supervision.yaml"},
    "home": {"home.yaml", "activities.yaml", "honors.yaml"},
    "team": {"team.yaml", "honors.yaml"},
}

_HONORS = list[m.Honor]
_ACTIVITIES = list[m.Activity]


def where(raw: RawFile) -> m.Where:
    """The positions of one file read, as the records keep them (the key where one is
    written, else the value: what `read.Located.position` answers)."""
    located = raw.located
    return m.Where(raw.rel, {**located.where, **located.key_where})


def check_image(root: Path, record_rel: str, src: str, at: tuple[int, int], field: str,
                images: dict[str, str]) -> Problem | None:
    """An image a record names must be a file in the content folder (paths.py) that
    decodes; it is then published, re-encoded, so it is added to `images`."""
    found = find_image(root, record_rel, src, at, field)
    if isinstance(found, Problem):
        return found
    rel, path = found
    if not opens(str(path)):
        return problem("image_invalid", record_rel, *at, field, path=src)
    images[rel] = str(path)
    return None


def _check_body(root: Path, raw: RawFile, body: str, start_line: int, field: str,
                images: dict[str, str], problems: list[Problem]) -> None:
    """A Markdown body's links (bodies.py), then its images as any other photo."""
    for src, at in check_body(raw, body, start_line, field, problems):
        p = check_image(root, raw.rel, src, at, field, images)
        if p:
            problems.append(p)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _unknown_files(root: Path, folder: Path, known: set[str], problems: list[Problem]):
    zh, en = CHECK_WORDS["zh"], CHECK_WORDS["en"]
    names = sorted(known)
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml") and path.name not in known:
            close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
            problems.append(problem(
                "unknown_field", _rel(root, path), 0, 0, "", name=path.name,
                suggestion=(zh["file_close"].format(close=close[0]) if close else "") +
                zh["file_known"].format(listing=zh["list_sep"].join(names)),
                suggestion_en=(en["file_close"].format(close=close[0]) if close else "") +
                en["file_known"].format(listing=en["list_sep"].join(names))))


def _load(raw: RawFile, schema, problems: list[Problem]):
    problems.extend(raw.problems)
    if raw.located is None:
        return None
    value, found = check_model(raw, schema)
    problems.extend(found)
    return value


def _folders(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir()) if path.is_dir() else []


def load_county(content: str | Path, load_homes=None,
                load_supervision=None) -> tuple[m.County | None, list[Problem]]:
    """Read and validate a whole content folder. Returns (county or None, problems).
    `load_homes`, `load_supervision`: the build's cached loaders (incremental.HomeLoader,
    SupervisionLoader), with the results of `load_home` and `read_supervision`."""
    root = Path(content).resolve()
    problems: list[Problem] = []
    images: dict[str, str] = {}
    site, site_where = None, None
    if not (root / "site.yaml").is_file():
        problems.append(problem("missing_file", "site.yaml", 0, 0, "", name="site.yaml"))
    else:
        site_raw = read_yaml_file(root / "site.yaml", "site.yaml")
        site = _load(site_raw, m.Site, problems)
        if site_raw.located is not None:
            site_where = where(site_raw)
        if site is not None:
            problems += rules.base_url(site, site_where)
            if site.poster.logo:
                p = check_image(root, "site.yaml", site.poster.logo,
                                site_where.position("poster", "logo"), "poster.logo", images)
                if p:
                    problems.append(p)
        if site_where is not None and isinstance(site_raw.located.data, dict):
            problems += rules.label_keys(site_raw.located.data.get("labels"), site_where)
    if root.is_dir():
        _unknown_files(root, root, KNOWN_FILES["root"], problems)

    homes: dict = {}             # id -> record (or one deferred: model.Homes)
    summaries: dict = {}
    home_dirs = _folders(root / "homes")
    if load_homes is None:
        loaded = [load_home(root, d) for d in home_dirs]
    else:   # the build's cached and parallel loader (incremental.HomeLoader): the same
        loaded = load_homes(root, home_dirs)     # results in the same order, and summaries
    for record, found, home_images, *summary in loaded:
        problems.extend(found)
        images.update(home_images)
        if record:
            homes[record.id] = record
            if summary:
                summaries[record.id] = summary[0]

    supervision, sup_where = m.Supervision(), None
    if (root / "supervision.yaml").is_file():
        supervision, sup_where, found, sup_images = (load_supervision or read_supervision)(
            root, [d.name for d in home_dirs])
        problems += found
        images.update(sup_images)

    if errors(problems) or site is None:
        return None, problems
    return m.County(site=site, homes=m.Homes(homes, summaries), supervision=supervision, root=str(root),
                    images=images).placed(site_where, sup_where), problems


def read_supervision(root: Path, home_dirs: list[str]):
    """`supervision.yaml`: (the supervision, its positions or None, its problems, the images
    its bulletins show). Its checks and ratings name home folders: `home_dirs`."""
    problems: list[Problem] = []
    images: dict[str, str] = {}
    supervision, sup_where = m.Supervision(), None
    sup_raw = read_yaml_file(root / "supervision.yaml", "supervision.yaml")
    if sup_raw.located is not None:
        sup_where = where(sup_raw)
    if sup_raw.located is not None and sup_raw.located.data is None:
        problems.extend(sup_raw.problems)   # an empty file: no supervision yet
    else:
        supervision = _load(sup_raw, m.Supervision, problems) or m.Supervision()
        for i, bulletin in enumerate(supervision.bulletins):
            _check_body(root, sup_raw, bulletin.body, sup_where.position("bulletins", i, "body")[0],
                        f"bulletins[{i}].body", images, problems)
        supervision = supervision.model_copy(update={"bulletins": [
            b.model_copy(update={"body": Body(b.body, "supervision.yaml") if b.body else b.body})
            for b in supervision.bulletins]})
    if sup_where is not None:
        problems += rules.supervised_homes(supervision, sup_where, home_dirs)
    return supervision, sup_where, problems, images


def load_home(root: Path, home_dir: Path) -> tuple[m.HomeRecord | None, list[Problem], dict]:
    """One home folder on its own: (record or None, its problems, the images it names).

    Homes are independent of one another, which is what lets a build load them in
    parallel and keep each one in its cache until a file of that home changes."""
    problems: list[Problem] = []
    images: dict[str, str] = {}
    with real_paths_kept():
        record = _load_home(root, home_dir, problems, images)
    if record is not None:
        record.photo_bounds = {rel: b for rel, path in sorted(images.items())
                               if (b := unscaled_from(path)) is not None}
    return record, problems, images


def _load_home(root: Path, home_dir: Path, problems: list[Problem], images: dict) -> m.HomeRecord | None:
    hid = home_dir.name
    if not ID_RE.match(hid):
        problems.append(bad_id(hid, _rel(root, home_dir)))
        return None
    rel = _rel(root, home_dir / "home.yaml")
    _unknown_files(root, home_dir, KNOWN_FILES["home"], problems)
    home, home_where = None, None
    if not (home_dir / "home.yaml").is_file():
        problems.append(problem("missing_file", rel, 0, 0, "", name=rel))
    else:
        home_raw = read_yaml_file(home_dir / "home.yaml", rel)
        home = _load(home_raw, m.Home, problems)
        if home is not None:
            home_where = where(home_raw)
            for i, rule in enumerate(home.rules):
                _check_body(root, home_raw, rule.body, home_where.position("rules", i, "body")[0],
                           f"rules[{i}].body", images, problems)
            home = home.model_copy(update={"rules": [
                r.model_copy(update={"body": Body(r.body, rel)}) for r in home.rules]})

    teams: dict[str, m.TeamRecord] = {}
    team_dirs = _folders(home_dir / "teams")
    for team_dir in team_dirs:
        team = _load_team(root, hid, team_dir, problems, images)
        if team:
            teams[team.id] = team
    team_ids = [d.name for d in team_dirs]

    activities: list[m.Activity] = []
    act_where = None
    if (home_dir / "activities.yaml").is_file():
        raw = read_yaml_file(home_dir / "activities.yaml", _rel(root, home_dir / "activities.yaml"))
        activities = _load(raw, _ACTIVITIES, problems) or []
        if raw.located is not None:
            act_where = where(raw)
            problems += rules.hosts(activities, act_where, team_ids)
        activities = sorted(activities, key=lambda a: a.date)

    honors, honors_where = _load_honors(root, home_dir, problems, images)

    if home is None:
        return None
    problems += rules.duty_rota(home, home_where, team_ids)
    # Teams show in duty-rota order (the order the home itself uses), then the rest by id.
    order = [t for t in dict.fromkeys(home.duty_rota) if t in teams] + \
        [t for t in teams if t not in home.duty_rota]
    return m.HomeRecord(id=hid, rel=rel, home=home, teams={t: teams[t] for t in order},
                        activities=activities, honors=honors,
                        honors_rel=honors_where.file if honors_where else None,
                        ).placed(home_where, act_where, honors_where)


def _load_honors(root: Path, folder: Path, problems: list[Problem],
                 images: dict) -> tuple[list[m.Honor], m.Where | None]:
    """A home's or a team's honors.yaml: (honors, its positions or None if no file)."""
    path = folder / "honors.yaml"
    if not path.is_file():
        return [], None
    raw = read_yaml_file(path, _rel(root, path))
    honors = _load(raw, _HONORS, problems) or []
    if raw.located is None:
        return honors, m.Where(raw.rel, {})
    at = where(raw)
    for i, honor in enumerate(honors):
        if honor.image:
            p = check_image(root, raw.rel, honor.image, at.position(i, "image"), f"[{i}].image", images)
            if p:
                problems.append(p)
    return honors, at


def _load_team(root: Path, hid: str, team_dir: Path, problems: list[Problem],
               images: dict) -> m.TeamRecord | None:
    tid = team_dir.name
    if not ID_RE.match(tid):
        problems.append(bad_id(tid, _rel(root, team_dir)))
        return None
    rel = _rel(root, team_dir / "team.yaml")
    _unknown_files(root, team_dir, KNOWN_FILES["team"], problems)
    team, team_where = None, None
    if not (team_dir / "team.yaml").is_file():
        problems.append(problem("missing_file", rel, 0, 0, "", name=rel))
    else:
        raw = read_yaml_file(team_dir / "team.yaml", rel)
        team = _load(raw, m.Team, problems)
        if team:
            team_where = where(raw)
            for i, member in enumerate(team.members):
                if member.photo:
                    p = check_image(root, rel, member.photo,
                                    team_where.position("members", i, "photo"),
                                    f"members[{i}].photo", images)
                    if p:
                        problems.append(p)

    plans: dict[int, m.PlanRecord] = {}
    for path in sorted((team_dir / "plans").glob("*.md")) if (team_dir / "plans").is_dir() else []:
        prel = _rel(root, path)
        raw = read_markdown_file(path, prel)
        plan = _load(raw, m.Plan, problems)
        if plan is None:
            continue
        at = where(raw)
        mismatch = rules.plan_year(plan, path.stem, at)
        if mismatch:
            problems.append(mismatch)
            continue
        _check_body(root, raw, raw.body, raw.body_line, "body", images, problems)
        plans[plan.year] = m.PlanRecord(prel, plan, Body(raw.body, prel), raw.body_line).placed(at)

    results: list[m.ResultRecord] = []
    for path in sorted((team_dir / "results").glob("*.md")) if (team_dir / "results").is_dir() else []:
        rrel = _rel(root, path)
        raw = read_markdown_file(path, rrel)
        result = _load(raw, m.Result, problems)
        if result is None:
            continue
        at = where(raw)
        for i, photo in enumerate(result.photos):
            p = check_image(root, rrel, photo.src, at.position("photos", i, "src"),
                            f"photos[{i}].src", images)
            if p:
                problems.append(p)
        slug = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "story"
        _check_body(root, raw, raw.body, raw.body_line, "body", images, problems)
        results.append(m.ResultRecord(rrel, slug, result, Body(raw.body, rrel),
                                      raw.body_line).placed(at))
    results.sort(key=lambda r: (r.result.date, r.slug), reverse=True)

    honors, honors_where = _load_honors(root, team_dir, problems, images)
    if honors_where is not None and team:
        problems += rules.recipients(honors, honors_where, team)
    if team is None:
        return None
    return m.TeamRecord(id=tid, home_id=hid, rel=rel, team=team, plans=plans, results=results,
                        honors=honors, honors_rel=honors_where.file if honors_where else None,
                        ).placed(team_where, honors_where)
