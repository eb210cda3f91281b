"""Work beside the build (beside.py): run in a forked process where that is safe, in this
one otherwise, and the same answer either way, whatever becomes of the child."""
from __future__ import annotations

import os
import time

import pytest

from sitegen import beside, write
from sitegen.beside import Beside

PARENT = os.getpid()


def _where() -> int:
    return os.getpid()


def test_it_runs_in_another_process_and_hands_back_its_answer(forking):
    job = Beside(_where)
    assert job.proc is not None
    assert job.result() not in (PARENT, None)
    assert job.proc is None                      # joined: no process left behind


def test_where_forking_is_unsafe_it_runs_here_when_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(beside.threading, "active_count", lambda: 2)     # a server's threads
    job = Beside(lambda: calls.append(os.getpid()) or "done")
    assert job.proc is None and calls == []      # nothing is done before it is asked
    assert job.result() == "done" and calls == [PARENT]


def test_fork_false_runs_here(forking):
    job = Beside(_where, fork=False)
    assert job.proc is None and job.result() == PARENT


def _dies_in_the_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "told here"


def _unpicklable():
    return lambda: None if os.getpid() != PARENT else "made here"


def _fails():
    raise ValueError("bad folder")


def test_a_child_that_dies_or_cannot_send_is_replaced_by_running_here(forking, capfd):
    assert Beside(_dies_in_the_child).result() == "told here"
    assert Beside(_unpicklable).result()() == "made here"
    assert capfd.readouterr().err == ""          # no child's traceback on the console


def test_an_error_is_raised_here(forking, capfd):
    with pytest.raises(ValueError, match="bad folder"):
        Beside(_fails).result()
    assert "Traceback" not in capfd.readouterr().err


def _sleeps() -> None:
    time.sleep(30)


def test_cancel_and_leaving_the_block_stop_the_child_at_once(forking):
    started = time.monotonic()
    job = Beside(_sleeps)
    proc = job.proc
    job.cancel()
    assert not proc.is_alive() and job.proc is None
    with Beside(_sleeps) as job:
        proc = job.proc
    assert not proc.is_alive()
    assert time.monotonic() - started < 10


# ------------------------------------------------------------------ the write stage's walks

def _kept_folder(out):
    """A published folder and a kept one whose record knows a.html only."""
    out.mkdir()
    kept = write.kept_dir(out.resolve())
    kept.mkdir()
    st, sha = write.write_file(kept, "a.html", "<p>a</p>")
    (kept / "stray.html").write_text("not from a build")
    return kept, {"at": time.time_ns(), "files": {"a.html": ("k", st, sha)}}


def test_a_walk_taken_beside_is_the_stages_own(forking, tmp_path):
    kept, record = _kept_folder(tmp_path / "out")
    stage = write.Stage(tmp_path / "out", kept=record, walked=Beside(write.walk_kept, tmp_path / "out"))
    assert stage.reused and sorted(stage.found) == ["a.html"]
    assert not (stage.root / "stray.html").exists()         # unknown to the record: gone
    assert stage.reuse("a.html", "k")
    stage.abort()


def test_a_walk_of_another_folder_than_the_one_renamed_is_not_used(forking, tmp_path):
    """Should the kept folder be replaced between the walk and the rename (another build
    finishing), the stage walks the folder it has; else the new stray file would stay."""
    out = tmp_path / "out"
    kept, record = _kept_folder(out)
    walked = Beside(write.walk_kept, out)
    walked.result = lambda taken=walked.result(): taken        # walked now, before the swap
    os.rename(kept, tmp_path / "gone")
    kept.mkdir()
    st, sha = write.write_file(kept, "a.html", "<p>a</p>")
    (kept / "other-stray.html").write_text("not from a build")
    record["files"]["a.html"] = ("k", st, sha)
    stage = write.Stage(out, kept=record, walked=walked)
    assert sorted(stage.found) == ["a.html"] and not (stage.root / "other-stray.html").exists()
    assert stage.reuse("a.html", "k")
    stage.abort()


def test_a_kept_link_is_not_walked(forking, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.html").write_text("x")
    os.symlink(tmp_path / "elsewhere", write.kept_dir(out.resolve()))
    assert Beside(write.walk_kept, out).result() is None
    assert write.walk_kept(tmp_path / "nothing-kept") is None


def test_a_process_only_for_an_output_worth_it():
    assert beside.worth(beside.FROM_FILES) and not beside.worth(beside.FROM_FILES - 1)
    assert not beside.worth(None) and not beside.worth("99999") and not beside.worth(1e9)


def test_intact_print_answers_as_intact_does(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    st, sha = write.write_file(out, "a.html", "<p>a</p>")
    record = {"at": st[4] + 1, "files": {"a.html": ("k", st, sha)}}   # racy: hashed
    fp = write.fingerprint(record)
    assert fp["racy"]
    checked = write.intact_print(out, fp)
    assert checked["racy"] == {} and checked["at"] > record["at"] and fp["racy"]   # a copy
    (out / "a.html").write_text("<p>b</p>")
    assert write.intact_print(out, fp) is None


def test_a_build_that_forks_publishes_what_one_process_does(forking, tmp_path, monkeypatch):
    """A build that walks the content and the kept folder beside (every output worth a
    process, as at 100 counties) publishes the same files as one that does it all here,
    and records the fingerprint of what it published: the next build is a no-op."""
    import shutil

    from conftest import CASES, fork_spy, tree_hash
    from sitegen import incremental as I
    from sitegen.build import build
    forks = fork_spy(monkeypatch)
    outs = {}
    for fork in (True, False):
        monkeypatch.setattr(beside, "FORK", fork)
        content = tmp_path / f"content-{fork}"
        shutil.copytree(CASES / "good" / "minimal" / "content", content)
        out, cache = tmp_path / f"out-{fork}", tmp_path / f"cache-{fork}"
        build(content, out, posters=False, jobs=1, cache=cache)
        home = content / "homes" / "demo" / "home.yaml"
        home.write_text(home.read_text(encoding="utf-8").replace("二楼", "三楼"), encoding="utf-8")
        del forks[:]
        edited = build(content, out, posters=False, jobs=1, cache=cache)
        assert forks == [True, True]            # the content scan, the kept folder
        last = I.Manifest.load(cache, out)
        assert last.live_print == write.fingerprint(last.live) and last.live_print["n"] > 5
        assert not edited.noop and build(content, out, posters=False, jobs=1, cache=cache).noop
        outs[fork] = tree_hash(out)
    assert outs[True] == outs[False]
