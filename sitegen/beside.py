"""Work done on the second core while the build goes on.

A build stats every content file (to know what changed); one that finds nothing changed
then stats every published file (to know that nobody edited one by hand); one that finds
a change loads every home while the write stage needs the stat of every file in the kept
folder. A walk is system calls under the interpreter's lock, so threads take as long as
doing them one after the other (measured: 1.74–2.01 s against 1.42 s for the no-op at 100
counties). A forked process does not share the lock: `Beside(fn, *args)` runs `fn(*args)`
in one, and `result()` hands back its value, sent back pickled through a pipe.

The two walks that every build makes are shared by halves (`half`: the homes, and the
photos of the output, by their names): the forked process walks one half while this one
walks the other, so a build that changed something pays for half the content walk, not
for a check of the published folder it will not use (100 counties: 0.55 s -> 0.30 s).

Forking is safe only where no other thread may hold a lock the child needs (the dev
server's threads hash files and serve requests), so it is used only in a process with
one thread on a system that forks; elsewhere, and whenever the child fails for any
reason, `result()` runs `fn` itself, then. The answer is the same either way: the child
is this process as it was, running the same function on the same folders.
"""
from __future__ import annotations

import os
import threading
import zlib

FORK = os.name == "posix"        # tests set it to False to follow the in-process path

# A fork and its answer cost 3 ms from a fresh process, 18 ms from one holding 300 MB
# more; a walk costs about 10 µs a file (100 counties: 76,815 files in 0.8–1.1 s). Below
# this many files in the output, the walk is done here.
FROM_FILES = 5000


def half(name: str) -> int:
    """Which of two processes takes the entry `name` of a folder whose entries they share
    (the homes of the content, the homes and photos of the output): by a hash of the name,
    so both agree whatever order their listings come in."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) & 1


def worth(files) -> bool:
    """Is walking an output of `files` files (the last record's count, read back from the
    cache: anything but an int says no) worth a process?"""
    return type(files) is int and files >= FROM_FILES


def _child(conn, fn, args) -> None:
    """Nothing escapes: an error (or an answer that cannot be pickled) is told as "no
    answer", and the parent runs `fn` itself, where an error is reported as any."""
    try:
        conn.send((True, fn(*args)))
    except BaseException:
        try:
            conn.send((False, None))
        except BaseException:
            pass
    finally:
        conn.close()


class Beside:
    """`fn(*args)`, started now in a forked process when that is safe (and `fork`: not
    worth a process when the caller knows the answer is instant), else run by `result()`.
    As a context manager, the child is stopped on leaving unless its answer was taken."""

    def __init__(self, fn, *args, fork: bool = True):
        self.fn, self.args = fn, args
        self.proc = self.conn = None
        if fork and FORK and threading.active_count() == 1:
            import multiprocessing
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe(duplex=False)
            self.proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
            try:
                self.proc.start()
            except OSError:             # no process to spare: done here, when asked
                self.conn.close()
                self.proc = self.conn = None
            finally:
                child.close()

    def result(self):
        if self.proc is not None:
            try:
                ok, value = self.conn.recv()
            except (EOFError, OSError, ValueError, TypeError):   # the child died: no answer
                ok, value = False, None
            self._end()
            if ok:
                return value
        return self.fn(*self.args)

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *_exc) -> None:
        self.cancel()

    def cancel(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self._end()

    def _end(self) -> None:
        self.proc.join()
        self.conn.close()
        self.proc = self.conn = None
