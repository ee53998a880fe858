/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_CORE_DEBUGFS_H
#define UDMABUF_CORE_DEBUGFS_H

void udmabuf_debugfs_init(void);
void udmabuf_debugfs_exit(void);

#endif
