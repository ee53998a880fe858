# SPDX-License-Identifier: GPL-2.0
"""pytest for the Python package udmabuf (userspace/python), run in the
x86_64 guest by guest.sh with udmabuf0 (1 MiB) loaded: data through NumPy
read back through /dev/<name> and through an export imported into vgem,
addresses of slices, deterministic free (no garbage collector: it is
disabled), close() and ``with``, flush()/invalidate() sending exactly the
ioctl the library would for exactly the array's bytes, the seed-004
scenario in every quirk mode with pagemap agreeing, uncached repr, pickling
refused, errors, and ``python3 -m udmabuf`` mirroring the udmabuf command."""

import copy
import ctypes
import errno
import fcntl
import gc
import glob
import json
import mmap
import os
import pickle
import struct
import subprocess
import sys

import numpy as np
import pytest

import udmabuf

HEAP_IN_USE = "/sys/class/misc/u-dma-buf-heap/buffers_in_use"
PAGE = os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(autouse=True)
def no_gc():
    gc.disable()
    yield
    gc.enable()


def in_use():
    with open(HEAP_IN_USE) as f:
        return int(f.read())


def attr(name, a):
    with open(f"/sys/class/u-dma-buf/{name}/{a}") as f:
        return int(f.read(), 0)


def pagemap(addr):
    with open("/proc/self/pagemap", "rb") as f:
        f.seek(addr // PAGE * 8)
        e = struct.unpack("<Q", f.read(8))[0]
    pfn = e & ((1 << 55) - 1)
    return pfn * PAGE + addr % PAGE if e >> 63 and pfn else None


def mapped(path):
    with open("/proc/self/maps") as f:
        return any(line.rstrip().endswith(" " + path) for line in f)


def fds_on(path):
    return sum(os.readlink(f"/proc/self/fd/{fd}") == path for fd in os.listdir("/proc/self/fd")
               if os.path.islink(f"/proc/self/fd/{fd}"))


SET_SYNC_FOR_CPU, SET_SYNC_FOR_DEVICE = 0x40085505, 0x40085506  # _IOW('U', 5 / 6, u64)
DMA_BUF_IOCTL_SYNC = 0x40086200                                # _IOW('b', 0, u64)


def sent(a):
    """The (request, argument) pairs a.flush() and a.invalidate() send."""
    s = a._sync
    return ((s.flush_req, int.from_bytes(s.flush_arg[:8], sys.byteorder)),
            (s.inval_req, int.from_bytes(s.inval_arg[:8], sys.byteorder)))


def packed(offset, size, direction):
    """u-dma-buf's one-shot range command (uapi/u-dma-buf-ioctl.h)."""
    return offset << 32 | (size + 15) & ~15 | direction << 2 | 2


def test_allocate():
    before = in_use()
    a = udmabuf.allocate((1024,), np.uint32)
    assert isinstance(a, udmabuf.UArray) and a.shape == (1024,) and a.dtype == np.uint32
    assert in_use() == before + 1
    assert not a.any()
    a[:] = np.arange(1024, dtype=np.uint32)
    a.flush()
    a.invalidate()
    assert a[1000] == 1000
    assert a.physical_address == a.dma_address
    assert a[256:].dma_address == a.dma_address + 1024
    assert pagemap(a[256:].ctypes.data) == a.dma_address + 1024
    del a
    assert in_use() == before, "del of the last reference frees at once"


def test_views_keep_the_buffer():
    before = in_use()
    a = udmabuf.allocate(8192)
    v = a[4096:]
    w = v.reshape(64, 64)
    del a
    assert in_use() == before + 1
    assert w.dma_address == v.dma_address
    assert w[1:, 3:].dma_address == v.dma_address + 64 + 3
    del v
    assert in_use() == before + 1
    del w
    assert in_use() == before


def test_computed_arrays_are_ordinary_memory():
    before = in_use()
    a = udmabuf.allocate(16, np.int16)
    b = a + 1
    for c in (b, a.sum(keepdims=True), a[[1, 2]], a.copy()):
        with pytest.raises(ValueError, match="not in u-dma-buf memory"):
            c.dma_address
    del a, c
    assert in_use() == before
    assert (b == 1).all()


def test_close_and_with():
    before = in_use()
    with udmabuf.allocate(4096) as a:
        v = a[10:]
        a[:] = 7
        v.flush()
        assert in_use() == before + 1
    assert in_use() == before, "closed at the end of with, views or not"
    assert (v == 0).all(), "a closed buffer's views read zeros instead of crashing"
    with pytest.raises(ValueError, match="closed"):
        v.dma_address
    with pytest.raises(ValueError, match="closed"):
        v.flush()
    v.close()


def test_pickle_refused_copy_allowed():
    a = udmabuf.allocate(8, np.uint8)
    a[:] = 5
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(a)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(a[2:])
    c = copy.deepcopy(a)
    assert type(c) is np.ndarray and (c == 5).all()


def test_device_array_reads_back_through_the_node():
    d = udmabuf.Device("udmabuf0")
    arr = d.array(np.uint8, (4096,), offset=8192)
    data = np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)
    arr[:] = data
    arr.flush()
    with open("/dev/udmabuf0", "rb") as f:
        f.seek(8192)
        assert f.read(4096) == data.tobytes()
    assert arr.dma_address == d.dma_address + 8192 == attr("udmabuf0", "phys_addr") + 8192
    assert d.size == attr("udmabuf0", "size")
    d.close()
    assert arr[5] == data[5], "arrays outlive the Device"


