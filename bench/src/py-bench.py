# SPDX-License-Identifier: GPL-2.0
"""Python benchmarks of the udmabuf package (bench/libudmabuf.sh, x86_64
guest), ratios against a baseline measured in the same run; nothing is
asserted:

1. ``s.flush(); s.invalidate()`` of a 1 MiB slice ``s`` of a device array
   vs the same two syncs from C (``lib-bench sync``: libudmabuf's
   udmabuf_map_sync_for_device + _for_cpu of the same bytes, which send
   the same two ioctls, printed), rounds taken back to back (target <= 2x).
   On a coherent device the kernel does no cache maintenance, so both sides
   are the call path alone and the ratio is Python's overhead against the
   cheapest sync there is; where a sync does work, it weighs less. A
   control row gives the interpreter's floor: the same two ioctls sent by
   bare fcntl.ioctl() calls from a Python loop, against the same C.
2. ``arr[:] = x`` (4 MiB of uint32) into a cached mapping of the device vs
   into an anonymous NumPy array, as throughput (target >= 0.95x). Both
   destinations are page aligned, warm (written before timing), and copy
   from a source of their own at the same distance below them: under TCG a
   copy's speed depends on where its source lies relative to its
   destination (QEMU's software TLB is direct mapped, and source and
   destination pages that share its entries evict each other: 1600 against
   900 MB/s), whatever the memory.

Both print the median of the rounds' ratios, and the best of each side.
Rounds are short and many, as in lib-bench (bench/src/lib-bench.c).

usage: py-bench.py DEVICE LIB_BENCH   (DEVICE: 4 MiB or more)
"""

import fcntl
import re
import statistics
import subprocess
import sys
import time
from typing import Callable, List, Tuple

import numpy as np

import udmabuf

ROUNDS = 61
MIB = 1 << 20
PAGE = 4096
OFFSET = 4096
SPAN = 64 * MIB                 # sources sit at the same distance modulo SPAN
DISTANCE = 0x1555 * PAGE        # far from a multiple of any power of two of pages


def paired(ours: Callable[[], float], base: Callable[[], float]) -> Tuple[List[float],
                                                                           List[float]]:
    """ROUNDS measurements of each, back to back; which goes first alternates."""
    a, b = [], []
    for r in range(ROUNDS):
        if r & 1:
            b.append(base())
        a.append(ours())
        if not r & 1:
            b.append(base())
    return a, b


def calibrate(per_op: float, seconds: float = 0.05, least: int = 5) -> int:
    return max(least, min(100000, int(seconds / max(per_op, 1e-9))))


