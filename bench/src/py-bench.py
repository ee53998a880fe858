# SPDX-License-Identifier: GPL-2.0
"""Python benchmarks of the udmabuf package (bench/libudmabuf.sh, x86_64
guest), ratios against a baseline measured in the same run; nothing is
asserted:

1. ``s.flush(); s.invalidate()`` of a 1 MiB slice ``s`` of a device array
   vs the same two syncs from C (``lib-bench sync``: libudmabuf's
   udmabuf_map_sync_for_device + _for_cpu of the same bytes), rounds taken
   back to back (target <= 2x).
2. ``arr[:] = x`` (4 MiB of uint32) into a cached mapping of the device vs
   into an anonymous NumPy array, as throughput (target >= 0.95x).

usage: py-bench.py DEVICE LIB_BENCH   (DEVICE: 4 MiB or more)
"""

import statistics
import subprocess
import sys
import time

import numpy as np

import udmabuf

ROUNDS = 15
MIB = 1 << 20
OFFSET = 4096


def py_sync(s: udmabuf.UArray, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        s.flush()
        s.invalidate()
    return (time.perf_counter() - t0) / n


def c_sync(lib_bench: str, dev: str, n: int) -> float:
    out = subprocess.run([lib_bench, "sync", dev, str(OFFSET), str(MIB), str(n)],
                         check=True, capture_output=True, text=True).stdout
    return float(out)


def calibrate(per_op: float, seconds: float = 0.05, least: int = 5) -> int:
    return max(least, min(100000, int(seconds / max(per_op, 1e-9))))


def bench_sync(dev: str, lib_bench: str) -> None:
    with udmabuf.Device(dev) as d:
        arr = d.array(np.uint8)
        s = arr[OFFSET:OFFSET + MIB]
        n = calibrate(py_sync(s, 20))
        py, c = [], []
        for r in range(ROUNDS):         # which goes first alternates
            if r & 1:
                c.append(c_sync(lib_bench, dev, n))
            py.append(py_sync(s, n))
            if not r & 1:
                c.append(c_sync(lib_bench, dev, n))
        arr.close()
    ratio = statistics.median(p / q for p, q in zip(py, c))
    print(f"Python s.flush() + s.invalidate(), 1 MiB slice  {statistics.median(py) * 1e6:9.2f} us")
    print(f"C udmabuf_map_sync_for_device + _for_cpu, 1 MiB {statistics.median(c) * 1e6:9.2f} us")
    print(f"RESULT Python flush()+invalidate() of a 1 MiB slice vs the same sync from C: "
          f"{ratio:.2f}x C's time (target <= 2x)\n")


def fill(dst: np.ndarray, x: np.ndarray, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        dst[:] = x
    return (time.perf_counter() - t0) / n


def bench_fill(dev: str) -> None:
    x = np.arange(MIB, dtype=np.uint32)
    anon = np.zeros_like(x)
    with udmabuf.Device(dev) as d:
        arr = d.array(np.uint32, (MIB,))
        fill(arr, x, 3)
        fill(anon, x, 3)
        n = calibrate(fill(arr, x, 5) + fill(anon, x, 5), 0.1)
        ours, base = [], []
        for r in range(ROUNDS):
            if r & 1:
                base.append(fill(anon, x, n))
            ours.append(fill(arr, x, n))
            if not r & 1:
                base.append(fill(anon, x, n))
        ok = bool((arr == x).all())
        arr.close()
    ratio = statistics.median(b / a for a, b in zip(ours, base))
    mbs = x.nbytes / 1e6
    print(f"arr[:] = x into a cached mapping, 4 MiB   {mbs / statistics.median(ours):8.0f} MB/s")
    print(f"arr[:] = x into an anonymous array, 4 MiB {mbs / statistics.median(base):8.0f} MB/s")
    print(f"RESULT NumPy arr[:] = x into a cached u-dma-buf mapping vs an anonymous array: "
          f"{ratio:.2f}x its throughput (target >= 0.95x)"
          f"{'' if ok else ' (FAIL: the data read back differs)'}\n")


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: py-bench.py DEVICE LIB_BENCH", file=sys.stderr)
        return 2
    bench_sync(sys.argv[1], sys.argv[2])
    bench_fill(sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
