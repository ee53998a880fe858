# SPDX-License-Identifier: MIT
"""mmap(2) and munmap(2) through libc, so a mapping can be replaced in place
by anonymous memory when its buffer is closed while NumPy views remain."""

from __future__ import annotations

import ctypes
import mmap as _mm
import os

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_long]
_libc.munmap.restype = ctypes.c_int
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]

PAGE = os.sysconf("SC_PAGE_SIZE")
_FAILED = ctypes.c_void_p(-1).value
_MAP_FIXED = 0x10


def map_shared(fd: int, offset: int, length: int, writable: bool = True) -> int:
    """Maps LENGTH bytes of FD at OFFSET (page aligned); returns the address."""
    prot = _mm.PROT_READ | (_mm.PROT_WRITE if writable else 0)
    addr = _libc.mmap(None, length, prot, _mm.MAP_SHARED, fd, offset)
    if addr == _FAILED or addr is None:
        err = ctypes.get_errno()
        raise OSError(err, f"mmap of fd {fd} at {offset:#x} + {length:#x}: "
                      f"{os.strerror(err)}")
    return addr


def detach(addr: int, length: int) -> None:
    """Replaces a mapping by zeroed private memory at the same address: the
    buffer is let go at once, stale views read zeros instead of crashing."""
    new = _libc.mmap(addr, length, _mm.PROT_READ | _mm.PROT_WRITE,
                     _mm.MAP_PRIVATE | _mm.MAP_ANONYMOUS | _MAP_FIXED, -1, 0)
    if new != addr:
        raise OSError(ctypes.get_errno(), "replacing a closed buffer's mapping failed")


def unmap(addr: int, length: int) -> None:
    _libc.munmap(addr, length)
