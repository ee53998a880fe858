# SPDX-License-Identifier: MIT
"""Listing devices and heaps, and the run-time manager."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional

from ._lib import NO_ADDR, CreateOpts, HeapInfo, Info, check, encode, lib

_QUIRKS = {None: 0, "off": 1, "on": 2, "auto": 3, "page": 4}


def parse_size(text: str) -> int:
    """Bytes from "4096", "0x400000", "4M", "1GiB" (powers of 1024)."""
    v = ctypes.c_uint64()
    check(lib.udmabuf_parse_size(text.encode(), ctypes.byref(v)))
    return v.value


def _device_dict(i: Info) -> Dict[str, Any]:
    name = i.name.decode()
    return {"name": name, "type": "device", "path": f"/dev/{name}", "size": i.size,
            "dma_addr": i.dma_addr, "dma_coherent": bool(i.dma_coherent),
            "sync_mode": i.sync_mode, "quirk_mmap_mode": i.quirk_mmap_mode,
            "sync_owner": "device" if i.sync_owner else "cpu",
            "sync_offset": i.sync_offset, "sync_size": i.sync_size,
            "sync_direction": i.sync_direction,
            "driver_version": i.driver_version.decode(),
            "users": max(lib.udmabuf_device_users(encode(name)), 0)}


def _heap_dict(h: HeapInfo) -> Dict[str, Any]:
    name = h.name.decode()
    kind = "other-heap" if not h.ours else ("sub-heap" if h.subheap else "heap")
    return {"name": name, "type": kind, "path": f"/dev/dma_heap/{name}",
            "size": h.size or None, "dma_addr": None if h.dma_addr == NO_ADDR else h.dma_addr,
            "buffers_in_use": h.buffers_in_use, "bytes_in_use": h.bytes_in_use}


def list_devices() -> List[Dict[str, Any]]:
    """Every u-dma-buf device, as ``udmabuf --json list`` shows them."""
    p, n = ctypes.POINTER(Info)(), ctypes.c_size_t()
    check(lib.udmabuf_device_list(ctypes.byref(p), ctypes.byref(n)))
    try:
        return [_device_dict(p[i]) for i in range(n.value)]
    finally:
        lib.udmabuf_list_free(p)


def list_heaps() -> List[Dict[str, Any]]:
    """Every node in /dev/dma_heap, as ``udmabuf --json list`` shows them."""
    p, n = ctypes.POINTER(HeapInfo)(), ctypes.c_size_t()
    check(lib.udmabuf_heap_list(ctypes.byref(p), ctypes.byref(n)))
    try:
        return [_heap_dict(p[i]) for i in range(n.value)]
    finally:
        lib.udmabuf_list_free(p)


def device_info(name: str) -> Optional[Dict[str, Any]]:
    i = Info()
    return None if lib.udmabuf_device_info(encode(name), ctypes.byref(i)) else _device_dict(i)


def heap_info(name: str) -> Optional[Dict[str, Any]]:
    h = HeapInfo()
    return None if lib.udmabuf_heap_info(encode(name), ctypes.byref(h)) else _heap_dict(h)


def create(name: str, size: int, bus: Optional[str] = None, device: Optional[str] = None,
           dma_mask: int = 0, quirk_mmap: Optional[str] = None, dma_heap: bool = False) -> None:
    """Creates a device through /dev/u-dma-buf-mgr (see udmabuf(1) create)."""
    if quirk_mmap not in _QUIRKS:
        raise ValueError(f"quirk_mmap {quirk_mmap!r} is not 'off', 'on', 'auto' or 'page'")
    o = CreateOpts(bus.encode() if bus else None, device.encode() if device else None,
                   dma_mask, _QUIRKS[quirk_mmap], int(dma_heap))
    check(lib.udmabuf_create(encode(name), size, ctypes.byref(o)))


def delete(name: str) -> None:
    """Deletes a device through /dev/u-dma-buf-mgr."""
    check(lib.udmabuf_delete(encode(name)))
