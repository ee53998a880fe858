# SPDX-License-Identifier: MIT
"""Owners of libudmabuf handles: each closes its handle when the last Python
reference goes (CPython frees at once, no garbage collection needed) or
when closed explicitly."""

from __future__ import annotations

import ctypes
import os
from typing import Optional

from ._lib import check, encode, lib


class DevHandle:
    """An open /dev/<name> (struct udmabuf)."""

    def __init__(self, name: str, flags: int) -> None:
        self._p: Optional[ctypes.c_void_p] = None
        p = ctypes.c_void_p()
        check(lib.udmabuf_open(encode(name), flags, ctypes.byref(p)))
        self._p = p
        self.o_sync = bool(flags & os.O_SYNC)

    @property
    def p(self) -> ctypes.c_void_p:
        if self._p is None:
            raise ValueError("the device is closed")
        return self._p

    def close(self) -> None:
        if self._p is not None:
            lib.udmabuf_close(self._p)
            self._p = None

    def __del__(self) -> None:
        self.close()


class BufHandle:
    """A dma-buf (struct udmabuf_dmabuf): an export or a heap buffer."""

    def __init__(self, p: ctypes.c_void_p) -> None:
        self._p: Optional[ctypes.c_void_p] = p

    @classmethod
    def alloc(cls, heap: str, size: int) -> "BufHandle":
        p = ctypes.c_void_p()
        check(lib.udmabuf_heap_alloc(encode(heap), size, os.O_RDWR, ctypes.byref(p)))
        return cls(p)

    @property
    def p(self) -> ctypes.c_void_p:
        if self._p is None:
            raise ValueError("the dma-buf is closed")
        return self._p

    @property
    def closed(self) -> bool:
        return self._p is None

    def fd(self) -> int:
        return lib.udmabuf_dmabuf_fd(self.p)

    def size(self) -> int:
        return lib.udmabuf_dmabuf_size(self.p)

    def dma_addr(self) -> Optional[int]:
        a = ctypes.c_uint64()
        if lib.udmabuf_dmabuf_dma_addr(self.p, ctypes.byref(a)) < 0:
            return None
        return a.value

    def close(self) -> None:
        if self._p is not None:
            lib.udmabuf_dmabuf_close(self._p)
            self._p = None

    def __del__(self) -> None:
        self.close()


class DmaBuf:
    """A dma-buf file descriptor for other drivers (DRM PRIME, V4L2): ``fd``
    (also ``fileno()``), ``size`` and ``dma_address`` (None for a dma-buf
    u-dma-buf did not export). Closed by :meth:`close`, ``with``, or when
    the last reference goes."""

    def __init__(self, handle: BufHandle) -> None:
        self._h = handle
        self.size: int = handle.size()
        self.dma_address: Optional[int] = handle.dma_addr()

    @property
    def fd(self) -> int:
        return self._h.fd()

    def fileno(self) -> int:
        return self._h.fd()

    def close(self) -> None:
        self._h.close()

    def __enter__(self) -> "DmaBuf":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._h.closed:
            return "<udmabuf.DmaBuf closed>"
        addr = "unknown" if self.dma_address is None else hex(self.dma_address)
        return f"<udmabuf.DmaBuf fd={self.fd} size={self.size} dma_address={addr}>"

    def __reduce__(self) -> None:
        raise TypeError("a udmabuf.DmaBuf cannot be pickled: it is an open file descriptor")
