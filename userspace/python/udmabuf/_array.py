# SPDX-License-Identifier: MIT
"""NumPy arrays over u-dma-buf memory.

A :class:`_Mapping` is one mmap of a device range or of a dma-buf. The
arrays over it reach it twice: their ``base`` chain ends in a ctypes array
whose ``owner`` is the mapping, and each array's ``_ub`` names it. Nothing
refers back, so there is no cycle: when the last array (or view, or slice)
goes, CPython unmaps and closes at once.

flush() and invalidate() are the hot path. What they send is worked out
once per array, on first use (a :class:`_Sync`: the library's packed range
command from udmabuf_sync_ioctl(), or the kernel's DMA_BUF_IOCTL_SYNC for
a dma-buf). For a device range, ``arr.flush`` is then a slot holding
``functools.partial(fcntl.ioctl, fd, request, arg, True)``: calling it
runs no Python code at all, which cuts what a sync costs over the bare
ioctl to a third. Until then the slot is empty and ``__getattr__`` plans. The
mapping keeps these partials in a WeakSet and disarms them when it closes
or goes (they raise ValueError from then on: ``f = arr.flush`` may be kept
after arr), so none ever reaches a reused fd number. A dma-buf's sync, and any range one ioctl cannot carry, go through
_send(), which takes the library's call, and its error, when the ioctl
fails. Creating a view stays cheap (arr[:] = x makes one): it plans
nothing.
"""

from __future__ import annotations

import ctypes
import fcntl
import functools
import os
import sys
import weakref
from typing import Any, Callable, NoReturn, Optional, Tuple

import numpy as np

from . import _mmap
from ._handles import BufHandle, DevHandle, DmaBuf
from ._lib import (ACCESS_RW, DIR_FROM_DEVICE, DIR_TO_DEVICE, check, lib)


# <linux/dma-buf.h>
_DMA_BUF_IOCTL_SYNC = 0x40086200                # _IOW('b', 0, struct dma_buf_sync)
_DMA_BUF_SYNC_RW, _DMA_BUF_SYNC_START, _DMA_BUF_SYNC_END = 3, 0, 4
_ioctl = fcntl.ioctl


# fcntl.ioctl(fd, req, buf, True) copies a mutable buffer of up to 1024
# bytes (CPython's IOCTL_BUFSZ) in and out around the call, and hands a longer
# one to the kernel in place: a quarter of the call's cost in Python.
_ARG_LEN = 1025


def _arg(value: int) -> bytearray:
    """The 64-bit argument of an ioctl, for fcntl.ioctl(fd, req, arg, True):
    its first 8 bytes, in a buffer long enough to be passed in place."""
    return bytearray(value.to_bytes(8, sys.byteorder)).ljust(_ARG_LEN, b"\0")


def _closed() -> NoReturn:
    raise ValueError("the u-dma-buf buffer is closed")


def _send(m: "_Mapping", req: Optional[int], arg: bytearray, lo: int, hi: int,
          for_device: bool) -> None:
    """A sync the library may have to make: the ioctl REQ with ARG, and
    when there is none or it fails, the library's call (which raises its
    error, or retries an interrupted DMA_BUF_IOCTL_SYNC)."""
    if req is not None:
        try:
            _ioctl(m.fd, req, arg, True)
            return
        except (OSError, ValueError):
            pass                # closed (fd -1), or it failed: the library says why
    m.sync(lo, hi, for_device)


class _Sync:
    """What flush() and invalidate() of the bytes [lo, hi) of a mapping send:
    an ioctl request and its argument for each, worked out once per array
    (None where the library's call is needed: an empty range, or a device
    range one ioctl cannot carry), and the callables that send them."""

    __slots__ = ("m", "lo", "hi", "flush_req", "flush_arg", "inval_req", "inval_arg",
                 "flush", "invalidate")

    def __init__(self, m: "_Mapping", lo: int, hi: int) -> None:
        self.m, self.lo, self.hi = m, lo, hi
        self.flush_req: Optional[int] = None
        self.inval_req: Optional[int] = None
        self.flush_arg = self.inval_arg = bytearray(8)
        if hi > lo:
            self.flush_req, self.flush_arg = m.sync_ioctl(lo, hi, True)
            self.inval_req, self.inval_arg = m.sync_ioctl(lo, hi, False)
        self.flush = self._sender(self.flush_req, self.flush_arg, True)
        self.invalidate = self._sender(self.inval_req, self.inval_arg, False)

    def _sender(self, req: Optional[int], arg: bytearray,
                for_device: bool) -> Callable[[], None]:
        m = self.m
        if req is None or m.dev is None:
            return functools.partial(_send, m, req, arg, self.lo, self.hi, for_device)
        direct = functools.partial(_ioctl, m.fd, req, arg, True)
        m.arm(direct)
        return direct


