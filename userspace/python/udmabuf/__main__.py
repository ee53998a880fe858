# SPDX-License-Identifier: MIT
"""python3 -m udmabuf list|info NAME [--json]: what the udmabuf command
prints for them, from Python."""

from __future__ import annotations

import json
import sys
from typing import Any, Dict, List, Optional

from ._system import device_info, heap_info, list_devices, list_heaps

_ROW = "%-16s %-11s %-10s %-18s %-8s %-9s %s"


def _human(n: int) -> str:
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    u = 0
    while u < 6 and n and not n & 1023:
        n >>= 10
        u += 1
    return f"{n} {units[u]}"


def _row(x: Dict[str, Any]) -> str:
    if x["type"] == "device":
        return _ROW % (x["name"], "device", _human(x["size"]), "0x%016x" % x["dma_addr"],
                       "yes" if x["dma_coherent"] else "no", x["sync_mode"], x["users"])
    users = str(x["buffers_in_use"]) if x["type"] != "other-heap" else "-"
    addr = "-" if x["dma_addr"] is None else "0x%016x" % x["dma_addr"]
    return _ROW % (x["name"], x["type"], _human(x["size"]) if x["size"] else "-", addr,
                   "-", "-", users)


_QUIRK = ["?", "off", "on", "auto", "page"]
_MODE = ["cached", "uncached with O_SYNC", "write-combine with O_SYNC",
         "dma-coherent with O_SYNC", "cached", "always uncached", "always write-combine",
         "always dma-coherent"]
_DIR = ["bidirectional", "to device", "from device"]


def _lines(pairs: List[Any]) -> str:
    return "\n".join("%-17s%s" % (k + ":", v) for k, v in pairs)


def _info_text(x: Dict[str, Any]) -> str:
    if x["type"] == "device":
        return _lines([
            ("name", x["name"]), ("path", x["path"]), ("size", x["size"]),
            ("dma address", "0x%016x" % x["dma_addr"]),
            ("dma coherent", "yes" if x["dma_coherent"] else "no"),
            ("sync mode", "%d (%s)" % (x["sync_mode"], _MODE[x["sync_mode"] & 7])),
            ("quirk mmap mode", "%d (%s)" % (x["quirk_mmap_mode"],
                                             _QUIRK[x["quirk_mmap_mode"] % 5])),
            ("sync owner", x["sync_owner"]), ("sync offset", hex(x["sync_offset"])),
            ("sync size", x["sync_size"]),
            ("sync direction", "%d (%s)" % (x["sync_direction"], _DIR[x["sync_direction"] % 3])),
            ("driver version", x["driver_version"]), ("users", x["users"])])
    pairs = [("name", x["name"]), ("path", x["path"]), ("type", x["type"])]
    if x["size"]:
        pairs.append(("size", x["size"]))
    if x["dma_addr"] is not None:
        pairs.append(("dma address", "0x%016x" % x["dma_addr"]))
    if x["type"] != "other-heap":
        pairs += [("buffers in use", x["buffers_in_use"]), ("bytes in use", x["bytes_in_use"])]
    return _lines(pairs)


def _dump(doc: Any) -> None:
    print(json.dumps(doc, indent=2))


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args or "-j" in args
    args = [a for a in args if a not in ("--json", "-j")]
    if args == ["list"]:
        devs, heaps = list_devices(), list_heaps()
        if as_json:
            _dump({"devices": devs, "heaps": heaps})
        else:
            print(_ROW % ("NAME", "TYPE", "SIZE", "DMA ADDRESS", "COHERENT", "SYNC MODE",
                          "USERS"))
            for x in devs + heaps:
                print(_row(x))
        return 0
    if len(args) == 2 and args[0] == "info":
        d, h = device_info(args[1]), heap_info(args[1])
        if d is None and h is None:
            print(f"udmabuf info: {args[1]}: no u-dma-buf device or dma-buf heap of that name",
                  file=sys.stderr)
            return 1
        if as_json:
            _dump({"device": d, "heap": h})
        else:
            print("\n\n".join(_info_text(x) for x in (d, h) if x is not None))
        return 0
    print("usage: python3 -m udmabuf [--json] list | info NAME", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
