# SPDX-License-Identifier: MIT
"""u-dma-buf from Python: contiguous DMA buffers as NumPy arrays.

    >>> import numpy as np, udmabuf
    >>> buf = udmabuf.allocate((1024,), np.uint32)      # /dev/dma_heap/udmabuf
    >>> buf[:] = np.arange(1024); buf.flush()
    >>> hex(buf[256:].dma_address)                      # for the device
    >>> frame = udmabuf.Device("udmabuf0").array(np.uint8, (480, 640))

A thin ctypes layer over libudmabuf (libudmabuf.so.1; UDMABUF_LIBRARY names
another file). Buffers are freed as soon as their last array goes.
"""

from ._array import UArray
from ._device import Device, allocate
from ._handles import DmaBuf
from ._lib import UdmabufError
from ._system import (create, delete, device_info, heap_info, list_devices, list_heaps,
                      parse_size)

__version__ = "1.0.0"
__all__ = ["UArray", "Device", "DmaBuf", "UdmabufError", "allocate", "create", "delete",
           "device_info", "heap_info", "list_devices", "list_heaps", "parse_size"]