class _Mapping:
    __slots__ = ("maplen", "addr", "start", "dma_base", "dev", "buf", "uncached", "closed",
                 "export", "fd", "armed")

    def __init__(self, fd: int, offset: int, length: int, dma_base: Optional[int],
                 dev: Optional[DevHandle] = None, buf: Optional[BufHandle] = None,
                 uncached: bool = False) -> None:
        start = offset - offset % _mmap.PAGE
        self.maplen = max(offset - start + length, 1)
        self.addr = _mmap.map_shared(fd, start, self.maplen)
        self.start = start                  # the object offset of addr
        self.dma_base = None if dma_base is None else dma_base + start
        self.dev, self.buf, self.uncached = dev, buf, uncached
        self.closed = False
        self.export: Optional[DmaBuf] = None
        self.fd = fd                        # what syncs go to; -1 once closed
        self.armed: Optional[weakref.WeakSet[Any]] = None

    def arm(self, direct: Any) -> None:
        """Registers a partial of fcntl.ioctl on self.fd, for close() to disarm."""
        if self.armed is None:
            self.armed = weakref.WeakSet()
        self.armed.add(direct)

    def disarm(self) -> None:
        """Makes every partial arm() registered raise ValueError: self.fd
        is about to be closed, and its number may go to another file."""
        for direct in list(self.armed or ()):
            direct.__setstate__((_closed, (), None, None))

    def contains(self, lo: int, hi: int) -> bool:
        return self.addr <= lo <= hi <= self.addr + self.maplen

    def check_open(self) -> None:
        if self.closed:
            raise ValueError("the u-dma-buf buffer is closed")

    def dma_of(self, ptr: int) -> int:
        self.check_open()
        if self.dma_base is None:
            raise ValueError("this dma-buf's DMA address is not known (not a u-dma-buf heap)")
        return self.dma_base + (ptr - self.addr)

    def sync(self, lo: int, hi: int, for_device: bool) -> None:
        """Syncs [lo, hi) through the library (which raises its error)."""
        self.check_open()
        if hi <= lo:
            return
        if self.dev is not None:
            fn = lib.udmabuf_sync_for_device if for_device else lib.udmabuf_sync_for_cpu
            check(fn(self.dev.p, self.start + (lo - self.addr), hi - lo,
                     DIR_TO_DEVICE if for_device else DIR_FROM_DEVICE))
        elif self.buf is not None:
            fn = (lib.udmabuf_dmabuf_end_cpu_access if for_device
                  else lib.udmabuf_dmabuf_begin_cpu_access)
            check(fn(self.buf.p, ACCESS_RW))

    def sync_ioctl(self, lo: int, hi: int, for_device: bool) -> Tuple[Optional[int], bytearray]:
        """The one ioctl sync(lo, hi, for_device) makes: the library's
        packed range command for a device, DMA_BUF_IOCTL_SYNC for a dma-buf
        (the kernel's ABI); (None, ...) when it takes more than one."""
        self.check_open()
        if self.dev is None:
            edge = _DMA_BUF_SYNC_END if for_device else _DMA_BUF_SYNC_START
            return _DMA_BUF_IOCTL_SYNC, _arg(edge | _DMA_BUF_SYNC_RW)
        req, arg = ctypes.c_ulong(), ctypes.c_uint64()
        if lib.udmabuf_sync_ioctl(self.dev.p, self.start + (lo - self.addr), hi - lo,
                                  DIR_TO_DEVICE if for_device else DIR_FROM_DEVICE,
                                  int(for_device), ctypes.byref(req), ctypes.byref(arg)):
            return None, bytearray(8)       # sync() reports it, or takes the long way
        return req.value, _arg(arg.value)

    def read(self, lo: int, hi: int) -> bytes:
        """The bytes [lo, hi) through read(2): safe on uncached memory."""
        assert self.dev is not None
        return os.pread(lib.udmabuf_fd(self.dev.p), hi - lo, self.start + (lo - self.addr))

    def dmabuf(self) -> DmaBuf:
        self.check_open()
        if self.export is None:
            if self.buf is not None:
                self.export = DmaBuf(_import(self.buf.fd()))
            else:
                self.export = _export_pages(self.dev, self.start, self.maplen)
        return self.export

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.fd = -1
        self.disarm()
        if self.export is not None:
            self.export.close()
        _mmap.detach(self.addr, self.maplen)
        if self.buf is not None:
            self.buf.close()
        self.dev = self.buf = None

    def __del__(self) -> None:
        self.disarm()                       # a kept ``f = arr.flush`` outlives us
        if not self.closed and self.buf is not None:
            self.buf.close()
        if self.export is not None:
            self.export.close()
        _mmap.unmap(self.addr, self.maplen)


