/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_PRELUDE_H__
#define __GST_UDMABUF_PRELUDE_H__

#include <gst/gst.h>

/**
 * GST_UDMABUF_API:
 *
 * Marks the functions libgstudmabuf-1.0 exports; everything else in the
 * library is hidden.
 */
#ifdef BUILDING_GST_UDMABUF
#define GST_UDMABUF_API GST_API_EXPORT
#else
#define GST_UDMABUF_API GST_API_IMPORT
#endif

#endif /* __GST_UDMABUF_PRELUDE_H__ */
