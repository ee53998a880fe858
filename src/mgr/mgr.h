/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_MGR_H
#define UDMABUF_MGR_H

#include <linux/types.h>

/* Bytes a command line may span, per open file, as upstream. */
#define UDMABUF_MGR_BUFFER_SIZE	1024

int udmabuf_mgr_command(char *line);

#endif