def _import(fd: int) -> BufHandle:
    p = ctypes.c_void_p()
    check(lib.udmabuf_dmabuf_import(fd, ctypes.byref(p)))
    return BufHandle(p)


def _export_pages(dev: Optional[DevHandle], offset: int, length: int,
                  flags: int = os.O_RDWR) -> DmaBuf:
    """An export of the pages holding [offset, offset + length) of DEV."""
    assert dev is not None
    size = lib.udmabuf_size(dev.p)
    start = offset - offset % _mmap.PAGE
    end = min(-(-(offset + length) // _mmap.PAGE) * _mmap.PAGE, size)
    p = ctypes.c_void_p()
    check(lib.udmabuf_export(dev.p, start, end - start, flags, ctypes.byref(p)))
    return DmaBuf(BufHandle(p))


def make_array(m: _Mapping, offset: int, shape: Tuple[int, ...], dtype: Any) -> "UArray":
    """A UArray of SHAPE and DTYPE at OFFSET bytes into the mapping."""
    carray = (ctypes.c_char * m.maplen).from_address(m.addr)
    carray.owner = m  # type: ignore[attr-defined]
    arr = np.ndarray.__new__(UArray, shape, dtype=dtype, buffer=carray,
                             offset=offset - m.start)
    arr._ub = m
    return arr


def _forgets_sync(name: str) -> Any:
    """ndarray's attribute NAME, which when set makes the array work out its
    syncs again."""
    attr = getattr(np.ndarray, name)

    def set_(self: "UArray", value: Any) -> None:
        attr.__set__(self, value)
        self._unplan()
    return property(attr.__get__, set_, doc=attr.__doc__)


class UArray(np.ndarray):
    """A numpy.ndarray over u-dma-buf memory (a device range or a dma-buf).

    Views and slices are UArrays too, keep the buffer alive and know their
    own addresses: ``buf[4096:].dma_address == buf.dma_address + 4096``.
    Arrays computed from one (``buf + 1``) are ordinary memory: their
    ``dma_address`` raises ValueError.
    """

    __slots__ = {
        "_ub": "the mapping the array lies in, or None",
        "_sync": "what flush() and invalidate() send, once worked out",
        "flush": """flush(): gives exactly this array's bytes to the device (sync
        for device) after the CPU wrote them. A dma-buf mapping ends CPU
        access to the whole dma-buf (DMA_BUF_IOCTL_SYNC).""",
        "invalidate": """invalidate(): gives exactly this array's bytes to the CPU
        (sync for cpu) before it reads what the device wrote.""",
    }
    _ub: Optional[_Mapping]
    _sync: Optional[_Sync]
    # flush() and invalidate() are slots, filled on first use (__getattr__)
    flush: Callable[[], None]
    invalidate: Callable[[], None]

    def __array_finalize__(self, obj: Optional[np.ndarray]) -> None:
        # Every view NumPy makes passes here, even the one inside arr[:] = x,
        # so a view of a UArray (its base is that array, or that array's
        # base) takes the mapping without a look at its bytes. Anything else
        # made from one keeps it only when it lies inside: a copy (base None)
        # never does, nor does arr + 1 (a UArray view of a new ndarray).
        m = getattr(obj, "_ub", None)
        base = self.base
        if m is not None and base is not obj and base is not obj.base:
            if base is None or not m.contains(*np.byte_bounds(self)):
                m = None
        self._ub = m
        self._sync = None

    def __getattr__(self, name: str) -> Any:
        # only reached for what the array lacks: flush and invalidate
        # before their first use
        if name not in ("flush", "invalidate"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        s = self._sync or self._plan()
        self.flush, self.invalidate = s.flush, s.invalidate
        return s.flush if name == "flush" else s.invalidate

    def _unplan(self) -> None:
        self._sync = None
        for slot in (UArray.flush, UArray.invalidate):
            try:
                slot.__delete__(self)       # type: ignore[attr-defined]
            except AttributeError:
                pass                        # not filled yet

    # the two ways to point an array at other bytes in place
    strides = _forgets_sync("strides")
    data = _forgets_sync("data")

    def _span(self) -> Tuple[_Mapping, int, int]:
        """The mapping and the bytes [lo, hi) the array covers (of a
        non-contiguous one, the range from its first to its last byte)."""
        m = self._ub
        if m is not None:
            lo, hi = np.byte_bounds(self)
            if m.contains(lo, hi):
                return m, lo, hi
        raise ValueError("this array is not in u-dma-buf memory")

    def _m(self) -> _Mapping:
        return self._span()[0]

    def _plan(self) -> _Sync:
        m, lo, hi = self._span()
        self._sync = _Sync(m, lo, hi)
        return self._sync

    @property
    def dma_address(self) -> int:
        """DMA address of the array's first element (what a device is given)."""
        return self._m().dma_of(self.__array_interface__["data"][0])

    @property
    def physical_address(self) -> int:
        """Alias of :attr:`dma_address` (PYNQ's name; it is a DMA address)."""
        return self.dma_address

    def dmabuf_fd(self) -> int:
        """A dma-buf fd holding this array's memory: the heap buffer itself,
        or an export of the device pages under the mapping (made once). It
        belongs to the buffer and closes with it: os.dup() it to keep it."""
        return self._m().dmabuf().fd

    def export(self, flags: int = os.O_RDWR) -> DmaBuf:
        """A new dma-buf of the pages under this array (device memory), or
        of the whole heap buffer; close it yourself or use ``with``."""
        m, lo, hi = self._span()
        m.check_open()
        if m.dev is None:
            assert m.buf is not None
            return DmaBuf(_import(m.buf.fd()))
        return _export_pages(m.dev, m.start + (lo - m.addr), max(hi - lo, 1), flags)

    def close(self) -> None:
        """Frees the buffer now. Other views of it read zeros afterwards and
        have no address; the device can be deleted at once."""
        self._m().close()

    def __enter__(self) -> "UArray":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self) -> NoReturn:
        raise TypeError("u-dma-buf arrays cannot be pickled: they are device memory; "
                        "pickle numpy.array(arr) (a copy) instead")

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        self.__reduce__()

    def __deepcopy__(self, memo: Any) -> np.ndarray:
        return np.array(self._safe(), copy=True)

    def _safe(self) -> np.ndarray:
        """The values as an ordinary array, read with read(2) from uncached
        memory (where NumPy's unaligned or vector loads could fault)."""
        plain = self.view(np.ndarray)
        m = self._ub
        if m is None or m.closed or not m.uncached or m.dev is None:
            return plain
        try:
            m, lo, hi = self._span()
        except ValueError:
            return plain
        first = self.__array_interface__["data"][0]
        return np.ndarray(self.shape, self.dtype, buffer=m.read(lo, hi), offset=first - lo,
                          strides=self.strides)

    def __repr__(self) -> str:
        return "UArray" + np.array_repr(self._safe())[len("array"):]

    def __str__(self) -> str:
        return str(self._safe())
