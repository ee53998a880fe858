/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For the plugin's unit tests (tests/gst/unit/), which link the library's
 * code statically: the allocator's public API (gst-libs/gst/udmabuf/) and
 * the internals they check too. The plugin itself uses only the public API
 * of libgstudmabuf-1.0.
 */
#ifndef __GST_UDMABUF_ALLOCATOR_INTERNAL_H__
#define __GST_UDMABUF_ALLOCATOR_INTERNAL_H__

#include <gst/udmabuf/gstudmabufallocator.h>
#include <gst/udmabuf/gstudmabufallocator-private.h>

#endif /* __GST_UDMABUF_ALLOCATOR_INTERNAL_H__ */
