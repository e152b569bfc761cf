#!/usr/bin/env python3
"""The I/O floor of --write: replaces each listed file the way armfix does, with no parsing.

usage: bench/write-floor.py LIST    (LIST: one path per line, the files a fix changes)

Each file's bytes go to a temporary file beside it, which is flushed (fsync) and renamed over
the file, eight files at a time as armfix's writers do. Once every file is renamed, each
directory renamed into is flushed (fsync) once, eight at a time, so that the renames are
durable too, as armfix's are. The bytes are the file's own: what is measured is the file
system's part of an atomic, durable replacement, not the fix.
"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

WRITERS = 8


def stage(path):
    with open(path, "rb") as original:
        data = original.read()
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, "." + name + ".floor")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return temporary


def sync_directory(directory):
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main():
    with open(sys.argv[1], encoding="utf-8") as listing:
        paths = [line.rstrip("\n") for line in listing if line.strip()]
    with ThreadPoolExecutor(WRITERS) as pool:
        temporaries = list(pool.map(stage, paths))
    # Renamed once all are written, as armfix commits only after every file was checked.
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(os.rename, temporaries, paths))
    # Each distinct directory once, after its last rename.
    directories = sorted({os.path.dirname(path) or "." for path in paths})
    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(sync_directory, directories))


if __name__ == "__main__":
    main()
