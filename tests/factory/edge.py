"""The edge county: the minimal good case plus the hard records of edge.yaml.

It keeps the minimal case's home (with `team-big` added to the duty rota) and turns
team-a's first photo into a camera-sized phone picture (EXIF orientation and GPS),
which team-big's members and its certificate share. Used by the page, poster, image
and browser tests.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .images import phone_photo
from .writer import Tree, read_yaml

HERE = Path(__file__).resolve().parent
MINIMAL = HERE.parent / "cases" / "good" / "minimal" / "content"
TABLE = read_yaml(HERE / "edge.yaml")
NAMES = TABLE["names"]


def write_edge(dst: Path) -> Path:
    """Write the edge county into `dst` (a `content` folder, which must not exist)."""
    shutil.copytree(MINIMAL, dst)
    tree = Tree(dst)
    demo = "homes/demo"
    photo = phone_photo()
    tree.write(f"{demo}/teams/team-a/photos/phone.jpg", photo)
    tree.write(f"{demo}/teams/team-big/photos/phone.jpg", photo)
    tree.yaml(f"{demo}/teams/team-big/team.yaml", TABLE["team"])
    tree.markdown(f"{demo}/teams/team-big/plans/2024.md", TABLE["plan"], TABLE["plan_body"])
    tree.yaml(f"{demo}/teams/team-big/honors.yaml", TABLE["honors"])
    # the minimal records, changed where the edge county needs it
    team_a = read_yaml(dst / demo / "teams" / "team-a" / "team.yaml")
    first = next(m for m in team_a["members"] if m.get("photo") == "photos/a.png")
    first["photo"] = "photos/phone.jpg"
    tree.yaml(f"{demo}/teams/team-a/team.yaml", team_a)
    home = read_yaml(dst / demo / "home.yaml")
    home["duty_rota"].append("team-big")
    tree.yaml(f"{demo}/home.yaml", home)
    return dst
