"""Faults of the disk and odd files end in a located message, never a traceback or a hang
(issue 13, part 4), and the write stage works without POSIX-only calls (issue 14, part 5).

Each fault is forced at a chosen point by making an os function raise its errno. The
state after it must be consistent: the new build published and exit 0 (a fault while
saving the cache), or nothing changed and exit 1 (any fault before the swap).
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CASES, ROOT, tree_hash
from sitegen import incremental as I
from sitegen import cli, write
from sitegen.build import build
from sitegen.problems import ContentError

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, content)
    I.MEMORY.clear()
    return content


def _edit(content: Path) -> None:
    home = content / "homes/demo/home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("示范乡", "样板乡", 1), encoding="utf-8")


def _no_leftovers(out: Path) -> None:
    assert not list(out.parent.glob(f".{out.name}.tmp-*"))
    assert not list(out.parent.glob(f".{out.name}.old-*"))


def _raiser(real, err_no: int, when):
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        target = str(args[-1] if args else "")
        if when(calls["n"], target):
            raise OSError(err_no, os.strerror(err_no), target)
        return real(*args, **kwargs)
    return fake


def _cli(args: list[str]):
    result = CliRunner().invoke(cli.main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}"
    return result


@pytest.mark.parametrize("err_no, word", [(errno.ENOSPC, "磁盘已满"), (errno.EROFS, "没有权限读写"),
                                          (errno.EACCES, "没有权限读写"), (errno.EIO, "读写")])
@pytest.mark.parametrize("point", ["stage", "page", "media", "swap"])
def test_fault_before_the_swap_changes_nothing(site, tmp_path, monkeypatch, err_no, word, point):
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    before = tree_hash(out)
    _edit(site)
    I.MEMORY.clear()
    if point == "stage":      # the output's parent is read-only / full: no staging folder
        monkeypatch.setattr(write.Path, "mkdir", _raiser(write.Path.mkdir, err_no,
                            lambda n, t: True))
    elif point == "page":     # the 5th file written
        real = write.write_file
        count = {"n": 0}

        def page(root, rel, data):
            count["n"] += 1
            if count["n"] == 5:
                raise OSError(err_no, os.strerror(err_no), str(root / rel))
            return real(root, rel, data)
        monkeypatch.setattr(write, "write_file", page)
    elif point == "media":    # writing a photo of the stage
        real = write.write_file

        def media(root, rel, data):
            if rel.startswith("media/"):
                raise OSError(err_no, os.strerror(err_no), str(root / rel))
            return real(root, rel, data)
        monkeypatch.setattr(write, "write_file", media)
        shutil.rmtree(out / "media")      # so the photos are written anew
        before = tree_hash(out)
    else:                     # the rename that publishes
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
        monkeypatch.setattr(write.os, "rename", _raiser(os.rename, err_no,
                            lambda n, t: n == 2))
    result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters", "-j", "1"])
    assert result.exit_code == 1, result.output
    assert word in result.output and "原来的输出没有改动" in result.output
    named = str(tmp_path) if point == "stage" else str(out)   # located: the path is named
    assert named in result.output
    assert "Traceback" not in result.output
    assert tree_hash(out) == before
    _no_leftovers(out)
    monkeypatch.undo()
    I.MEMORY.clear()
    build(site, out, posters=False, jobs=1)                 # and the next build just works
    assert tree_hash(out) != before


def test_english_fault_message(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(write.Path, "mkdir", _raiser(write.Path.mkdir, errno.ENOSPC,
                        lambda n, t: True))
    result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters", "--lang", "en"])
    assert result.exit_code == 1
    assert "the disk is full" in result.output and "previous output is unchanged" in result.output


@pytest.mark.parametrize("err_no", [errno.ENOSPC, errno.EROFS])
def test_fault_after_the_swap_publishes_and_warns(site, tmp_path, monkeypatch, err_no):
    """The site is swapped in; then saving the cache fails: exit 0, published, one warning."""
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    _edit(site)
    I.MEMORY.clear()
    ref_dir = tmp_path / "ref"
    build(site, ref_dir, posters=False, cache=tmp_path / "ref-cache", jobs=1)
    real = os.replace
    monkeypatch.setattr(os, "replace", _raiser(real, err_no, lambda n, t: ".sitegen-cache" in t))
    result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "缓存文件夹" in result.output and "网站已正常生成" in result.output
    assert result.output.count("缓存文件夹") == 1
    assert tree_hash(out) == tree_hash(ref_dir)
    _no_leftovers(out)
    monkeypatch.undo()
    build(site, out, posters=False, jobs=1)
    assert tree_hash(out) == tree_hash(ref_dir)


def test_read_only_cache_folder_still_builds(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    monkeypatch.setattr(os, "replace", _raiser(os.replace, errno.EROFS, lambda n, t: str(cache) in t))
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **k):
        if str(self).startswith(str(cache)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_mkdir(self, *a, **k)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    report = build(site, out, posters=False, cache=cache, jobs=1)
    assert (out / "index.html").is_file()
    assert [p.code for p in report.problems if p.code.startswith("cache_")] == ["cache_unwritable"]


# ------------------------------------------------------------------ odd files


def _run(args: list[str], timeout: float):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, env=env)


def test_fifo_and_device_under_content_are_skipped(site, tmp_path):
    os.mkfifo(site / "homes/demo/teams/team-a/photos/stray.jpg")
    os.symlink("/dev/zero", site / "homes/demo/zero.bin")        # an endless device file
    out = tmp_path / "out"
    started = time.perf_counter()
    result = _run(["build", "-c", str(site), "-o", str(out), "--no-posters"], timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.perf_counter() - started < 60
    text = result.stdout + result.stderr
    assert "homes/demo/teams/team-a/photos/stray.jpg" in text and "不是普通文件" in text
    assert "homes/demo/zero.bin" in text
    assert "Traceback" not in text


def test_fifo_where_a_record_belongs_is_an_error_not_a_hang(site, tmp_path):
    os.mkfifo(site / "homes/demo/teams/team-a/results/2024-09-pipe.md")
    result = _run(["build", "-c", str(site), "-o", str(tmp_path / "out"), "--no-posters"],
                  timeout=60)
    assert result.returncode == 1
    text = result.stdout + result.stderr
    assert "homes/demo/teams/team-a/results/2024-09-pipe.md" in text and "错误" in text
    assert "Traceback" not in text
    assert not (tmp_path / "out").exists()


def test_huge_stray_file_is_hashed_by_streaming(site, tmp_path):
    """A 1.5 GB file under content/ (a video copied by mistake): memory stays flat."""
    big = site / "homes/demo/teams/team-a/photos/video.mp4"
    with open(big, "wb") as f:
        f.truncate(1536 * 1024 * 1024)      # sparse: costs no disk
    # VmHWM, not ru_maxrss: the latter keeps the forking pytest process's peak across exec.
    code = ("import re; from pathlib import Path; from sitegen.build import build;"
            f"build(Path({str(site)!r}), Path({str(tmp_path / 'out')!r}), posters=False, jobs=1);"
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rss_mb = int(done.stdout.split()[-1]) / 1024
    print(f"\nmax RSS with a 1.5 GB stray file: {rss_mb:.0f} MB")
    assert rss_mb < 300


# ------------------------------------------------------------------ Windows-like write stage


def test_swap_without_renameat2(site, tmp_path, monkeypatch):
    """No renameat2 (Windows, macOS): two renames, same result, nothing left behind."""
    monkeypatch.setattr(write, "_libc", None)
    monkeypatch.setattr(write.ctypes, "CDLL", lambda *a, **k: (_ for _ in ()).throw(OSError("no libc")))
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    _edit(site)
    I.MEMORY.clear()
    ref = tmp_path / "ref"
    build(site, ref, posters=False, cache=tmp_path / "c2", jobs=1)
    renames = []
    real = os.rename
    monkeypatch.setattr(write.os, "rename", lambda a, b: (renames.append((a, b)), real(a, b))[1])
    build(site, out, posters=False, jobs=1)
    # output → .old, stage → output; then .old is kept for the next build to update
    names = [(Path(a).name, Path(b).name) for a, b in renames]
    assert names[-3:] == [("out", f".out.old-{os.getpid()}"), (names[-2][0], "out"),
                          (f".out.old-{os.getpid()}", ".out.kept")], names
    assert names[-2][0].startswith(".out.tmp-") or names[-2][0] == ".out.kept"
    assert tree_hash(out) == tree_hash(ref)
    _no_leftovers(out)


def test_killed_between_the_two_renames_recovers(site, tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    before = tree_hash(out)
    # What a kill between the renames leaves: output gone, previous build in .old-<pid>.
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    os.rename(out, out.parent / f".{out.name}.old-{dead.pid}")
    (out.parent / f".{out.name}.tmp-{dead.pid}").mkdir()
    assert not out.exists()
    write.clean_stale(out.resolve())
    assert tree_hash(out) == before           # the previous build is back, first thing
    _no_leftovers(out)
    I.MEMORY.clear()
    build(site, out, posters=False, jobs=1)
    _no_leftovers(out)


def test_hard_links_refused_falls_back_to_copies(site, tmp_path, monkeypatch):
    """FAT32/exFAT: os.link raises EPERM. Incremental builds copy instead, same output."""
    calls = {"n": 0}

    def no_link(src, dst, *a, **k):
        calls["n"] += 1
        raise PermissionError(errno.EPERM, "Operation not permitted", str(dst))
    monkeypatch.setattr(write.os, "link", no_link)
    monkeypatch.setattr(write, "_NO_LINKS", set())     # this process's memory of refusals
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    _edit(site)
    I.MEMORY.clear()
    report = build(site, out, posters=False, jobs=1)
    assert report.rendered < report.pages        # reused files were copied, not rendered
    assert calls["n"] == 1                       # one refusal, then copies without trying
    ref = tmp_path / "ref"
    build(site, ref, posters=False, cache=tmp_path / "c2", jobs=1)
    assert tree_hash(out) == tree_hash(ref)


def test_file_system_without_times_and_modes(site, tmp_path, monkeypatch):
    """Found on a FAT image (fusefat): utime/chmod fail with ENOSYS. Copies are bytes only."""
    def nosys(*a, **k):
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(a[0]) if a else "")
    for name in ("utime", "chmod", "chflags"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, nosys)
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)
    assert (out / "static" / "site.css").is_file()


# ------------------------------------------------------------------ real disks (root only)


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _can_mount(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount") or not _mount("-t", "tmpfs", "none", str(probe)):
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


def test_real_full_disk(site, tmp_path):
    """A real ENOSPC: a 2 MB tmpfs filled up after the first build."""
    if not _can_mount(tmp_path):
        pytest.skip("mounting needs root; ENOSPC is forced by monkeypatching above")
    disk = tmp_path / "small"
    disk.mkdir()
    assert _mount("-t", "tmpfs", "-o", "size=2m", "none", str(disk))
    try:
        out, cache = disk / "out", disk / "cache"
        build(site, out, posters=False, cache=cache, jobs=1)
        before = tree_hash(out)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        _edit(site)
        I.MEMORY.clear()
        result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters", "-j", "1"])
        text = result.output
        assert result.exit_code == 1 and "磁盘已满" in text and str(disk) in text, text
        assert "Traceback" not in text
        assert tree_hash(out) == before
        _no_leftovers(out)
        filler.unlink()
        result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters", "-j", "1"])
        assert result.exit_code == 0, result.output
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_real_read_only_output_parent(site, tmp_path):
    if not _can_mount(tmp_path):
        pytest.skip("mounting needs root; EROFS is forced by monkeypatching above")
    folder, ro = tmp_path / "folder", tmp_path / "ro"
    folder.mkdir()
    ro.mkdir()
    assert _mount("--bind", str(folder), str(ro))
    try:
        assert _mount("-o", "remount,ro,bind", str(ro))
        result = _cli(["build", "-c", str(site), "-o", str(ro / "out"), "--no-posters"])
        assert result.exit_code == 1
        assert "没有权限读写" in result.output and str(ro) in result.output
        assert "Traceback" not in result.output
        assert not list(folder.iterdir())
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True)


def test_check_does_not_hang_on_a_fifo(site):
    os.mkfifo(site / "homes/demo/teams/team-a/photos/stray.jpg")
    result = _run(["check", "-c", str(site)], timeout=60)
    assert result.returncode == 0 and "stray.jpg" in result.stdout + result.stderr
    os.mkfifo(site / "homes/demo/teams/team-a/results/2024-09-pipe.md")
    result = _run(["check", "-c", str(site)], timeout=60)
    assert result.returncode == 1
    assert "2024-09-pipe.md" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_posters_command_on_a_full_disk(site, tmp_path, monkeypatch):
    from sitegen import posters
    out = tmp_path / "out"

    build(site, out, posters=False, jobs=1)
    before = tree_hash(out)
    real = write.write_file

    def full(root, rel, data):
        if rel.endswith(".pdf"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(Path(root) / rel))
        return real(root, rel, data)
    monkeypatch.setattr(write, "write_file", full)
    result = _cli(["posters", "-c", str(site), "-o", str(out), "--home", "demo", "-j", "1"])
    assert result.exit_code == 1
    assert "磁盘已满" in result.output and str(out / "homes") in result.output
    assert "Traceback" not in result.output
    assert tree_hash(out) == before           # through the stage: the live output untouched
    _no_leftovers(out)


def test_stale_folders_on_windows_never_kill_a_process(tmp_path, monkeypatch):
    """On Windows `os.kill(pid, 0)` terminates the process: the liveness probe there asks
    the kernel (OpenProcess/GetExitCodeProcess) and never calls os.kill."""
    import ctypes

    class Kernel32:
        def __init__(self, running):
            self.running, self.closed = running, 0

        def OpenProcess(self, access, inherit, pid):
            return pid if pid in self.running or pid == 999 else 0

        def GetExitCodeProcess(self, handle, code_ref):
            ctypes.cast(code_ref, ctypes.POINTER(ctypes.c_ulong))[0] = 259 if handle in self.running else 0
            return 1

        def CloseHandle(self, handle):
            self.closed += 1
    kernel = Kernel32(running={4242})
    monkeypatch.setattr(write, "_WINDOWS", True)
    monkeypatch.setattr(write.ctypes, "windll", type("W", (), {"kernel32": kernel})(), raising=False)
    monkeypatch.setattr(write.os, "kill", lambda *a: pytest.fail("os.kill called on Windows"))
    out = tmp_path / "out"
    out.mkdir()
    for pid in (4242, 999, 31337):          # running, exited (handle still open), gone
        (tmp_path / f".out.tmp-{pid}").mkdir()
    write.clean_stale(out)
    assert sorted(p.name for p in tmp_path.glob(".out.*")) == [".out.tmp-4242"]
    assert kernel.closed == 2


def test_output_is_a_file(site, tmp_path):
    out = tmp_path / "out"
    out.write_text("a file the clerk keeps", encoding="utf-8")
    result = _cli(["build", "-c", str(site), "-o", str(out), "--no-posters"])
    assert result.exit_code == 1
    assert "是一个文件，不是文件夹" in result.output and str(out) in result.output
    assert out.read_text(encoding="utf-8") == "a file the clerk keeps"
    _no_leftovers(out)
