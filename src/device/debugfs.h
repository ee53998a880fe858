/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_DEVICE_DEBUGFS_H
#define UDMABUF_DEVICE_DEBUGFS_H

void udmabuf_debugfs_init(void);
void udmabuf_debugfs_exit(void);

#endif
