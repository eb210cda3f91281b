"""incremental.KeptSlides and its shape check, by tables (fast enough for mutation runs:
the whole-build cases are in tests/test_kept_slides.py). Pieces read back are used only
whole, in shape, filed under a current home screen key, and while their photos are the
same files; what a build keeps is exactly this build's homes, under their current keys."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from sitegen import cache as C
from sitegen import incremental as I
from sitegen.screen import Piece

PHOTO = ("homes/a/teams/t/photos/p.jpg", 640, "h1")
GOOD = ("style", "甲地", "", "<p>甲</p>", [PHOTO], ())


def good(**change) -> list:
    piece = dict(zip(("kind", "where", "orient", "body", "media", "reads"), GOOD))
    piece.update(change)
    return [tuple(piece.values())]


@pytest.mark.parametrize("entry, ok", [
    (good(), True),
    (good(media=[]), True),                                    # a slide without photos
    (good() + [("cover", "甲地", "land", "<p>封面</p>", [], ())], True),
    (good(reads=("a", "*")), True),                            # records it read
    (good(reads=["a"]), False),                                # reads not a tuple
    (good(reads=("a", 1)), False),
    (good(reads=None), False),
    (tuple(good()), False),                                    # not a list
    ([], False),                                               # nothing: made again
    (None, False),
    ([list(GOOD)], False),                                     # a piece that is no tuple
    ([GOOD[:5]], False),                                       # a field short (no reads)
    ([GOOD + ("x",)], False),                                  # a field over
    (good(kind=1), False),
    (good(where=None), False),
    (good(orient=b""), False),
    (good(body=7), False),
    (good(media=(PHOTO,)), False),                             # photos not a list
    (good(media=[list(PHOTO)]), False),                        # a photo that is no tuple
    (good(media=[PHOTO[:2]]), False),
    (good(media=[PHOTO + ("x",)]), False),
    (good(media=[(7, 640, "h1")]), False),
    (good(media=[(PHOTO[0], "640", "h1")]), False),
    (good(media=[(PHOTO[0], True, "h1")]), False),             # a bool is no width
    (good(media=[(PHOTO[0], 640, None)]), False),              # a photo whose hash was unknown
    (good() + [("cover", "甲地", "", 5, [], ())], False),       # the second piece bad
    (good() + [("cover", "甲地", "", "<p/>", [PHOTO, (PHOTO[0], 640)], ())], False),
])
def test_pieces_shape(entry, ok):
    assert I._pieces_ok(entry) is ok


def _setup(tmp_path, keys=None):
    homes = {"a": SimpleNamespace(path="screen/a/index.html"), "b": SimpleNamespace(path="screen/b/index.html")}
    county_screen = SimpleNamespace(homes=homes, kept={}, rendered={}, mode="", made_reads={})
    key_of = keys or {"screen/a/index.html": "KA", "screen/b/index.html": "KB"}
    screens = SimpleNamespace(county=county_screen, key_of=key_of)
    county = SimpleNamespace(images={PHOTO[0]: object()})
    return tmp_path / "cache", screens, county


OLD = {("KA", "full"): good(),
       ("KB", "summary"): [("totals", "乙地", "port", "<p>乙</p>", [], ("b",))],
       ("KB", "full"): [("totals", "乙地", "", 3, [], ())],      # out of shape: not used
       ("KX", "full"): good()}                                 # a key no home has now


def test_fill_takes_the_pieces_of_each_homes_key_and_mode(tmp_path):
    cache, screens, county = _setup(tmp_path)
    C.save(cache / "build" / "pieces.pickle", OLD)
    kept = I.KeptSlides(cache)
    kept.fill(screens, county, {PHOTO[0]: "h1"})
    assert screens.county.kept == {
        ("full", "a"): [Piece("style", "甲地", "", "a", "<p>甲</p>", ((PHOTO[0], 640),))],
        ("summary", "b"): [Piece("totals", "乙地", "port", "b", "<p>乙</p>", (), ("b",))]}


def test_fill_passes_over_pieces_whose_photo_changed_or_went(tmp_path):
    for hashes, images in [({PHOTO[0]: "h2"}, {PHOTO[0]: object()}), ({PHOTO[0]: "h1"}, {})]:
        cache, screens, county = _setup(tmp_path)
        county.images = images
        C.save(cache / "build" / "pieces.pickle", OLD)
        I.KeptSlides(cache).fill(screens, county, hashes)
        assert set(screens.county.kept) == {("summary", "b")}


@pytest.mark.parametrize("stored", [None, [("KA", "full")], "garbage"])
def test_fill_without_a_usable_file_keeps_nothing(tmp_path, stored):
    cache, screens, county = _setup(tmp_path)
    if stored is not None:
        C.save(cache / "build" / "pieces.pickle", stored)
    kept = I.KeptSlides(cache)
    kept.fill(screens, county, {PHOTO[0]: "h1"})
    assert screens.county.kept == {}
    assert kept.old == {}


def test_fill_and_keep_without_a_county_screen_do_nothing(tmp_path):
    cache = tmp_path / "cache"
    kept = I.KeptSlides(cache)
    kept.fill(SimpleNamespace(county=None, key_of={}), SimpleNamespace(images={}), {})
    kept.keep({})
    assert not (cache / "build" / "pieces.pickle").exists()


def test_keep_files_this_builds_homes_under_their_current_keys(tmp_path):
    cache, screens, county = _setup(tmp_path)
    path = cache / "build" / "pieces.pickle"
    C.save(path, OLD)
    kept = I.KeptSlides(cache)
    kept.fill(screens, county, {PHOTO[0]: "h1"})
    # home a was edited: a new key, and the county screen rendered its slides anew
    screens.key_of["screen/a/index.html"] = "KA2"
    screens.county.mode = "full"
    screens.county.rendered = {"a": [("style", "甲地", "", "<p>新</p>", ((PHOTO[0], 640),), ("x",)),
                                     ("cover", "甲地", "land", "<p>封面</p>", (), ())]}
    screens.county.made_reads = {"a": {"a"}}       # making its slides read its record
    kept.keep({PHOTO[0]: "h3"})
    assert C.load(path, None) == {
        ("KA2", "full"): [("style", "甲地", "", "<p>新</p>", [(PHOTO[0], 640, "h3")], ("a", "x")),
                          ("cover", "甲地", "land", "<p>封面</p>", [], ("a",))],
        ("KB", "summary"): OLD[("KB", "summary")],
        ("KB", "full"): OLD[("KB", "full")]}        # filed under a current key: checked when read


def test_keep_writes_only_when_something_changed(tmp_path, monkeypatch):
    cache, screens, county = _setup(tmp_path)
    path = cache / "build" / "pieces.pickle"
    current = {k: v for k, v in OLD.items() if k[0] != "KX"}
    C.save(path, current)
    saved = []
    monkeypatch.setattr(C, "save", lambda p, v: saved.append((p, v)) or True)
    kept = I.KeptSlides(cache)
    kept.fill(screens, county, {PHOTO[0]: "h1"})
    kept.keep({PHOTO[0]: "h1"})
    assert saved == []
    screens.county.mode = "summary"
    screens.county.rendered = {"b": [("totals", "乙地", "port", "<p>乙</p>", (), ("b",))]}
    kept.keep({PHOTO[0]: "h1"})
    assert saved == []                         # the same pieces rendered again
    screens.county.rendered = {"b": [("totals", "乙地", "port", "<p>乙乙</p>", (), ("b",))]}
    kept.keep({PHOTO[0]: "h1"})
    assert saved == [(path, {**current, ("KB", "summary"): [("totals", "乙地", "port", "<p>乙乙</p>", [], ("b",))]})]
