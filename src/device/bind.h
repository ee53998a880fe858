/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_DEVICE_BIND_H
#define UDMABUF_DEVICE_BIND_H

struct device;

struct device *udmabuf_bind_lookup(const char *who, const char *spec);

#endif
