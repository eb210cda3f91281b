"""How a build treats the memory it fills.

A county's model, its pages' contexts and the write stage's records are millions of small
objects that live as long as the build. Two costs come from that and from nothing the build
computes, and both are avoided here:
- Python's cycle collector walking them again and again while the build runs
  (`collector_paused`);
- freeing them one by one when the build returns and again when the process ends, which
  a command run from the console does not need: the operating system takes the whole
  heap back at once (`leave`, `exit_now`).

The dev server builds for weeks in one process, so it keeps both the collector (after each
build) and the freeing; only a process that ends after its command (`ONE_SHOT`, set by the
command line) leaves its heap to the operating system.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys

ONE_SHOT = False      # the process ends after this command: set by cli.main, never by a server
_LEFT: list = []      # what `leave` holds until `exit_now`


@contextlib.contextmanager
def collector_paused():
    """The cycle collector, run every few hundred allocations, walks the build's objects
    again and again: 35 % of the CPU of a one-record rebuild at 1,600 homes (17.7 s → 11.3 s
    CPU, measured). It is paused for the build (and in the render processes forked from it,
    where it would also copy every shared page of memory it touches), and switched back on
    after, so a dev server that builds for weeks collects its garbage as usual (not at once:
    a full collection there is 90 ms between a save and the reload).

    Not in a one-shot process: the first collection after switching it back on walks every
    object the build made (they are all still "young"), 1.0–1.3 s after a one-record
    rebuild at 100 counties (profiled), for garbage the process's end frees anyway."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was and not ONE_SHOT:
            gc.enable()


def leave(*objects) -> None:
    """In a one-shot process, keep the build's big objects until the process ends, so they
    are never freed one by one. Freeing a 100-county build's model and records when the
    build returned took ≈ 1 s of a 15 s one-record rebuild (profiled); elsewhere (the dev
    server, the tests) this does nothing and they are freed as usual."""
    if ONE_SHOT:
        _LEFT.append(objects)


def exit_now(code: int) -> None:
    """End a one-shot process without the interpreter's clean-up: everything it wrote is
    flushed and closed by then (every file the build writes is closed, and renamed into
    place, before it returns; the kernel has it), so only the freeing of every object is
    skipped, which took ≈ 3 s after a 100-county build (the records the build keeps in
    memory for a next build that never comes, see incremental.MEMORY).

    Under a profiler or a tracer (`python -m cProfile`, coverage) the process exits as
    usual: they write what they measured in the interpreter's clean-up."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