def test_slices_addresses():
    with udmabuf.Device("udmabuf0") as d:
        a = d.array(np.uint16, (64, 128))
        base = d.dma_address
        assert a.dma_address == base
        assert a[3:, 5:].dma_address == base + (3 * 128 + 5) * 2
        assert a[:, 7].dma_address == base + 14
        assert a[::-1].dma_address == base + 63 * 128 * 2
        b = d.array(np.float32, offset=100)
        assert b.shape == ((d.size - 100) // 4,)
        assert b[1:].dma_address == base + 104
        assert pagemap(b[1:].ctypes.data) == base + 104


def test_flush_and_invalidate_sync_the_slice():
    with udmabuf.Device("udmabuf0") as d:
        a = d.array(np.uint8, (65536,))
        off0, size0 = attr("udmabuf0", "sync_offset"), attr("udmabuf0", "sync_size")
        a[4096:8192].flush()
        assert attr("udmabuf0", "sync_owner") == 1
        a[100:200].invalidate()
        assert attr("udmabuf0", "sync_owner") == 0
        assert (attr("udmabuf0", "sync_offset"), attr("udmabuf0", "sync_size")) == (off0, size0)


def test_flush_and_invalidate_send_the_librarys_command():
    """Exactly the array's bytes (of a non-contiguous one, the range from
    its first to its last byte), in exactly the ioctl the library sends."""
    with udmabuf.Device("udmabuf0") as d:
        a = d.array(np.uint16, (64, 128), offset=4096)
        row = 128 * 2
        for v, off, size in [(a[3:5], 4096 + 3 * row, 2 * row),
                             (a[:, 7], 4096 + 14, 63 * row + 2),
                             (a[::-1, 5:9], 4096 + 10, 63 * row + 8),
                             (a[7, 3:4], 4096 + 7 * row + 6, 2)]:
            v.flush()
            assert attr("udmabuf0", "sync_owner") == 1
            v.invalidate()
            assert attr("udmabuf0", "sync_owner") == 0
            assert sent(v) == ((SET_SYNC_FOR_DEVICE, packed(off, size, 1)),
                               (SET_SYNC_FOR_CPU, packed(off, size, 2))), (off, size)
        v = a.reshape(-1)[:8]
        v.flush()
        v.strides = (4,)                        # now every other element: other bytes
        v.invalidate()
        assert sent(v)[1] == (SET_SYNC_FOR_CPU, packed(4096, 30, 2))
        with pytest.raises(ValueError, match="not in u-dma-buf memory"):
            (a + 1).flush()
    h = udmabuf.allocate(8192)
    v = h[100:200]
    v.flush()
    v.invalidate()
    assert sent(v) == ((DMA_BUF_IOCTL_SYNC, 4 | 3), (DMA_BUF_IOCTL_SYNC, 0 | 3)), \
        "a heap buffer: DMA_BUF_IOCTL_SYNC end / start, read-write"


def test_arrays_outlive_their_device():
    d = udmabuf.Device("udmabuf0")
    a = d.array(np.uint8, (4096,))
    n = fds_on("/dev/udmabuf0")
    d.close()
    with pytest.raises(ValueError, match="the device is closed"):
        d.export()
    assert fds_on("/dev/udmabuf0") == n, "the array holds the device open"
    a.flush()
    assert attr("udmabuf0", "sync_owner") == 1
    a.invalidate()
    assert attr("udmabuf0", "sync_owner") == 0
    del a
    assert fds_on("/dev/udmabuf0") == n - 1, "the last array closed it"


def test_flush_is_the_bare_ioctl_and_dies_with_the_buffer():
    """After the first call a device array's flush/invalidate are partials
    of fcntl.ioctl (no Python code runs); closing the buffer disarms them,
    so a reused fd number never receives them."""
    d = udmabuf.Device("udmabuf0")
    a = d.array(np.uint8, (8192,))
    v = a[4096:]
    v.flush()
    assert v.flush.func is fcntl.ioctl and v.invalidate.func is fcntl.ioctl
    assert v.invalidate.args[1:3] == (SET_SYNC_FOR_CPU, v._sync.inval_arg)
    fd = v.flush.args[0]
    v.invalidate()
    v.strides = (1,)                            # replanned: the slots are emptied
    assert v._sync is None
    with pytest.raises(AttributeError):
        udmabuf.UArray.flush.__get__(v, udmabuf.UArray)
    v.flush()
    assert v.flush.args[1] == SET_SYNC_FOR_DEVICE and v._sync is not None
    v.invalidate()
    d.close()
    a.close()
    with pytest.raises(OSError):
        os.fstat(fd)                            # the device's fd is closed...
    other = os.open("/dev/udmabuf0", os.O_RDWR)
    try:
        assert other == fd, "...and its number reused"
        for f in (lambda: v.flush(), lambda: v.invalidate(), lambda: a.flush()):
            with pytest.raises(ValueError, match="closed"):
                f()                             # a was never planned: it fails planning
        assert attr("udmabuf0", "sync_owner") == 0, "nothing reached the new fd"
    finally:
        os.close(other)


def test_a_kept_flush_outlives_its_array_safely():
    d = udmabuf.Device("udmabuf0")
    a = d.array(np.uint8, (4096,))
    f = a.flush
    fd = f.args[0]
    f()
    a.invalidate()                              # sync_owner back to 0
    d.close()
    del a                                       # the mapping goes, and with it the fd
    other = os.open("/dev/udmabuf0", os.O_RDWR)
    try:
        assert other == fd, "the fd's number is reused"
        with pytest.raises(ValueError, match="closed"):
            f()
        assert attr("udmabuf0", "sync_owner") == 0, "nothing reached the new fd"
    finally:
        os.close(other)


def test_many_flushed_views_leave_nothing_behind():
    with udmabuf.Device("udmabuf0") as d:
        a = d.array(np.uint32, (4096,))
        for i in range(2000):
            a[i:i + 4].flush()
        a.flush()
        assert len(a._ub.armed) == 2, "only a's own flush and invalidate are kept"
        a.close()
        assert a._ub.closed and len(a._ub.armed) == 2


def test_uncached_repr():
    with udmabuf.Device("udmabuf0", sync=True) as d:
        a = d.array(np.uint8, (16,), offset=1)
        a[:] = np.arange(16)
        assert a._ub.uncached
        assert repr(a) == "UArray([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15],\n      dtype=uint8)"
        assert str(a[::5]) == "[ 0  5 10 15]"


@pytest.mark.parametrize("quirk", ["off", "on", "auto", "page"])
def test_seed004(quirk):
    """The FPGA needs the address of buf[4096:]; pagemap must agree."""
    udmabuf.create("pyq", 65536, quirk_mmap=quirk)
    try:
        d = udmabuf.Device("pyq")
        buf = d.array(np.uint8)
        addr = buf[4096:].dma_address
        assert addr == d.dma_address + 4096 == attr("pyq", "phys_addr") + 4096
        assert pagemap(buf[4096:].ctypes.data) == addr
        assert mapped("/dev/pyq")
        del buf
        d.close()
        assert not mapped("/dev/pyq"), "del unmapped at once"
        assert udmabuf.device_info("pyq")["users"] == 0
    finally:
        udmabuf.delete("pyq")
    assert not os.path.exists("/sys/class/u-dma-buf/pyq")


def test_export_and_dmabuf_fd():
    with udmabuf.Device("udmabuf0") as d:
        a = d.array(np.uint8, (8192,), offset=4096)
        with a.export() as e:
            assert e.size == 8192 and e.dma_address == d.dma_address + 4096
        fd = a.dmabuf_fd()
        assert fd == a.dmabuf_fd() and os.lseek(fd, 0, os.SEEK_END) == 8192
    h = udmabuf.allocate(4096)
    addr = ctypes.c_uint64()
    udmabuf._lib.check(udmabuf._lib.lib.udmabuf_fd_dma_addr(h.dmabuf_fd(), ctypes.byref(addr),
                                                            None, None))
    assert addr.value == h.dma_address


def _vgem():
    for dev in sorted(glob.glob("/sys/class/drm/card*/device")):
        if os.path.realpath(dev).endswith("/vgem"):
            return "/dev/dri/" + dev.split("/")[4]
    return None


def _iowr(nr, size):
    return (3 << 30) | (size << 16) | (ord("d") << 8) | nr


def test_export_imported_into_vgem():
    card = _vgem()
    if card is None:
        pytest.skip("no vgem")
    d = udmabuf.Device("udmabuf0")
    a = d.array(np.uint8, (16384,))
    a[:] = np.arange(16384) % 251
    a.flush()
    cfd = os.open(card, os.O_RDWR)
    try:
        prime = bytearray(struct.pack("IIi", 0, 0, a.dmabuf_fd()))
        fcntl.ioctl(cfd, _iowr(0x2E, 12), prime)  # DRM_IOCTL_PRIME_FD_TO_HANDLE
        handle = struct.unpack("IIi", prime)[0]
        back = bytearray(struct.pack("IIi", handle, os.O_CLOEXEC | os.O_RDWR, -1))
        fcntl.ioctl(cfd, _iowr(0x2D, 12), back)  # DRM_IOCTL_PRIME_HANDLE_TO_FD
        fd = struct.unpack("IIi", back)[2]
        try:
            with mmap.mmap(fd, 16384, mmap.MAP_SHARED, mmap.PROT_READ) as m:
                assert m[:] == a.tobytes(), "vgem's re-export shows what NumPy wrote"
        finally:
            os.close(fd)
    finally:
        os.close(cfd)


def test_allocate_uncached_from_a_subheap():
    udmabuf.create("pysub", 262144, dma_heap=True)
    try:
        a = udmabuf.allocate((2, 2048), np.uint8, heap="pysub", cacheable=False)
        assert a._ub.uncached
        a[:] = 3
        a.flush()
        base = attr("pysub", "phys_addr")
        off = a.dma_address - base
        assert 0 <= off < 262144
        with open("/dev/pysub", "rb") as f:
            f.seek(off)
            assert f.read(4096) == b"\x03" * 4096
        assert "3, 3" in repr(a)
        assert udmabuf.heap_info("pysub")["buffers_in_use"] == 1
        c = udmabuf.allocate(4096, heap="pysub")
        assert c.dma_address - base != off
        del a, c
        assert udmabuf.heap_info("pysub")["buffers_in_use"] == 0
    finally:
        udmabuf.delete("pysub")
    with pytest.raises(ValueError, match="sub-heap"):
        udmabuf.allocate(4096, cacheable=False)


def test_errors():
    with pytest.raises(udmabuf.UdmabufError) as e:
        udmabuf.Device("nosuch")
    assert e.value.errno == errno.ENOENT and "nosuch" in str(e.value)
    with pytest.raises(udmabuf.UdmabufError) as e:
        udmabuf.allocate(4096, heap="nosuch")
    assert e.value.errno == errno.ENOENT
    with pytest.raises(udmabuf.UdmabufError) as e:
        udmabuf.create("udmabuf0", 4096)
    assert e.value.errno == errno.EEXIST
    with pytest.raises(udmabuf.UdmabufError) as e:
        udmabuf.create("pyx", 4096, dma_mask=99)
    assert e.value.errno == errno.EINVAL and "99" in str(e.value)
    with pytest.raises(udmabuf.UdmabufError) as e:
        udmabuf.delete("nosuch")
    assert e.value.errno == errno.ENODEV
    with pytest.raises(ValueError):
        udmabuf.allocate(0)
    with udmabuf.Device("udmabuf0") as d:
        with pytest.raises(ValueError, match="does not fit"):
            d.array(np.uint8, (16,), offset=d.size - 8)
        with pytest.raises(udmabuf.UdmabufError) as e:
            d.export(offset=100)
        assert e.value.errno == errno.EINVAL
    assert udmabuf.parse_size("1GiB") == 1 << 30
    with pytest.raises(udmabuf.UdmabufError):
        udmabuf.parse_size("4Q")


def _run(*argv):
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("args", [["list"], ["--json", "info", "udmabuf"]])
def test_module_mirrors_the_command(args):
    cmd = os.environ.get("UDMABUF_LUB_CMD")
    if not cmd:
        pytest.skip("no udmabuf command given (UDMABUF_LUB_CMD)")
    py = _run(sys.executable, "-m", "udmabuf", *args)
    assert py == _run(cmd, *args)
    if "--json" in args:
        json.loads(py)