def py_sync(s: udmabuf.UArray, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        s.flush()
        s.invalidate()
    return (time.perf_counter() - t0) / n


def bare_sync(s: udmabuf.UArray, n: int) -> float:
    """The floor: s's two ioctls, from Python with nothing around them."""
    p = s._sync
    assert p is not None
    ioctl, fd = fcntl.ioctl, p.m.fd
    req1, arg1, req2, arg2 = p.flush_req, p.flush_arg, p.inval_req, p.inval_arg
    t0 = time.perf_counter()
    for _ in range(n):
        ioctl(fd, req1, arg1, True)
        ioctl(fd, req2, arg2, True)
    return (time.perf_counter() - t0) / n


def c_run(lib_bench: str, dev: str, n: int) -> Tuple[float, List[int]]:
    """lib-bench sync: seconds per pair, and the arguments of its two ioctls."""
    out = subprocess.run([lib_bench, "sync", dev, str(OFFSET), str(MIB), str(n)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), [int(v, 0) for v in out[1:]]


def c_sync(lib_bench: str, dev: str, n: int) -> float:
    return c_run(lib_bench, dev, n)[0]


def coherent(dev: str) -> bool:
    with open(f"/sys/class/u-dma-buf/{dev}/dma_coherent") as f:
        return f.read().strip() == "1"


def sent(s: udmabuf.UArray) -> List[int]:
    """The arguments of the ioctls s.flush() and s.invalidate() send."""
    p = s._sync
    assert p is not None
    return [int.from_bytes(arg[:8], sys.byteorder) for arg in (p.flush_arg, p.inval_arg)]


def bench_sync(dev: str, lib_bench: str) -> None:
    with udmabuf.Device(dev) as d:
        arr = d.array(np.uint8)
        s = arr[OFFSET:OFFSET + MIB]
        n = calibrate(py_sync(s, 20), 0.02)
        py, c = paired(lambda: py_sync(s, n), lambda: c_sync(lib_bench, dev, n))
        bare, c2 = paired(lambda: bare_sync(s, n), lambda: c_sync(lib_bench, dev, n))
        ours, theirs = sent(s), c_run(lib_bench, dev, 1)[1]
        arr.close()
    ratio = statistics.median(p / q for p, q in zip(py, c))
    floor = statistics.median(p / q for p, q in zip(bare, c2))
    print(f"Python s.flush() + s.invalidate(), 1 MiB slice  {statistics.median(py) * 1e6:9.2f} us"
          f" (best {min(py) * 1e6:.2f})")
    print(f"Python bare fcntl.ioctl() of the same two       {statistics.median(bare) * 1e6:9.2f} us"
          f" (best {min(bare) * 1e6:.2f})")
    print(f"C udmabuf_map_sync_for_device + _for_cpu, 1 MiB {statistics.median(c) * 1e6:9.2f} us"
          f" (best {min(c) * 1e6:.2f})")
    print("Python sends SET_SYNC_FOR_DEVICE %#x + SET_SYNC_FOR_CPU %#x: %s" %
          (ours[0], ours[1], "the same as C" if ours == theirs else f"C sends {theirs} (FAIL)"))
    if coherent(dev):
        print(f"{dev} is DMA coherent: the kernel does no cache maintenance, so this is the "
              "call path alone (Python's overhead over one syscall each)")
    print(f"RESULT Python flush()+invalidate() of a 1 MiB slice vs the same sync from C: "
          f"{ratio:.2f}x C's time (best of {ROUNDS}: {min(py) / min(c):.2f}x) (target <= 2x)")
    print(f"RESULT Python bare fcntl.ioctl() of the same two vs the same sync from C: "
          f"{floor:.2f}x C's time (best of {ROUNDS}: {min(bare) / min(c2):.2f}x) "
          f"(control, the interpreter's floor)\n")


def fill(dst: np.ndarray, src: np.ndarray, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        dst[:] = src
    return (time.perf_counter() - t0) / n


def page_aligned(nbytes: int) -> np.ndarray:
    """NBYTES of an anonymous NumPy array, starting on a page."""
    raw = np.zeros(nbytes + PAGE, np.uint8)
    skip = -raw.ctypes.data % PAGE
    return raw[skip:skip + nbytes]


def source_for(dst: np.ndarray, x: np.ndarray) -> np.ndarray:
    """A copy of X DISTANCE bytes below DST, modulo SPAN."""
    region = page_aligned(SPAN + x.nbytes)
    skip = (dst.ctypes.data - DISTANCE - region.ctypes.data) % SPAN
    src = region[skip:skip + x.nbytes].view(x.dtype)
    src[:] = x
    return src


def huge_kib(a: np.ndarray) -> int:
    """AnonHugePages of the mapping holding A's first byte (smaps)."""
    addr, here = a.ctypes.data, False
    with open("/proc/self/smaps") as f:
        for line in f:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) ", line)
            if m:
                here = int(m[1], 16) <= addr < int(m[2], 16)
            elif here and line.startswith("AnonHugePages:"):
                return int(line.split()[1])
    return 0


def bench_fill(dev: str) -> None:
    x = np.arange(MIB, dtype=np.uint32)
    anon = page_aligned(x.nbytes).view(np.uint32)
    with udmabuf.Device(dev) as d:
        arr = d.array(np.uint32, (MIB,))
        arr_src, anon_src = source_for(arr, x), source_for(anon, x)
        fill(arr, arr_src, 3)
        fill(anon, anon_src, 3)
        n = calibrate(fill(arr, arr_src, 3) + fill(anon, anon_src, 3), 0.05, 2)
        ours, base = paired(lambda: fill(arr, arr_src, n), lambda: fill(anon, anon_src, n))
        ok = bool((arr == x).all() and (anon == x).all())
        arr.close()
    ratio = statistics.median(b / a for a, b in zip(ours, base))
    mbs = x.nbytes / 1e6
    print(f"arr[:] = x into a cached mapping, 4 MiB   {mbs / statistics.median(ours):8.0f} MB/s"
          f" (best {mbs / min(ours):.0f})")
    print(f"arr[:] = x into an anonymous array, 4 MiB {mbs / statistics.median(base):8.0f} MB/s"
          f" (best {mbs / min(base):.0f}; {huge_kib(anon)} KiB of it in huge pages)")
    print(f"RESULT NumPy arr[:] = x into a cached u-dma-buf mapping vs an anonymous array: "
          f"{ratio:.2f}x its throughput (best of {ROUNDS}: {min(base) / min(ours):.2f}x) "
          f"(target >= 0.95x){'' if ok else ' (FAIL: the data read back differs)'}\n")


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: py-bench.py DEVICE LIB_BENCH", file=sys.stderr)
        return 2
    bench_sync(sys.argv[1], sys.argv[2])
    bench_fill(sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
