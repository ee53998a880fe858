/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the plugin's unit tests: the pool's public API, as "gstudmabufbufferpool.h". */
#ifndef __GST_UDMABUF_BUFFER_POOL_INTERNAL_H__
#define __GST_UDMABUF_BUFFER_POOL_INTERNAL_H__

#include <gst/udmabuf/gstudmabufbufferpool.h>
#include "gstudmabufallocator.h"

#endif /* __GST_UDMABUF_BUFFER_POOL_INTERNAL_H__ */
