# SPDX-License-Identifier: MIT
"""ctypes bindings of libudmabuf (udmabuf.h): the structs, the functions the
package uses, and errors raised as :class:`UdmabufError` with the library's
text, which names the value that was wrong."""

from __future__ import annotations

import ctypes
import os
from ctypes import POINTER, c_char, c_char_p, c_int, c_size_t, c_uint64, c_ulong, c_void_p

NAME_MAX = 64
NO_ADDR = (1 << 64) - 1
DIR_BIDIRECTIONAL, DIR_TO_DEVICE, DIR_FROM_DEVICE = 0, 1, 2
ACCESS_READ, ACCESS_WRITE, ACCESS_RW = 1, 2, 3


class UdmabufError(OSError):
    """A libudmabuf call failed: ``errno`` is the error, ``strerror`` the
    library's description of it."""


class Info(ctypes.Structure):
    """struct udmabuf_info"""
    _fields_ = [("name", c_char * NAME_MAX), ("driver_version", c_char * 16),
                ("size", c_uint64), ("dma_addr", c_uint64), ("dma_coherent", c_int),
                ("sync_mode", c_int), ("quirk_mmap_mode", c_int), ("sync_owner", c_int),
                ("sync_offset", c_uint64), ("sync_size", c_uint64),
                ("sync_direction", c_int)]


class HeapInfo(ctypes.Structure):
    """struct udmabuf_heap_info"""
    _fields_ = [("name", c_char * NAME_MAX), ("ours", c_int), ("subheap", c_int),
                ("size", c_uint64), ("dma_addr", c_uint64), ("buffers_in_use", c_uint64),
                ("bytes_in_use", c_uint64)]


class CreateOpts(ctypes.Structure):
    """struct udmabuf_create_opts"""
    _fields_ = [("bus", c_char_p), ("device", c_char_p), ("dma_mask", c_int),
                ("quirk_mmap", c_int), ("dma_heap", c_int)]


_P = c_void_p
_U64P = POINTER(c_uint64)
_SIGNATURES = {
    "udmabuf_strerror": (c_char_p, [c_int]),
    "udmabuf_parse_size": (c_int, [c_char_p, _U64P]),
    "udmabuf_device_list": (c_int, [POINTER(POINTER(Info)), POINTER(c_size_t)]),
    "udmabuf_heap_list": (c_int, [POINTER(POINTER(HeapInfo)), POINTER(c_size_t)]),
    "udmabuf_list_free": (None, [c_void_p]),
    "udmabuf_device_info": (c_int, [c_char_p, POINTER(Info)]),
    "udmabuf_heap_info": (c_int, [c_char_p, POINTER(HeapInfo)]),
    "udmabuf_device_users": (c_int, [c_char_p]),
    "udmabuf_create": (c_int, [c_char_p, c_uint64, POINTER(CreateOpts)]),
    "udmabuf_delete": (c_int, [c_char_p]),
    "udmabuf_open": (c_int, [c_char_p, c_int, POINTER(_P)]),
    "udmabuf_close": (None, [_P]),
    "udmabuf_fd": (c_int, [_P]),
    "udmabuf_name": (c_char_p, [_P]),
    "udmabuf_size": (c_uint64, [_P]),
    "udmabuf_dma_addr": (c_uint64, [_P]),
    "udmabuf_is_coherent": (c_int, [_P]),
    "udmabuf_quirk_mmap_mode": (c_int, [_P]),
    "udmabuf_sync_mode": (c_int, [_P]),
    "udmabuf_sync_for_cpu": (c_int, [_P, c_uint64, c_uint64, c_int]),
    "udmabuf_sync_for_device": (c_int, [_P, c_uint64, c_uint64, c_int]),
    "udmabuf_sync_ioctl": (c_int, [_P, c_uint64, c_uint64, c_int, c_int, POINTER(c_ulong),
                                   _U64P]),
    "udmabuf_export": (c_int, [_P, c_uint64, c_uint64, c_int, POINTER(_P)]),
    "udmabuf_heap_alloc": (c_int, [c_char_p, c_uint64, c_int, POINTER(_P)]),
    "udmabuf_dmabuf_import": (c_int, [c_int, POINTER(_P)]),
    "udmabuf_dmabuf_close": (None, [_P]),
    "udmabuf_dmabuf_fd": (c_int, [_P]),
    "udmabuf_dmabuf_size": (c_uint64, [_P]),
    "udmabuf_dmabuf_dma_addr": (c_int, [_P, _U64P]),
    "udmabuf_fd_dma_addr": (c_int, [c_int, _U64P, _U64P, _U64P]),
    "udmabuf_dmabuf_begin_cpu_access": (c_int, [_P, c_int]),
    "udmabuf_dmabuf_end_cpu_access": (c_int, [_P, c_int]),
}


def _load() -> ctypes.CDLL:
    path = os.environ.get("UDMABUF_LIBRARY", "libudmabuf.so.1")
    try:
        lib = ctypes.CDLL(path, use_errno=True)
    except OSError as e:
        raise ImportError(f"udmabuf: cannot load libudmabuf ({path}): {e}; install "
                          "libudmabuf or set UDMABUF_LIBRARY to its path") from e
    for name, (res, args) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib


lib = _load()


def check(ret: int) -> int:
    """Raises UdmabufError for a negative return, with the library's text."""
    if ret < 0:
        raise UdmabufError(-ret, lib.udmabuf_strerror(ret).decode(errors="replace"))
    return ret


def encode(name: str) -> bytes:
    return os.fsencode(name)
