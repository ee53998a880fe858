# SPDX-License-Identifier: MIT
"""u-dma-buf devices (/dev/<name>) and heap allocations as NumPy arrays."""

from __future__ import annotations

import ctypes
import os
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from ._array import UArray, _export_pages, _Mapping, make_array
from ._handles import BufHandle, DevHandle, DmaBuf
from ._lib import HeapInfo, check, encode, lib

Shape = Union[int, Sequence[int]]


def _shape(shape: Shape) -> Tuple[int, ...]:
    return (int(shape),) if np.isscalar(shape) else tuple(int(s) for s in shape)


class Device:
    """An open u-dma-buf device: ``Device("udmabuf0")`` or a path.

    ``sync=True`` opens it with O_SYNC, so mappings get the cache mode its
    sync_mode selects (uncached by default). Use as a context manager or
    call :meth:`close`; arrays made from it stay valid after either.
    """

    def __init__(self, name: str, sync: bool = False) -> None:
        self._dev: Optional[DevHandle] = DevHandle(name, os.O_RDWR | (os.O_SYNC if sync else 0))
        p = self._h.p
        self.name: str = lib.udmabuf_name(p).decode()
        self.size: int = lib.udmabuf_size(p)
        self.dma_address: int = lib.udmabuf_dma_addr(p)
        self.coherent: bool = bool(lib.udmabuf_is_coherent(p))
        self.quirk_mmap_mode: int = lib.udmabuf_quirk_mmap_mode(p)

    @property
    def _h(self) -> DevHandle:
        if self._dev is None:
            raise ValueError("the device is closed")
        return self._dev

    @property
    def sync_mode(self) -> int:
        """The device's current sync_mode (0..7)."""
        return check(lib.udmabuf_sync_mode(self._h.p))

    def _uncached(self) -> bool:
        mode = self.sync_mode
        if (self._h.o_sync or mode & 4) and mode & 3:
            return True
        return not self.coherent and self.quirk_mmap_mode == 1

    def array(self, dtype: Any = np.uint8, shape: Optional[Shape] = None,
              offset: int = 0) -> UArray:
        """A UArray over the device's bytes from OFFSET: SHAPE of DTYPE, or
        as many DTYPE elements as fit when SHAPE is None."""
        dt = np.dtype(dtype)
        if offset < 0 or offset > self.size:
            raise ValueError(f"{self.name}: offset {offset:#x} is outside the "
                             f"{self.size}-byte buffer")
        shp = _shape(shape) if shape is not None else ((self.size - offset) // dt.itemsize,)
        nbytes = int(np.prod(shp, dtype=np.int64)) * dt.itemsize
        if nbytes <= 0 or offset + nbytes > self.size:
            raise ValueError(f"{self.name}: {shp} of {dt} ({nbytes} bytes) at offset "
                             f"{offset:#x} does not fit the {self.size}-byte buffer")
        m = _Mapping(lib.udmabuf_fd(self._h.p), offset, nbytes, self.dma_address,
                     dev=self._h, uncached=self._uncached())
        return make_array(m, offset, shp, dt)

    def export(self, offset: int = 0, size: int = 0, flags: int = os.O_RDWR) -> DmaBuf:
        """A dma-buf of the page-aligned range (size 0: to the end)."""
        p = ctypes.c_void_p()
        check(lib.udmabuf_export(self._h.p, offset, size, flags, ctypes.byref(p)))
        return DmaBuf(BufHandle(p))

    def sync_for_cpu(self, offset: int = 0, size: int = 0, direction: int = 0) -> None:
        check(lib.udmabuf_sync_for_cpu(self._h.p, offset, size, direction))

    def sync_for_device(self, offset: int = 0, size: int = 0, direction: int = 0) -> None:
        check(lib.udmabuf_sync_for_device(self._h.p, offset, size, direction))

    def close(self) -> None:
        """Lets go of the device; its file closes with the last array made
        from it (arrays sync through it)."""
        self._dev = None

    def __enter__(self) -> "Device":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<udmabuf.Device {self.name} size={self.size} "
                f"dma_address={self.dma_address:#x}>")


def allocate(shape: Shape, dtype: Any = np.uint8, heap: Optional[str] = None,
             cacheable: bool = True) -> UArray:
    """A new zeroed buffer from /dev/dma_heap/HEAP (default "udmabuf") as a
    UArray of SHAPE and DTYPE, freed when the last reference goes.

    ``cacheable=False`` maps it uncached through its device, which only a
    u-dma-buf sub-heap (a heap named after its device) has; the main heap's
    buffers are always cached (call flush()/invalidate()).
    """
    dt = np.dtype(dtype)
    shp = _shape(shape)
    nbytes = int(np.prod(shp, dtype=np.int64)) * dt.itemsize
    if nbytes <= 0:
        raise ValueError(f"allocate: {shp} of {dt} is {nbytes} bytes")
    heap = heap or "udmabuf"
    buf = BufHandle.alloc(heap, nbytes)
    if cacheable:
        m = _Mapping(buf.fd(), 0, nbytes, buf.dma_addr(), buf=buf)
        return make_array(m, 0, shp, dt)
    return _allocate_uncached(buf, heap, nbytes, shp, dt)


def _allocate_uncached(buf: BufHandle, heap: str, nbytes: int, shp: Tuple[int, ...],
                       dt: np.dtype) -> UArray:
    info = HeapInfo()
    if lib.udmabuf_heap_info(encode(heap), ctypes.byref(info)) or not info.subheap:
        buf.close()
        raise ValueError(f"allocate: heap {heap!r} has no device to map it uncached "
                         "through; cacheable=False needs a u-dma-buf sub-heap")
    addr, off = ctypes.c_uint64(), ctypes.c_uint64()
    check(lib.udmabuf_fd_dma_addr(buf.fd(), ctypes.byref(addr), None, ctypes.byref(off)))
    dev = DevHandle(heap, os.O_RDWR | os.O_SYNC)
    dma = lib.udmabuf_dma_addr(dev.p)
    m = _Mapping(lib.udmabuf_fd(dev.p), off.value, nbytes, dma, dev=dev, buf=buf,
                 uncached=True)
    return make_array(m, off.value, shp, dt)


__all__ = ["Device", "allocate", "_export_pages"]
