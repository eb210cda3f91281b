"""The write stage's rules, one small folder at a time (the tables the mutation run of
write.py asked for; the whole-build tests are test_pipeline_write.py and
test_cache_faults.py). What is asserted is what a user of the output folder sees: the
published folder untouched after a failure, the previous build back after a crash between
the two renames, a file reused only when it provably is the recorded one, a new output
that holds exactly what was planned."""
from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import fork_spy
from sitegen import beside, write

DEAD = 2 ** 22 + 12345          # above pid_max's default: never a running process


def tree(root: Path) -> dict[str, object]:
    """Every entry below `root`: a file's bytes, a link's target, a folder as "/"."""
    out: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            out[rel] = "/"
        else:
            out[rel] = path.read_bytes()
    return out


def fill(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def rename_raises(monkeypatch, error: BaseException, *, source: Path | None = None,
                  target_name: str | None = None) -> None:
    """write.py's `os.rename` raises `error` when moving `source` (or onto a path named
    `target_name`); every other rename is done."""
    real = os.rename

    def rename(a, b):
        if (source is not None and Path(a) == source) or (target_name is not None and Path(b).name == target_name):
            raise error
        return real(a, b)
    monkeypatch.setattr(write.os, "rename", rename)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def closed_later() -> int:
    """A record closed long after its files were written (their ctime cannot be set back),
    so that they are trusted by stat identity alone."""
    return time.time_ns() + 10 * write.RACY_NS


# ------------------------------------------------------------ names and the stage folder

def test_kept_dir_is_a_hidden_sibling(tmp_path):
    assert write.kept_dir(tmp_path / "out") == tmp_path / ".out.kept"


def test_staging_dir_refuses_an_output_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(NotADirectoryError) as err:
        write.staging_dir(tmp_path / "out")
    assert err.value.errno == 20 and str(tmp_path / "out") in str(err.value)
    assert err.value.strerror == "exists and is not a folder"     # the reason the message shows


def test_staging_dir_fresh_and_beside_the_output(tmp_path):
    out = tmp_path / "deep" / "er" / "out"
    stage, reused = write.staging_dir(out)
    assert reused is False
    assert stage == out.parent.resolve() / f".out.tmp-{os.getpid()}"
    assert stage.is_dir() and not list(stage.iterdir())


def test_staging_dir_empties_a_leftover_stage_of_this_pid(tmp_path):
    out = tmp_path / "out"
    left = fill(tmp_path / f".out.tmp-{os.getpid()}", {"a/b.html": b"old"})
    stage, reused = write.staging_dir(out)
    assert stage == left and not reused and not list(stage.iterdir())
    (tmp_path / f".out.tmp-{os.getpid()}").rmdir()
    (tmp_path / f".out.tmp-{os.getpid()}").write_text("a file")      # a file in its place
    stage, _ = write.staging_dir(out)
    assert stage.is_dir() and not list(stage.iterdir())


def test_staging_dir_by_default_starts_empty(tmp_path):
    out = tmp_path / "out"
    fill(write.kept_dir(out), {"index.html": b"kept"})
    stage, reused = write.staging_dir(out)
    assert reused is False and not list(stage.iterdir()) and not write.kept_dir(out).exists()


def test_staging_dir_takes_the_kept_folder_only_when_asked(tmp_path):
    out = tmp_path / "out"
    fill(write.kept_dir(out), {"index.html": b"kept"})
    stage, reused = write.staging_dir(out, reuse=True)
    assert reused is True and tree(stage) == {"index.html": b"kept"}
    assert not write.kept_dir(out).exists()
    stage.rename(write.kept_dir(out))
    stage, reused = write.staging_dir(out, reuse=False)         # not asked: gone
    assert reused is False and not list(stage.iterdir()) and not write.kept_dir(out).exists()


def test_staging_dir_never_takes_a_kept_link(tmp_path):
    out = tmp_path / "out"
    elsewhere = fill(tmp_path / "elsewhere", {"index.html": b"not ours"})
    write.kept_dir(out).symlink_to(elsewhere)
    stage, reused = write.staging_dir(out, reuse=True)
    assert reused is False and not list(stage.iterdir())
    assert not os.path.lexists(write.kept_dir(out))
    assert tree(elsewhere) == {"index.html": b"not ours"}        # the link removed, not its target
    (tmp_path / "kept-file").write_text("x")
    (tmp_path / "kept-file").rename(write.kept_dir(out))         # a file where it belongs
    stage, reused = write.staging_dir(out, reuse=True)
    assert reused is False and not os.path.lexists(write.kept_dir(out))


def test_staging_dir_when_the_kept_folder_cannot_be_moved(tmp_path, monkeypatch):
    out = tmp_path / "out"
    fill(write.kept_dir(out), {"index.html": b"kept"})
    rename_raises(monkeypatch, OSError(18, "cross-device"), source=write.kept_dir(out.resolve()))
    stage, reused = write.staging_dir(out, reuse=True)
    assert reused is False and stage.is_dir() and not list(stage.iterdir())
    assert not write.kept_dir(out).exists()


# ------------------------------------------------------------ leftovers of killed builds

def _old(tmp_path: Path, pid: int, body: bytes, mtime: int) -> Path:
    old = fill(tmp_path / f".out.old-{pid}", {"index.html": body})
    os.utime(old, (mtime, mtime))
    return old


def test_clean_stale_puts_the_newest_previous_output_back(tmp_path):
    out = tmp_path / "out"
    _old(tmp_path, DEAD, b"newer", 2_000_000_000)
    _old(tmp_path, DEAD + 1, b"older", 1_000_000_000)
    write.clean_stale(out)
    assert tree(out) == {"index.html": b"newer"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_clean_stale_own_pid_counts_as_killed(tmp_path):
    out = tmp_path / "out"
    _old(tmp_path, os.getpid(), b"mine", 1_000_000_000)
    write.clean_stale(out)
    assert tree(out) == {"index.html": b"mine"}


def test_clean_stale_leaves_a_running_build_alone(tmp_path, monkeypatch):
    out = tmp_path / "out"
    running = 4242
    monkeypatch.setattr(write, "_alive", lambda pid: pid == running)
    _old(tmp_path, running, b"running", 2_000_000_000)
    _old(tmp_path, DEAD, b"dead", 1_000_000_000)
    fill(tmp_path / f".out.tmp-{running}", {"a": b"busy"})
    fill(tmp_path / f".out.tmp-{DEAD}", {"a": b"left"})
    fill(tmp_path / ".out.tmp-x", {"a": b"no pid"})
    write.clean_stale(out)
    assert tree(out) == {"index.html": b"dead"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.old-{running}", f".out.tmp-{running}", "out"]


def test_clean_stale_with_a_published_output_only_removes(tmp_path):
    out = fill(tmp_path / "out", {"index.html": b"live"})
    _old(tmp_path, DEAD, b"previous", 1_000_000_000)
    fill(tmp_path / f".out.tmp-{DEAD}", {"a": b"left"})
    fill(tmp_path / ".other.tmp-1", {"a": b"another output's"})
    write.clean_stale(out)
    assert tree(out) == {"index.html": b"live"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-1", "out"]


def test_clean_stale_old_without_a_pid_is_put_back(tmp_path):
    out = tmp_path / "out"
    _old(tmp_path, 1, b"x", 1)
    (tmp_path / ".out.old-1").rename(tmp_path / ".out.old-abc")
    write.clean_stale(out)
    assert tree(out) == {"index.html": b"x"}


def test_alive(monkeypatch):
    """A probe, never a signal that does something (signal 0)."""
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert write._alive(child.pid) is True
        time.sleep(0.05)
        assert child.poll() is None, "the probe hurt the process"
    finally:
        child.kill()
        child.wait()
    assert write._alive(child.pid) is False            # reaped: gone
    assert write._alive(DEAD) is False

    def denied(pid, sig):
        assert sig == 0
        raise PermissionError
    monkeypatch.setattr(write.os, "kill", denied)
    assert write._alive(1) is True
    monkeypatch.setattr(write.os, "kill", lambda pid, sig: None)
    assert write._alive(DEAD) is True


class Kernel:
    def __init__(self, handle, ok, code):
        self.handle, self.ok, self.code, self.calls = handle, ok, code, []

    def OpenProcess(self, access, inherit, pid):
        self.calls.append(("open", access, inherit, pid))
        return self.handle

    def GetExitCodeProcess(self, handle, ref):
        self.calls.append(("code", handle))
        ref._obj.value = self.code
        return self.ok

    def CloseHandle(self, handle):
        self.calls.append(("close", handle))


@pytest.mark.parametrize("handle, ok, code, alive", [
    (0, 1, 259, False), (7, 1, 259, True), (7, 1, 0, False), (7, 0, 259, False), (7, 1, 258, False)])
def test_alive_windows(handle, ok, code, alive):
    k = Kernel(handle, ok, code)
    assert write._alive_windows(4321, k) is alive
    assert k.calls[0] == ("open", 0x1000, False, 4321)
    if handle:
        assert k.calls[-1] == ("close", handle) and ("code", handle) in k.calls


def test_alive_on_windows_asks_the_kernel(monkeypatch):
    monkeypatch.setattr(write, "_WINDOWS", True)
    k = Kernel(0, 1, 259)
    monkeypatch.setattr(write.ctypes, "windll", type("W", (), {"kernel32": k})(), raising=False)
    monkeypatch.setattr(write.os, "kill", lambda *a: pytest.fail("os.kill on Windows"))
    assert write._alive(os.getpid()) is False and k.calls[0][3] == os.getpid()


# ------------------------------------------------------------ the swap

def test_exchange_swaps_two_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_libc", None)            # the C library loaded on first use
    a, b = fill(tmp_path / "a", {"x": b"a"}), fill(tmp_path / "b", {"y": b"b"})
    assert write._exchange(a, b) is True
    assert tree(a) == {"y": b"b"} and tree(b) == {"x": b"a"}
    assert write._libc is not None
    assert write._exchange(a, tmp_path / "missing") is False
    assert tree(a) == {"y": b"b"}


class _OtherOs:
    """`os` as write.py sees it on another system (only its name differs)."""
    name = "nt"

    def __getattr__(self, attr):
        return getattr(os, attr)


def test_exchange_elsewhere_is_refused(tmp_path, monkeypatch):
    a, b = fill(tmp_path / "a", {"x": b"a"}), fill(tmp_path / "b", {"y": b"b"})
    monkeypatch.setattr(write, "os", _OtherOs())
    assert write._exchange(a, b) is False
    monkeypatch.undo()
    monkeypatch.setattr(write, "_libc", None)
    monkeypatch.setattr(write.ctypes, "CDLL", lambda *a, **k: type("C", (), {})())    # no renameat2
    assert write._exchange(a, b) is False
    monkeypatch.setattr(write.ctypes, "CDLL", lambda *a, **k: (_ for _ in ()).throw(OSError("no libc")))
    assert write._exchange(a, b) is False
    assert tree(a) == {"x": b"a"} and tree(b) == {"y": b"b"}


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_publishes_and_keeps_the_old(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = fill(tmp_path / "out", {"index.html": b"old"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    keep = fill(tmp_path / "keep", {"stale": b"x"})
    assert write.swap_in(stage, out, keep) is True
    assert tree(out) == {"index.html": b"new"} and tree(keep) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep", "out"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_without_keep_deletes_the_old(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = fill(tmp_path / "out", {"index.html": b"old"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    assert write.swap_in(stage, out) is False
    assert tree(out) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_swap_in_first_build_is_a_rename(tmp_path):
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    assert write.swap_in(stage, tmp_path / "out", tmp_path / "keep") is False
    assert tree(tmp_path / "out") == {"index.html": b"new"} and not (tmp_path / "keep").exists()


def test_swap_in_refuses_a_file_output(tmp_path):
    (tmp_path / "out").write_text("x")
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    with pytest.raises(FileExistsError):
        write.swap_in(stage, tmp_path / "out")
    assert (tmp_path / "out").read_text() == "x" and tree(stage) == {"index.html": b"new"}


def test_swap_in_second_rename_failing_puts_the_old_back(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = fill(tmp_path / "out", {"index.html": b"old"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    rename_raises(monkeypatch, KeyboardInterrupt(), source=stage)
    with pytest.raises(KeyboardInterrupt):
        write.swap_in(stage, out, tmp_path / "keep")
    assert tree(out) == {"index.html": b"old"}
    assert not list(tmp_path.glob(".out.old-*")) and not (tmp_path / "keep").exists()


def test_swap_in_killed_between_the_renames_recovers(tmp_path, monkeypatch):
    """A kill right after output → .old: the next build's clean_stale puts it back."""
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = fill(tmp_path / "out", {"index.html": b"old"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    real = os.rename
    rename_raises(monkeypatch, SystemExit("killed"), source=stage)
    monkeypatch.setattr(write.os, "getpid", lambda: DEAD)
    olds = []
    real_rename = write.os.rename

    def kill_without_undo(a, b):
        if Path(a) == out.resolve():
            real(a, b)
            olds.append(Path(b))
            raise SystemExit("killed")
        return real_rename(a, b)
    monkeypatch.setattr(write.os, "rename", kill_without_undo)
    with pytest.raises(SystemExit):
        write.swap_in(stage, out)
    assert not out.exists() and olds == [tmp_path / f".out.old-{DEAD}"]
    monkeypatch.undo()
    write.clean_stale(out.resolve())
    assert tree(out) == {"index.html": b"old"}


def test_swap_in_keep_not_movable_deletes_the_old(tmp_path, monkeypatch):
    out = fill(tmp_path / "out", {"index.html": b"old"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    rename_raises(monkeypatch, OSError(18, "cross-device"), target_name="keep")
    assert write.swap_in(stage, out, tmp_path / "keep") is False
    assert tree(out) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ------------------------------------------------------------ removing and writing

def test_remove_everything_and_nothing(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    write._remove(f)
    write._remove(f)                                  # already gone: no error
    target = fill(tmp_path / "target", {"keep": b"k"})
    (tmp_path / "link").symlink_to(target)
    write._remove(tmp_path / "link")
    assert tree(target) == {"keep": b"k"} and not os.path.lexists(tmp_path / "link")
    d = fill(tmp_path / "d", {"a/b/c": b"x", "e": b"y"})
    (d / "a" / "b").chmod(0o500)
    (d / "a").chmod(0o000)
    write._remove(d)
    assert not d.exists()


def test_remove_a_locked_folder_fixes_modes(tmp_path, monkeypatch):
    """Even for a user the modes stop (root here ignores them): rmtree is retried with
    the folder and its parent made writable, and a further failure leaves no error."""
    d = fill(tmp_path / "d", {"a/b": b"x"})
    real_unlink, calls = os.unlink, []

    def first_refused(p, *a, **k):
        if not calls:
            calls.append(p)
            raise PermissionError(13, "denied")
        return real_unlink(p, *a, **k)
    (d / "a").chmod(0o500)
    monkeypatch.setattr(os, "unlink", first_refused)
    write._remove(d)
    monkeypatch.undo()
    assert calls and not d.exists()


def test_stamp_is_mode_size_mtime_inode_ctime(tmp_path):
    f = tmp_path / "f"
    f.write_bytes(b"12345")
    st = os.stat(f)
    assert write.stamp(st) == (st.st_mode, 5, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def test_write_file_new_and_nested(tmp_path):
    st, digest = write.write_file(tmp_path, "a/b/c.html", "页面 <p>")
    path = tmp_path / "a" / "b" / "c.html"
    assert path.read_bytes() == "页面 <p>".encode("utf-8")
    assert digest == sha("页面 <p>".encode("utf-8")) and st == write.stamp(path.lstat())
    assert stat.S_IMODE(st[0]) == 0o666 & ~write._UMASK
    big = os.urandom(3 << 20)
    st, digest = write.write_file(tmp_path, "big.bin", big)
    assert (tmp_path / "big.bin").read_bytes() == big and st[1] == len(big) and digest == sha(big)


@pytest.mark.parametrize("what", ["file", "hardlink", "symlink", "folder", "dangling"])
def test_write_file_replaces_what_is_there_never_writing_through(tmp_path, what):
    root = tmp_path / "root"
    root.mkdir()
    other = tmp_path / "other.html"
    other.write_bytes(b"published")
    path = root / "p.html"
    if what == "file":
        path.write_bytes(b"before")
    elif what == "hardlink":
        os.link(other, path)
    elif what == "symlink":
        path.symlink_to(other)
    elif what == "dangling":
        path.symlink_to(tmp_path / "nowhere")
    else:
        fill(path, {"inside/x": b"x"})
    write.write_file(root, "p.html", b"new")
    assert path.read_bytes() == b"new" and not path.is_symlink() and path.stat().st_nlink == 1
    assert other.read_bytes() == b"published" and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("blocker", ["file", "symlink"])
def test_write_file_removes_a_file_where_a_folder_belongs(tmp_path, blocker):
    """(A link to a folder where a folder belongs would be written through: the stage
    removes every link it finds before any write, see test_stage_on_a_tampered_kept_folder.)"""
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    target = fill(tmp_path / "target", {"c.html": b"outside"})
    if blocker == "file":
        (root / "a" / "b").write_bytes(b"in the way")
    else:
        (root / "a" / "b").symlink_to(target / "c.html")
    write.write_file(root, "a/b/c.html", b"new")
    assert tree(root) == {"a": "/", "a/b": "/", "a/b/c.html": b"new"}
    assert tree(target) == {"c.html": b"outside"}
    (root / "x").write_bytes(b"in the way")                  # the blocker at the top
    write.write_file(root, "x/y/z.html", b"deep")
    assert (root / "x" / "y" / "z.html").read_bytes() == b"deep"


def test_write_file_gives_up_after_attempts(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    (root / "p").write_bytes(b"x")
    monkeypatch.setattr(write, "_remove", lambda p: None)     # it never goes away
    with pytest.raises(FileExistsError):
        write.write_file(root, "p", b"new")
    monkeypatch.undo()
    real_open, n = os.open, []

    def refused(path, *a):
        n.append(path)
        raise PermissionError(13, "denied")
    monkeypatch.setattr(write.os, "open", refused)
    with pytest.raises(PermissionError):
        write.write_file(root, "p", b"new")             # a file we may not replace: said
    assert len(n) == 1 and (root / "p").read_bytes() == b"x"


def test_write_file_missing_folder_is_made_on_the_last_attempt(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    real_open, n = os.open, []

    def late(path, *a):
        n.append(path)
        if len(n) < 5:
            raise FileNotFoundError(2, "gone again")
        return real_open(path, *a)
    monkeypatch.setattr(write.os, "open", late)
    write.write_file(root, "a/p", b"new")
    assert len(n) == 5 and (root / "a" / "p").read_bytes() == b"new"
    assert stat.S_IMODE((root / "a" / "p").stat().st_mode) == 0o666 & ~write._UMASK     # not executable


def test_unblock_removes_only_the_first_blocker(tmp_path):
    root = fill(tmp_path / "root", {"a/b": b"file", "keep": b"k"})
    write._unblock(root, "a/b/c/d.html")
    assert tree(root) == {"a": "/", "keep": b"k"}
    write._unblock(root, "keep")                       # no folder part: nothing
    write._unblock(root, "a/x.html")                   # nothing in the way
    assert tree(root) == {"a": "/", "keep": b"k"}


# ------------------------------------------------------------ records read back

@pytest.mark.parametrize("rec, expected", [
    ({"at": 5, "files": {"a": 1}}, (5, {"a": 1})),
    ({"at": 0, "files": {}}, (0, {})),
    ({"at": "5", "files": {}}, (0, {})),
    ({"at": 5.0, "files": {}}, (0, {})),
    ({"at": 5, "files": []}, (0, {})),
    ({"at": 5}, (0, {})),
    ({"files": {}}, (0, {})),
    (None, (0, {})),
    ([1, 2], (0, {})),
    ("at", (0, {})),
])
def test_record_shape(rec, expected):
    assert write._record(rec) == expected


def test_new_record():
    assert write.new_record() == {"at": 0, "files": {}}
    assert write.new_record() is not write.new_record()


def test_sha_streams_and_missing(tmp_path):
    data = os.urandom((1 << 20) + 7)
    (tmp_path / "f").write_bytes(data)
    assert write._sha(tmp_path / "f") == sha(data)
    (tmp_path / "e").write_bytes(b"")
    assert write._sha(tmp_path / "e") == sha(b"")
    assert write._sha(tmp_path / "missing") is None
    assert write._sha(tmp_path) is None


def _entry(root: Path, rel: str, data: bytes, key: str = "k"):
    st, digest = write.write_file(root, rel, data)
    return [key, list(st), digest]


def test_same_trusts_an_old_stat_and_checks_a_racy_one(tmp_path):
    e = _entry(tmp_path, "a.html", b"page")
    found = write.stamp(os.lstat(tmp_path / "a.html"))
    later = found[4] + write.RACY_NS + 1
    assert write._same(str(tmp_path), "a.html", e, found, later) is True
    assert write._same(str(tmp_path), "a.html", e, found, found[4] + write.RACY_NS) is True
    assert write._same(str(tmp_path), "a.html", e, found, 0) is True     # racy: hashed, equal
    bad = [e[0], e[1], sha(b"other")]
    assert write._same(str(tmp_path), "a.html", bad, found, later) is True      # stat is enough
    assert write._same(str(tmp_path), "a.html", bad, found, found[4] + write.RACY_NS) is False
    assert write._same(str(tmp_path), "a.html", bad, found, found[4] + write.RACY_NS - 1) is False
    assert write._same(str(tmp_path), "a.html", [e[0], e[1], None], found, 0) is False
    assert write._same(str(tmp_path), "a.html", [e[0], e[1], 5], found, 0) is False


def test_same_refuses_what_is_not_the_recorded_file(tmp_path):
    e = _entry(tmp_path, "a.html", b"page")
    found = write.stamp(os.lstat(tmp_path / "a.html"))
    later = found[4] + 10 * write.RACY_NS
    assert write._same(str(tmp_path), "a.html", e, None, later) is False
    changed = found[:2] + (found[2] + 1,) + found[3:]
    assert write._same(str(tmp_path), "a.html", e, changed, later) is False
    folder = (stat.S_IFDIR | 0o755,) + found[1:]
    assert write._same(str(tmp_path), "a.html", [e[0], list(folder), e[2]], folder, later) is False
    for broken in ([e[0], e[1]], None, 5, [e[0], None, e[2]], "abc"):
        assert write._same(str(tmp_path), "a.html", broken, found, later) is False


def test_walk_sorts_files_folders_and_the_rest(tmp_path):
    root = fill(tmp_path / "root", {"a.html": b"a", "d/b.html": b"b", "d/e/c.html": b"c"})
    (root / "link").symlink_to(root / "a.html")
    (root / "d" / "dirlink").symlink_to(root / "d" / "e")
    os.mkfifo(root / "d" / "fifo")
    (root / "d" / "e").chmod(0o700)
    files, dirs, odd = write._walk(root)
    assert sorted(files) == ["a.html", "d/b.html", "d/e/c.html"]
    assert files["d/b.html"] == write.stamp(os.lstat(root / "d" / "b.html"))
    assert sorted(dirs) == ["d", "d/e"] and sorted(odd) == ["d/dirlink", "d/fifo", "link"]
    assert stat.S_IMODE(os.stat(root / "d" / "e").st_mode) == write.DIR_MODE


def test_walk_opens_a_folder_made_unreadable(tmp_path, monkeypatch):
    root = fill(tmp_path / "root", {"d/b.html": b"b"})
    real, refused = os.scandir, []

    def once(d):
        if d.endswith("/d") and not refused:
            refused.append(d)
            raise PermissionError(13, "denied")
        return real(d)
    monkeypatch.setattr(write.os, "scandir", once)
    files, dirs, odd = write._walk(root)
    assert refused and sorted(files) == ["d/b.html"]
    monkeypatch.setattr(write.os, "scandir", lambda d: (_ for _ in ()).throw(OSError(5, "io")))
    assert write._walk(root) == ({}, [], [])


# ------------------------------------------------------------ the stage

def publish(tmp_path: Path, files: dict[str, bytes], live=None, kept=None):
    out = tmp_path / "out"
    stage = write.Stage(out, live, kept)
    for rel, data in files.items():
        stage.write(rel, "key:" + rel + ":" + sha(data), data)
    record = stage.swap()
    return out, record, stage.kept_record()


def test_stage_first_build_then_reuse_by_link(tmp_path):
    out, rec1, kept1 = publish(tmp_path, {"index.html": b"one", "a/p.html": b"p"})
    assert tree(out) == {"index.html": b"one", "a": "/", "a/p.html": b"p"} and kept1 is None
    rec1["at"] = closed_later()
    stage = write.Stage(out, rec1, None)
    assert stage.reused is False
    key = rec1["files"]["a/p.html"][0]
    assert stage.reuse("a/p.html", key) is True and stage.linked == 1
    assert os.lstat(stage.root / "a" / "p.html").st_ino == os.lstat(out / "a" / "p.html").st_ino
    assert stage.reuse("index.html", "another key") is False
    assert stage.reuse("missing.html", key) is False
    stage.write("index.html", "k2", b"two")
    rec2 = stage.swap()
    assert tree(out) == {"index.html": b"two", "a": "/", "a/p.html": b"p"}
    kept = stage.kept_record()
    assert kept["at"] == rec1["at"] and set(kept["files"]) == {"index.html", "a/p.html"}
    # the published file's ctime moved with the link: the kept record follows it
    assert tuple(kept["files"]["a/p.html"][1]) == write.stamp(os.lstat(write.kept_dir(out) / "a" / "p.html"))
    assert tuple(rec2["files"]["a/p.html"][1]) == write.stamp(os.lstat(out / "a" / "p.html"))
    assert rec2["files"]["a/p.html"][2] == sha(b"p")


def test_stage_reuses_the_kept_folder_in_place(tmp_path):
    out, rec1, _ = publish(tmp_path, {"index.html": b"one", "same.html": b"s", "gone.html": b"g"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"index.html": b"two"}, live=rec1)
    assert kept is not None and kept["files"] == rec1["files"]
    kept["at"] = rec2["at"] = closed_later()
    inode = os.lstat(write.kept_dir(out) / "same.html").st_ino
    stage = write.Stage(out, rec2, kept)
    assert stage.reused is True and stage.root.name.startswith(".out.tmp-")
    assert stage.reuse("same.html", rec1["files"]["same.html"][0]) is True
    assert os.lstat(stage.root / "same.html").st_ino == inode and stage.linked == 0
    assert stage.made["same.html"] == rec1["files"]["same.html"]
    stage.write("index.html", "k3", b"three")
    stage.swap()
    assert tree(out) == {"index.html": b"three", "same.html": b"s"}       # gone.html deleted


def test_stage_on_a_tampered_kept_folder(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa", "b.html": b"bbbb", "d/c.html": b"c"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"x.html": b"x"}, live=rec1)
    kept["at"] = closed_later()
    k = write.kept_dir(out)
    fill(k, {"stray.html": b"stray", "new/dir/f": b"f"})
    (k / "link.html").symlink_to(k / "a.html")
    outside = fill(tmp_path / "outside", {"c.html": b"outside"})
    (k / "d").rename(tmp_path / "d-moved")
    (k / "d").symlink_to(outside)                    # a linked folder where a folder was
    st = os.stat(k / "b.html")
    (k / "b.html").write_bytes(b"BBBB")
    os.utime(k / "b.html", ns=(st.st_atime_ns, st.st_mtime_ns))
    stage = write.Stage(out, rec2, kept)
    assert not (stage.root / "stray.html").exists() and not os.path.lexists(stage.root / "link.html")
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True
    assert stage.reuse("b.html", rec1["files"]["b.html"][0]) is False        # its ctime moved
    assert stage.reuse("d/c.html", "not its key") is False
    assert not os.path.lexists(stage.root / "d")
    stage.write("b.html", "kb", b"bbbb")
    stage.write("d/c.html", "kc", b"new c")
    stage.swap()
    assert tree(out) == {"a.html": b"aaaa", "b.html": b"bbbb", "d": "/", "d/c.html": b"new c"}
    assert tree(outside) == {"c.html": b"outside"}


def test_stage_racy_kept_file_is_hashed(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa"})
    out, rec2, kept = publish(tmp_path, {"x.html": b"x"}, live=rec1)
    k = write.kept_dir(out)
    entry = kept["files"]["a.html"]
    stage = write.Stage(out, rec2, {"at": entry[1][4], "files": {"a.html": [entry[0], entry[1], sha(b"zzzz")]}})
    assert stage.reuse("a.html", entry[0]) is False           # its bytes are not the recorded ones


def _linked_then_kept(tmp_path):
    """a.html published long enough before its record closed to be trusted by its stat,
    then linked by the next stage: the kept folder's a.html was stamped again (its ctime
    moved with the link) after that record's closing."""
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa", "index.html": b"one"})
    rec1["at"] = rec1["files"]["a.html"][1][4] + write.RACY_NS + 1
    stage = write.Stage(out, rec1, None)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True and stage.linked == 1
    stage.write("index.html", "k2", b"two")
    rec2 = stage.swap()
    return out, rec1, rec2, stage.kept_record()


def calls(monkeypatch, name: str) -> list:
    """The names of the paths `write.<name>` is called with from now on (it still runs)."""
    seen = []
    real = getattr(write, name)
    monkeypatch.setattr(write, name, lambda path: seen.append(Path(path).name) or real(path))
    return seen


def hashes(monkeypatch) -> list:
    return calls(monkeypatch, "_sha")


def test_stage_kept_file_it_linked_is_checked_against_its_own_closing(tmp_path, monkeypatch):
    out, rec1, rec2, kept = _linked_then_kept(tmp_path)
    assert kept["at"] == rec1["at"] and kept["relinked"] == {"at": rec2["at"], "files": ["a.html"]}
    linked_at = kept["files"]["a.html"][1][4]
    assert linked_at > rec1["at"] - write.RACY_NS           # racy against the record's own closing
    seen = hashes(monkeypatch)
    kept["relinked"]["at"] = linked_at + write.RACY_NS + 1   # the stage closed well after the link
    stage = write.Stage(out, rec2, kept)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True
    assert seen == [] and stage.linked == 0                   # trusted by its stat: not read again
    stage.abort()


@pytest.mark.parametrize("relinked", ["as recorded", "missing", "bad shape"])
def test_stage_kept_file_it_linked_just_before_closing_is_hashed(tmp_path, monkeypatch, relinked):
    out, rec1, rec2, kept = _linked_then_kept(tmp_path)
    if relinked == "missing":
        del kept["relinked"]
    elif relinked == "bad shape":
        kept["relinked"] = {"at": str(rec2["at"]), "files": ["a.html"]}
    assert write._relinked(kept)[1] == (
        frozenset({"a.html"}) if relinked == "as recorded" else frozenset())
    seen = hashes(monkeypatch)
    stage = write.Stage(out, rec2, kept)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True
    assert seen == ["a.html"]                   # within the racy window of a closing: its bytes
    stage.abort()
    (write.kept_dir(out) / "a.html").unlink()        # replaced by hand: refused (and the
    (write.kept_dir(out) / "a.html").write_bytes(b"AAAA")   # published one's ctime moved too)
    stage = write.Stage(out, rec2, kept)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is False and stage.linked == 0
    stage.abort()


def test_stage_without_a_record_trusts_nothing(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"a"})
    out, rec2, kept = publish(tmp_path, {"a.html": b"a2"}, live=rec1)
    stage = write.Stage(out, rec2, None)                 # kept folder there, no record of it
    assert stage.reused is True and not list(stage.root.iterdir())
    stage.abort()
    stage = write.Stage(out, rec2, {"bad": "shape"})
    assert stage.reused is True and stage.kept == {} and not list(stage.root.iterdir())
    stage.abort()
    stage = write.Stage(out, None, kept, reuse=False)
    assert stage.reused is False and stage.kept == {} and stage.live == {}
    assert stage.reuse("a.html", rec2["files"]["a.html"][0]) is False


def test_stage_reuse_of_a_published_file_changed_since(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa", "b.html": b"b"})
    rec1["at"] = closed_later()
    (out / "a.html").write_bytes(b"AAAA")
    (out / "b.html").unlink()
    stage = write.Stage(out, rec1, None)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is False
    assert stage.reuse("b.html", rec1["files"]["b.html"][0]) is False
    assert stage.linked == 0 and not stage.made


def test_stage_reuse_copied_where_links_are_refused(tmp_path, monkeypatch):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa"})
    rec1["at"] = closed_later()
    before = write.stamp(os.lstat(out / "a.html"))
    monkeypatch.setattr(write, "_NO_LINKS", set())
    monkeypatch.setattr(write.os, "link", lambda a, b: (_ for _ in ()).throw(OSError(1, "no links")))
    stage = write.Stage(out, rec1, None)
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True
    assert os.lstat(stage.root / "a.html").st_ino != before[3]
    assert stage.live["a.html"] == rec1["files"]["a.html"]       # the published file untouched
    assert stage.made["a.html"][2] == sha(b"aaaa")
    assert write.stamp(os.lstat(out / "a.html")) == before
    stage.abort()


def test_stage_carry_takes_what_is_asked(tmp_path):
    out, rec1, _ = publish(tmp_path, {"homes/a/p.pdf": b"pa", "homes/b/p.pdf": b"pb", "index.html": b"i"})
    rec1["at"] = closed_later()
    stage = write.Stage(out, rec1, None)
    stage.write("index.html", "new", b"i2")
    n = stage.carry(lambda rel: rel.endswith(".pdf") or rel == "index.html")
    assert n == 2 and stage.made["index.html"][0] == "new"
    rec2 = stage.swap()
    assert tree(out) == {"homes": "/", "homes/a": "/", "homes/a/p.pdf": b"pa", "homes/b": "/",
                         "homes/b/p.pdf": b"pb", "index.html": b"i2"}
    kept = stage.kept_record()
    rec2["at"] = kept["at"] = closed_later()
    stage = write.Stage(out, rec2, kept)
    assert stage.carry(lambda rel: "/a/" in rel) == 1 and set(stage.made) == {"homes/a/p.pdf"}
    stage.abort()


def test_stage_record_of_a_worker(tmp_path):
    stage = write.Stage(tmp_path / "out")
    written = write.write_file(stage.root, "w.html", b"w")
    stage.record("w.html", "kw", written)
    rec = stage.swap()
    assert rec["files"]["w.html"] == ("kw", *written) and tree(tmp_path / "out") == {"w.html": b"w"}
    assert abs(rec["at"] - time.time_ns()) < 60 * 10 ** 9


def test_stage_swap_removes_unplanned_folders_only(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a/b/c.html": b"c", "x/y/z.html": b"z", "x/w.html": b"w"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"q.html": b"q"}, live=rec1)
    kept["at"] = closed_later()
    stage = write.Stage(out, rec2, kept)
    assert stage.reuse("x/w.html", rec1["files"]["x/w.html"][0])
    stage.swap()
    assert tree(out) == {"x": "/", "x/w.html": b"w"}
def test_stage_static_overrides_and_links_out(tmp_path):
    default = fill(tmp_path / "default", {"static/site.css": b"default", "static/js/a.js": b"a"})
    site = fill(tmp_path / "site", {"static/site.css": b"site", "static/icon.svg": b"<svg/>"})
    secret = fill(tmp_path / "secret", {"key": b"secret"})
    (site / "static" / "leak").symlink_to(secret / "key")
    (site / "static" / "leakdir").symlink_to(secret)
    (site / "static" / "inner").symlink_to(site / "static" / "icon.svg")
    stage = write.Stage(tmp_path / "out")
    shas = stage.static([site, default, tmp_path / "none"])
    assert shas == {"static/icon.svg": sha(b"<svg/>"), "static/inner": sha(b"<svg/>"),
                    "static/js/a.js": sha(b"a"), "static/site.css": sha(b"site")}
    rec = stage.swap()
    assert rec["files"]["static/site.css"][0] == "static:" + sha(b"site")
    assert tree(tmp_path / "out" / "static") == {"icon.svg": b"<svg/>", "inner": b"<svg/>", "js": "/",
                                                   "js/a.js": b"a", "site.css": b"site"}
    rec["at"] = closed_later()
    stage = write.Stage(tmp_path / "out", rec, None)
    stage.static([site, default])
    assert stage.linked == 4
    stage.abort()


def test_stage_abort_keeps_the_stage_once(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"a"})
    stage = write.Stage(out, rec1, None)
    stage.write("b.html", "kb", b"b")
    stage.abort()
    assert tree(write.kept_dir(out)) == {"b.html": b"b"} and tree(out) == {"a.html": b"a"}
    other = write.Stage(out, rec1, None, reuse=False)
    assert not write.kept_dir(out).exists()
    fill(write.kept_dir(out), {"k": b"k"})
    other.write("c.html", "kc", b"c")
    other.abort()                                       # a kept folder already there: deleted
    assert tree(write.kept_dir(out)) == {"k": b"k"} and not other.root.exists()


def test_stage_abort_never_raises(tmp_path):
    """A failed build's own error is the one shown: removing its stage cannot add another."""
    out, rec1, _ = publish(tmp_path, {"a.html": b"a"})
    fill(write.kept_dir(out), {"k": b"k"})
    stage = write.Stage(out, rec1, None, reuse=False)
    fill(write.kept_dir(out), {"k": b"k"})
    os.rmdir(stage.root)                                   # gone already
    stage.abort()
    assert tree(out) == {"a.html": b"a"}


def test_stage_abort_when_the_rename_fails(tmp_path, monkeypatch):
    stage = write.Stage(tmp_path / "out")
    stage.write("b.html", "kb", b"b")
    monkeypatch.setattr(write.os, "rename", lambda a, b: (_ for _ in ()).throw(OSError(18, "x")))
    stage.abort()
    monkeypatch.undo()
    assert not stage.root.exists() and not write.kept_dir(tmp_path / "out").exists()


# ------------------------------------------------------------ the no-op check

def test_fingerprint_and_intact(tmp_path):
    out, rec, _ = publish(tmp_path, {"a.html": b"aaaa", "d/b.html": b"b"})
    fp = write.fingerprint(rec)
    assert fp["n"] == 2 and fp["at"] == rec["at"]
    assert set(fp["racy"]) == {"a.html", "d/b.html"} and fp["racy"]["a.html"] == sha(b"aaaa")
    before = time.time_ns()
    assert write.intact(out, fp) is True
    assert fp["racy"] == {} and before <= fp["at"] <= time.time_ns()      # dated now
    assert write.intact(out, fp) is True
    assert write.fingerprint({"at": rec["at"] + 10 * write.RACY_NS, "files": rec["files"]})["racy"] == {}
    edge = rec["files"]["a.html"][1][4] + write.RACY_NS
    assert set(write.fingerprint({"at": edge, "files": rec["files"]})["racy"]) >= {"a.html"}
    empty = write.fingerprint(None)
    assert empty == write.fingerprint({"x": 1}) == {
        "at": 0, "n": 0, "parts": [[0, empty["parts"][0][1]]] * 2, "racy": {}}
    assert len(empty["parts"][0][1]) == 64 and empty["parts"][0] != fp["parts"][0]
    assert fp["parts"][0][0] == 2 and fp["parts"][1] == empty["parts"][1]   # nothing to share


def test_fingerprint_digest_covers_paths_and_stats(tmp_path):
    out, rec, _ = publish(tmp_path, {"a.html": b"aaaa", "b.html": b"bb"})
    digest = write.fingerprint(rec)["parts"]

    def with_files(files):
        return write.fingerprint({"at": rec["at"], "files": files})["parts"]
    key, st, sha_ = rec["files"]["a.html"]
    other = rec["files"]["b.html"]
    assert with_files({"a.html": (key, list(st), sha_), "b.html": other}) == digest   # a list read back
    assert with_files({"b.html": other, "a.html": (key, st, sha_)}) == digest   # in path order
    assert with_files({"c.html": (key, st, sha_), "b.html": other}) != digest   # the path
    for i in range(5):                                                          # each stat field
        changed = list(st)
        changed[i] += 1
        assert with_files({"a.html": (key, tuple(changed), sha_), "b.html": other}) != digest, i
    assert with_files({"a.html": ("another key", st, "x"), "b.html": other}) == digest  # not keys
    # the same stat identity held once by two paths, or as two equal tuples: the same digest
    same = tuple(st)
    shared = with_files({"a.html": (key, same, sha_), "b.html": (key, same, sha_)})
    assert shared == with_files({"a.html": (key, tuple(st), sha_),
                                 "b.html": (key, tuple(list(st)), sha_)})
    assert write.intact(out, write.fingerprint(rec)) is True


SHARED = {"index.html": b"i", "static/s.css": b"s", "homes/x.txt": b"x",
          **{f"homes/h{i}/index.html": b"h%d" % i for i in range(12)},
          **{f"homes/h{i}/teams/t/index.html": b"t%d" % i for i in range(12)},
          **{f"media/{i:02x}-400.jpg": b"m%d" % i for i in range(16)}}


def test_the_halves_share_the_big_folders_by_name(tmp_path):
    """The two halves of the output's walk: everything outside homes/ and media/ is the
    first's; their entries go by name (beside.half), a home's files with its folder.
    Checked for one output with both halves filled (SHARED's names fall on both sides)."""
    out, rec, _ = publish(tmp_path, SHARED)
    halves = [write._walk(out, part) for part in (0, 1)]
    whole = write._walk(out)
    assert {**halves[0][0], **halves[1][0]} == whole[0] and not set(halves[0][0]) & set(halves[1][0])
    for part, (found, dirs, odd) in enumerate(halves):
        assert found and not odd and all(write.part_of(rel) == part for rel in found)
        assert all(write.part_of(rel) == part for rel in dirs if rel not in write.SPLIT)
    assert set(halves[0][1]) | set(halves[1][1]) == set(whole[1])
    assert {"index.html", "static/s.css"} <= set(halves[0][0])
    assert {"homes", "media"} <= set(halves[0][1]) and not {"homes", "media"} & set(halves[1][1])
    assert "homes/x.txt" in halves[beside.half("x.txt")][0]      # a file of homes/: by its name
    assert {write.part_of(f"homes/h{i}/teams/t/index.html") for i in range(12)} == {0, 1}
    assert all(write.part_of(f"homes/h{i}/teams/t/index.html") == write.part_of(f"homes/h{i}")
               == beside.half(f"h{i}") for i in range(12))
    assert {write.part_of(f"media/{i:02x}-400.jpg") for i in range(16)} == {0, 1}
    fp = write.fingerprint(rec)
    assert [n for n, _d in fp["parts"]] == [len(halves[0][0]), len(halves[1][0])]


@pytest.mark.parametrize("fork", [False, True])
@pytest.mark.parametrize("where", ["index.html", "homes/h{}/index.html", "media/{:02x}-400.jpg"])
def test_intact_checks_both_halves(tmp_path, monkeypatch, fork, where):
    """A change in either half is seen, the second half walked in a forked process or not."""
    monkeypatch.setattr(beside, "FORK", fork)
    out, rec, _ = publish(tmp_path, SHARED)
    rec["at"] = closed_later()
    fp = write.fingerprint(rec)
    assert write.intact(out, dict(fp), fork=True) is True
    assert write.intact_print(out, fp, fork=True) == fp
    for part in (0, 1):
        rel = next(r for r in (where.format(i) for i in range(16)) if r in SHARED and
                   write.part_of(r) == part) if "{" in where else where
        if write.part_of(rel) != part:
            continue
        path = out / rel
        data = path.read_bytes()
        path.write_bytes(data + b"!")
        assert write.intact(out, dict(fp), fork=True) is False, rel
        assert write.intact_print(out, fp, fork=True) is None
        path.write_bytes(data)                   # (a new stat identity: still not intact)
        assert write.intact(out, dict(fp), fork=True) is False, rel


def test_a_linked_big_folder_is_not_shared(tmp_path):
    """`homes` as a link to a folder is no folder of the output: the first half alone
    finds it, as something that is neither a folder nor a file (not intact)."""
    out, rec, _ = publish(tmp_path, {"index.html": b"i"})
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.html").write_bytes(b"a")
    (out / "homes").symlink_to(tmp_path / "elsewhere")
    assert write._walk(out, 0)[2] == ["homes"] and write._walk(out, 1) == ({}, [], [])
    assert write.intact(out, write.fingerprint(rec)) is False


def test_an_entry_whose_kind_cannot_be_read_is_no_folder():
    class Entry:
        def is_dir(self, follow_symlinks=True):
            raise OSError(5, "I/O error")
    assert write._is_folder(Entry()) is False


def test_intact_forks_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(beside, "FORK", False)
    out, rec, _ = publish(tmp_path, SHARED)
    fp = write.fingerprint(rec)
    forks = fork_spy(monkeypatch)
    assert write.intact(out, dict(fp)) is True and write.intact_print(out, fp) is not None
    assert write.intact(out, dict(fp), fork=True) is True
    assert write.intact_print(out, fp, fork=True) is not None
    assert forks == [False, False, True, True]


@pytest.mark.parametrize("parts", [None, [], [[1, "x"]], [[1, "x"]] * 3, "ab", [[1, 2, 3]] * 2,
                                   [["one", "x"]] * 2])
def test_intact_refuses_a_fingerprint_of_another_shape(tmp_path, parts):
    out, rec, _ = publish(tmp_path, SHARED)
    fp = write.fingerprint(rec)
    assert write.intact(out, dict(fp)) is True
    assert write.intact(out, {**fp, "parts": parts}) is False
    assert write.intact(out, {**fp, "parts": [fp["parts"][1], fp["parts"][0]]}) is False
    assert write.intact(out, {k: v for k, v in fp.items() if k != "parts"}) is False


@pytest.mark.parametrize("change", ["edit_same_stat", "edit", "stray", "stray_dir_only", "link",
                                    "deleted", "fifo"])
def test_intact_notices_every_change(tmp_path, change):
    out, rec, _ = publish(tmp_path, {"a.html": b"aaaa", "d/b.html": b"b"})
    fp = write.fingerprint(rec)
    if change == "edit_same_stat":        # stat identical is impossible; bytes differ: racy check
        fp = write.fingerprint(rec)
        fp["racy"]["a.html"] = sha(b"AAAA")
    elif change == "edit":
        (out / "a.html").write_bytes(b"AAAA")
    elif change == "stray":
        (out / "stray.html").write_bytes(b"s")
    elif change == "stray_dir_only":
        (out / "empty").mkdir()
    elif change == "link":
        (out / "link").symlink_to(out / "a.html")
    elif change == "deleted":
        (out / "d" / "b.html").unlink()
    else:
        os.mkfifo(out / "fifo")
    assert write.intact(out, fp) is (change == "stray_dir_only")


@pytest.mark.parametrize("fp", [None, {}, {"n": 0, "digest": "", "racy": {}}, {"n": "x", "digest": "", "racy": {}},
                                {"n": 1, "digest": "d"}, {"n": 1, "digest": "d", "racy": 5}])
def test_intact_refuses_a_broken_fingerprint(tmp_path, fp):
    out, rec, _ = publish(tmp_path, {"a.html": b"a"})
    assert write.intact(out, fp) is False


def test_intact_racy_entry_not_a_string(tmp_path):
    out, rec, _ = publish(tmp_path, {"a.html": b"a"})
    fp = write.fingerprint(rec)
    fp["racy"]["a.html"] = 5
    assert write.intact(out, fp) is False and fp["racy"] == {"a.html": 5}


# ------------------------------------------------------------ links and copies

def test_link_file_links_and_makes_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_NO_LINKS", set())
    src = fill(tmp_path / "src", {"f": b"data"}) / "f"
    root = tmp_path / "root"
    root.mkdir()
    write.link_file(src, root, "a/b/f")
    assert os.lstat(root / "a" / "b" / "f").st_ino == os.lstat(src).st_ino
    fill(root, {"c/f/x": b"in the way"})
    write.link_file(src, root, "c/f")
    assert os.lstat(root / "c" / "f").st_ino == os.lstat(src).st_ino
    (root / "d").symlink_to(tmp_path / "nowhere")
    write.link_file(src, root, "d")
    assert not (root / "d").is_symlink() and (root / "d").read_bytes() == b"data"
    assert not write._NO_LINKS


def test_link_file_refused_copies_from_then_on(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_NO_LINKS", set())
    src = fill(tmp_path / "src", {"f": b"data"}) / "f"
    root = tmp_path / "root"
    root.mkdir()
    calls = []
    real = os.link

    def refused(a, b):
        calls.append(b)
        raise OSError(1, "operation not permitted")
    monkeypatch.setattr(write.os, "link", refused)
    write.link_file(src, root, "a/deep/f")
    assert (root / "a" / "deep" / "f").read_bytes() == b"data"
    assert os.lstat(root / "a" / "deep" / "f").st_ino != os.lstat(src).st_ino
    assert write._NO_LINKS == {os.stat(root).st_dev} and len(calls) == 1
    write.link_file(src, root, "b/c/g")               # not tried again on this device
    assert (root / "b" / "c" / "g").read_bytes() == b"data" and len(calls) == 1
    write.link_file(src, root, "b/c/h")               # its folder there already
    (root / "b" / "c" / "g").write_bytes(b"old copy")
    write.link_file(src, root, "b/c/g")
    assert (root / "b" / "c" / "g").read_bytes() == b"data" and src.read_bytes() == b"data"
    assert (root / "b" / "c" / "h").read_bytes() == b"data"
    monkeypatch.setattr(write.os, "link", real)
    other = tmp_path / "other"
    other.mkdir()
    write.link_file(src, other, "h")                  # same device: still copies
    assert os.lstat(other / "h").st_ino != os.lstat(src).st_ino


@pytest.mark.parametrize("first", ["missing_folder", "exists"])
def test_link_file_second_try_refused_copies(tmp_path, monkeypatch, first):
    monkeypatch.setattr(write, "_NO_LINKS", set())
    src = fill(tmp_path / "src", {"f": b"data"}) / "f"
    root = tmp_path / "root"
    root.mkdir()
    if first == "exists":
        fill(root, {"a/f": b"in the way"})
    calls = []

    def second_refused(a, b):
        calls.append(b)
        if len(calls) == 1:
            raise (FileNotFoundError if first == "missing_folder" else FileExistsError)(2, "x")
        raise OSError(18, "cross-device")
    monkeypatch.setattr(write.os, "link", second_refused)
    write.link_file(src, root, "a/f")
    assert (root / "a" / "f").read_bytes() == b"data" and len(calls) == 2
    assert write._NO_LINKS == {os.stat(root).st_dev}


def test_link_or_copy_source_gone_is_said(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_NO_LINKS", set())
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(FileNotFoundError):
        write.link_file(tmp_path / "missing", root, "a/f")
    assert not write._NO_LINKS


def test_dev_of_a_missing_folder(tmp_path):
    assert write._dev(tmp_path) == os.stat(tmp_path).st_dev
    assert write._dev(tmp_path / "missing") is None


class _Entry:
    """A folder entry whose stat fails (the file vanished between listing and stat)."""

    def __init__(self, real=None, path=None):
        self.real, self.path = real, path if path is not None else real.path
        self.name = os.path.basename(self.path)

    def stat(self, follow_symlinks=True):
        if self.real is None:
            raise FileNotFoundError(2, "vanished")
        return self.real.stat(follow_symlinks=follow_symlinks)


class _Listing:
    def __init__(self, entries):
        self.entries = entries

    def __enter__(self):
        return self

    def __iter__(self):
        return iter(self.entries)

    def __exit__(self, *exc):
        return False


def test_walk_goes_on_past_what_vanished_or_cannot_be_read(tmp_path, monkeypatch):
    """An entry gone between listing and stat is odd (removed, never trusted); a folder
    that cannot be listed even after its mode is fixed is skipped; the rest is walked."""
    root = fill(tmp_path / "root", {"a/1.html": b"1", "a/2.html": b"2", "b/3.html": b"3", "c/4.html": b"4"})
    real = os.scandir

    def scandir(d):
        if d.endswith("/b"):
            raise PermissionError(13, "denied, and chmod does not help")
        if d.endswith("/c"):
            raise OSError(5, "input/output error")
        if d.endswith("/a"):
            with real(d) as it:
                found = sorted(it, key=lambda e: e.name)
            return _Listing([_Entry(path=os.path.join(d, "gone.html"))] + [_Entry(e) for e in found])
        with real(d) as it:                # a, b, c: the failing c and b are walked first
            return _Listing([_Entry(e) for e in sorted(it, key=lambda e: e.name)])
    monkeypatch.setattr(write.os, "scandir", scandir)
    monkeypatch.setattr(write.os, "chmod", lambda *a: None)
    files, dirs, odd = write._walk(root)
    assert sorted(files) == ["a/1.html", "a/2.html"]
    assert sorted(dirs) == ["a", "b", "c"] and odd == ["a/gone.html"]


def test_stage_static_follows_a_folder_link_inside_its_folder(tmp_path):
    """A link to a folder inside static/ (a shared icon set under two names) is followed;
    one leading outside is not."""
    site = fill(tmp_path / "site", {"static/icons/a.svg": b"<svg>a</svg>"})
    secret = fill(tmp_path / "secret", {"key": b"secret"})
    (site / "static" / "icons-old").symlink_to(site / "static" / "icons")
    (site / "static" / "out").symlink_to(secret)
    stage = write.Stage(tmp_path / "out")
    shas = stage.static([site])
    assert sorted(shas) == ["static/icons-old/a.svg", "static/icons/a.svg"]
    stage.swap()
    assert (tmp_path / "out" / "static" / "icons-old" / "a.svg").read_bytes() == b"<svg>a</svg>"
    assert not (tmp_path / "out" / "static" / "out").exists()


def test_swap_in_refusal_names_the_output(tmp_path):
    (tmp_path / "out").write_text("x")
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    with pytest.raises(FileExistsError) as err:
        write.swap_in(stage, tmp_path / "out")
    assert str(tmp_path / "out") in str(err.value)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_publishes_even_if_the_old_output_cannot_be_deleted(tmp_path, monkeypatch, exchange):
    """A file of the previous output that will not go away (locked, a flaky share) leaves a
    leftover folder for the next build to clear, never a failed publish."""
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = fill(tmp_path / "out", {"index.html": b"old", "a/stuck.html": b"stuck"})
    stage = fill(tmp_path / "stage", {"index.html": b"new"})
    real = os.unlink

    def stuck(path, *a, **k):
        if str(path).endswith("stuck.html"):
            raise PermissionError(13, "in use")
        return real(path, *a, **k)
    monkeypatch.setattr(os, "unlink", stuck)
    assert write.swap_in(stage, out) is False
    monkeypatch.undo()
    assert tree(out) == {"index.html": b"new"}


def test_remove_retries_a_folder_after_fixing_modes(tmp_path, monkeypatch):
    """rmtree's handler, for a folder it could not remove: the folder and its parent get
    the build's mode back, and the removal is tried again."""
    d = fill(tmp_path / "d", {"sub/x": b"x"})
    (d / "sub").chmod(0o500)
    real, failed, modes = os.rmdir, [], []

    def once(path, *a, **k):
        if str(path).endswith("sub") and not failed:
            failed.append(path)
            raise PermissionError(13, "denied")
        return real(path, *a, **k)
    real_chmod = os.chmod
    monkeypatch.setattr(os, "rmdir", once)
    monkeypatch.setattr(write.os, "chmod", lambda p, mode: (modes.append((str(p), mode)), real_chmod(p, mode))[1])
    write._remove(d)
    monkeypatch.undo()
    assert failed and not d.exists()
    assert (str(d), write.DIR_MODE) in modes and (str(d / "sub"), write.DIR_MODE) in modes


def test_remove_never_changes_what_a_link_points_to(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    outside.chmod(0o700)
    d = fill(tmp_path / "d", {"f": b"x"})
    (d / "link").symlink_to(outside)
    real, failed = os.unlink, []

    def once(path, *a, **k):
        if str(path).endswith("link") and not failed:
            failed.append(path)
            raise PermissionError(13, "denied")
        return real(path, *a, **k)
    monkeypatch.setattr(os, "unlink", once)
    write._remove(d)
    monkeypatch.undo()
    assert failed and not d.exists()
    assert outside.is_dir() and stat.S_IMODE(outside.stat().st_mode) == 0o700


def test_clean_stale_output_name_with_dashes(tmp_path, monkeypatch):
    """The pid is what follows the last dash: an output called `my-site` is no exception."""
    out = tmp_path / "my-site"
    running = 4242
    monkeypatch.setattr(write, "_alive", lambda pid: pid == running)
    fill(tmp_path / f".my-site.old-{running}", {"index.html": b"running"})
    fill(tmp_path / f".my-site.tmp-{running}", {"a": b"busy"})
    write.clean_stale(out)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".my-site.old-{running}", f".my-site.tmp-{running}"]


def test_clean_stale_passes_over_a_running_build_and_goes_on(tmp_path, monkeypatch):
    out = tmp_path / "out"
    running = 4242
    monkeypatch.setattr(write, "_alive", lambda pid: pid == running)
    pids = [DEAD + i for i in range(4)] + [running] + [DEAD + i for i in range(4, 8)]
    for pid in pids:                          # the running one neither first nor last
        fill(tmp_path / f".out.tmp-{pid}", {"a": b"x"})
    fill(out, {"index.html": b"live"})
    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: sorted(
        real_glob(self, pattern), key=lambda p: not p.name.endswith(f"-{running}")))   # it first
    write.clean_stale(out)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.tmp-{running}", "out"]


def test_write_file_gives_up_on_a_folder_that_keeps_vanishing(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    real_open, n = os.open, []

    def never(path, *a):
        n.append(path)
        raise FileNotFoundError(2, "gone again")
    monkeypatch.setattr(write.os, "open", never)
    with pytest.raises(FileNotFoundError):
        write.write_file(root, "a/p", b"new")
    assert len(n) == 5                          # four tries and a last one


def test_write_file_dangling_link_where_a_folder_belongs(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "a").symlink_to(tmp_path / "nowhere")
    write.write_file(root, "a/b/c.html", b"new")
    assert tree(root) == {"a": "/", "a/b": "/", "a/b/c.html": b"new"}
    assert not (tmp_path / "nowhere").exists()


def test_link_file_source_gone_with_its_folder_there(tmp_path, monkeypatch):
    """A published file deleted between its check and its link: said as the file that is
    missing, not as some folder that exists."""
    monkeypatch.setattr(write, "_NO_LINKS", set())
    root = fill(tmp_path / "root", {"a/other": b"x"})
    with pytest.raises(FileNotFoundError):
        write.link_file(tmp_path / "missing", root, "a/f")


def test_stage_racy_kept_file_with_its_bytes_is_reused(tmp_path):
    """Written in the last seconds before its record was closed: its bytes are read and,
    being the recorded ones, it is reused in place."""
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa"})
    out, rec2, kept = publish(tmp_path, {"x.html": b"x"}, live=rec1)
    entry = kept["files"]["a.html"]
    inode = os.lstat(write.kept_dir(out) / "a.html").st_ino
    stage = write.Stage(out, rec2, {"at": entry[1][4], "files": {"a.html": entry}})
    assert stage.reuse("a.html", entry[0]) is True
    assert os.lstat(stage.root / "a.html").st_ino == inode and stage.linked == 0
    stage.abort()


def test_stage_racy_published_file_with_its_bytes_is_linked(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa"})
    entry = rec1["files"]["a.html"]
    stage = write.Stage(out, {"at": entry[1][4], "files": rec1["files"]}, None)
    assert stage.reuse("a.html", entry[0]) is True and stage.linked == 1
    assert os.lstat(stage.root / "a.html").st_ino == os.lstat(out / "a.html").st_ino
    stage.abort()


def test_stage_keeps_the_folders_of_a_deep_reused_file(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a/b/c/d.html": b"d", "a/x.html": b"x"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"q.html": b"q"}, live=rec1)
    kept["at"] = closed_later()
    stage = write.Stage(out, rec2, kept)
    assert stage.reuse("a/b/c/d.html", rec1["files"]["a/b/c/d.html"][0])
    stage.swap()
    assert tree(out) == {"a": "/", "a/b": "/", "a/b/c": "/", "a/b/c/d.html": b"d"}


# ------------------------------------------------------------ the kept folder walked beside other work

class Done:
    """A finished `beside.Beside` (what `Stage` is given as `walked`)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def walks(monkeypatch) -> list:
    return calls(monkeypatch, "_walk")


def test_walk_kept_walks_only_a_kept_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert write.walk_kept(out) is None                        # no kept folder yet
    k = fill(write.kept_dir(out), {"a.html": b"a", "d/b.html": b"b"})
    (k / "link").symlink_to(k / "a.html")
    st = os.lstat(k)
    expected = ((st.st_dev, st.st_ino), {"a.html": write.stamp(os.lstat(k / "a.html")),
                                          "d/b.html": write.stamp(os.lstat(k / "d" / "b.html"))}, ["d"], ["link"])
    assert write.walk_kept(out) == expected
    monkeypatch.chdir(tmp_path)
    assert write.walk_kept(Path("out")) == expected             # a relative output: the same folder
    k.rename(tmp_path / "elsewhere")
    k.symlink_to(tmp_path / "elsewhere")                         # a link is not walked, nor followed
    assert write.walk_kept(out) is None
    k.unlink()
    k.write_bytes(b"a file")
    assert write.walk_kept(out) is None


def _kept_twice(tmp_path):
    out, rec1, _ = publish(tmp_path, {"a.html": b"aaaa", "d/b.html": b"b"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"x.html": b"x"}, live=rec1)
    kept["at"] = closed_later()
    return out, rec1, rec2, kept


def test_stage_takes_the_walk_made_beside_it(tmp_path, monkeypatch):
    out, rec1, rec2, kept = _kept_twice(tmp_path)
    fill(write.kept_dir(out), {"stray.html": b"stray"})
    walked = Done(write.walk_kept(out))
    seen = walks(monkeypatch)
    stage = write.Stage(out, rec2, kept, walked=walked)
    assert seen == [] and stage.reused is True                  # not walked a second time
    assert not (stage.root / "stray.html").exists()             # the walk's stray file: removed
    assert stage.reuse("a.html", rec1["files"]["a.html"][0]) is True and stage.linked == 0
    stage.write("x.html", "kx", b"x2")
    stage.swap()
    assert tree(out) == {"a.html": b"aaaa", "x.html": b"x2"}


def test_stage_walks_again_a_kept_folder_replaced_after_its_walk(tmp_path, monkeypatch):
    """The walk was of another folder than the one the stage took (replaced since by a
    copy holding a stray file): it is not believed, the folder taken is walked, and the
    stray file is not published."""
    import shutil
    out, rec1, rec2, kept = _kept_twice(tmp_path)
    walked = Done(write.walk_kept(out))
    k = write.kept_dir(out)
    k.rename(tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", k, copy_function=os.link)    # the same files, another folder
    fill(k, {"stray.html": b"stray"})
    seen = walks(monkeypatch)
    stage = write.Stage(out, rec2, kept, walked=walked)
    assert len(seen) == 1
    assert not (stage.root / "stray.html").exists()
    stage.write("x.html", "kx", b"x2")
    stage.swap()
    assert tree(out) == {"x.html": b"x2"}


def test_stage_without_a_kept_folder_ignores_the_walk(tmp_path, monkeypatch):
    out, rec1, _ = publish(tmp_path, {"a.html": b"a"})
    seen = walks(monkeypatch)
    stage = write.Stage(out, rec1, None, walked=Done(None))
    assert stage.reused is False and seen == [] and stage.found == {}
    stage.abort()


# ------------------------------------------------------------ the no-op check beside the content scan

def test_intact_print_is_intact_as_a_value(tmp_path):
    out, rec, _ = publish(tmp_path, {"a.html": b"aaaa", "d/b.html": b"b"})
    fp = write.fingerprint(rec)
    assert set(fp["racy"]) == {"a.html", "d/b.html"}            # written just now: checked by bytes
    before = time.time_ns()
    got = write.intact_print(out, fp)
    assert got["racy"] == {} and before <= got["at"] <= time.time_ns()
    assert (got["n"], got["parts"]) == (fp["n"], fp["parts"])
    assert fp["at"] == rec["at"] and set(fp["racy"]) == {"a.html", "d/b.html"}    # the caller's left as it was
    assert write.intact_print(out, got) == got
    (out / "a.html").write_bytes(b"AAAA")
    assert write.intact_print(out, fp) is None
    assert write.intact_print(out, None) is None


# ------------------------------------------------------------ a file of the kept build where a folder is now, and back

def test_stage_a_kept_file_where_the_new_build_puts_a_folder(tmp_path):
    """`static/logo` was a file, it is a folder now: what the build wrote into the folder
    is published (the kept file's removal at the swap took the new folder with it)."""
    out, rec1, _ = publish(tmp_path, {"static/logo": b"a file", "i.html": b"1"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"i.html": b"2"}, live=rec1)
    rec3 = publish(tmp_path, {"i.html": b"3", "static/logo/a.png": b"png"}, live=rec2, kept=kept)[1]
    assert tree(out) == {"i.html": b"3", "static": "/", "static/logo": "/", "static/logo/a.png": b"png"}
    assert set(rec3["files"]) == {"i.html", "static/logo/a.png"}


def test_stage_a_stray_file_where_the_new_build_puts_a_folder(tmp_path):
    out, rec1, rec2, kept = _kept_twice(tmp_path)
    fill(write.kept_dir(out), {"new": b"stray, in no record"})
    publish(tmp_path, {"x.html": b"x", "new/p.html": b"p"}, live=rec2, kept=kept)
    assert tree(out) == {"x.html": b"x", "new": "/", "new/p.html": b"p"}


def test_stage_a_kept_folder_where_the_new_build_puts_a_file(tmp_path):
    out, rec1, rec2, kept = _kept_twice(tmp_path)       # d/b.html kept; d is a file now
    publish(tmp_path, {"x.html": b"x", "d": b"a file"}, live=rec2, kept=kept)
    assert tree(out) == {"x.html": b"x", "d": b"a file"}


@pytest.mark.parametrize("name", ["XXXX", "-", ".hidden", "index.html~"])
def test_stage_swap_removes_unplanned_entries_whatever_their_name(tmp_path, name):
    """What the kept build published and this one does not plan, file or folder, is not
    published again, whatever its name (a stray one no record knows neither)."""
    out, rec1, _ = publish(tmp_path, {name: b"kept", f"{name}.d/{name}": b"kept", "d/b.html": b"b"})
    rec1["at"] = closed_later()
    out, rec2, kept = publish(tmp_path, {"x.html": b"x"}, live=rec1)
    kept["at"] = closed_later()
    fill(write.kept_dir(out), {f"d/{name}/f": b"stray"})
    publish(tmp_path, {"x.html": b"x", "d/b.html": b"b2"}, live=rec2, kept=kept)
    assert tree(out) == {"x.html": b"x", "d": "/", "d/b.html": b"b2"}
