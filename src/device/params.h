/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_DEVICE_PARAMS_H
#define UDMABUF_DEVICE_PARAMS_H

#define UDMABUF_PARAM_BUFFERS	8

#if defined(CONFIG_ARM) || defined(CONFIG_ARM64)
#define UDMABUF_QUIRK_MMAP_DEFAULT	2
#else
#define UDMABUF_QUIRK_MMAP_DEFAULT	3
#endif

extern unsigned long udmabuf_param_size[UDMABUF_PARAM_BUFFERS];
extern char *udmabuf_param_bind_n[UDMABUF_PARAM_BUFFERS];
extern char *udmabuf_param_bind;
extern int udmabuf_param_info_enable;
extern int udmabuf_param_dma_mask_bit;
extern int udmabuf_param_quirk_mmap_mode;

void udmabuf_params_create(void);

#endif
