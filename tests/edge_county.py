"""The edge county, for the page, poster, image and browser tests.

Made by the content factory (tests/factory/edge.py, its records in
tests/factory/edge.yaml); the names the tests look for are read from that table.
"""
from __future__ import annotations

from pathlib import Path

from factory.edge import NAMES, write_edge
from factory.images import phone_photo  # noqa: F401  (test_images draws its own)

LONG_VILLAGE = NAMES["long_village"]
LONG_UNIT = NAMES["long_unit"]
LONG_NAME = NAMES["long_name"]
SURNAMES = NAMES["surnames"]
GIVEN = NAMES["given"]


def make_edge_content(dst: Path) -> Path:
    """Write the edge county into `dst` (a `content` folder) and return it."""
    return write_edge(Path(dst))
