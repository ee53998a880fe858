#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/smoke.sh.
. /add/tap.sh
ko=$UDMABUF_KO/u-dma-buf.ko
mgr=$UDMABUF_KO/u-dma-buf-mgr.ko
case "$(uname -m)" in
aarch64|arm*) quirk=2 ;;
*) quirk=3 ;;
esac

t_dmesg_mark
t_check "u-dma-buf.ko loads" insmod "$ko"
t_check "u-dma-buf-mgr.ko loads" insmod "$mgr"
t_eq "/sys/module/u_dma_buf/version" "$(cat /sys/module/u_dma_buf/version)" "$UDMABUF_VERSION"
t_eq "/sys/module/u_dma_buf_mgr/version" "$(cat /sys/module/u_dma_buf_mgr/version)" "$UDMABUF_VERSION"
t_match "load message names the version" "$(t_dmesg_since)" "u-dma-buf: driver version $UDMABUF_VERSION loaded"

info=$(modinfo "$ko")
t_match "modinfo: license" "$info" "^license: +GPL$"
t_match "modinfo: version" "$info" "^version: +$UDMABUF_VERSION$"
for p in udmabuf0 udmabuf1 udmabuf2 udmabuf3 udmabuf4 udmabuf5 udmabuf6 udmabuf7 \
	udmabuf0_bind udmabuf7_bind bind info_enable dma_mask_bit quirk_mmap_mode; do
	t_match "modinfo: parameter $p" "$info" "^parm: +$p:"
done

params=/sys/module/u_dma_buf/parameters
t_eq "default udmabuf0" "$(cat $params/udmabuf0)" 0
t_eq "default bind" "$(cat $params/bind)" ""
t_eq "default udmabuf3_bind" "$(cat $params/udmabuf3_bind)" ""
t_eq "default info_enable" "$(cat $params/info_enable)" 1
t_eq "default dma_mask_bit" "$(cat $params/dma_mask_bit)" 32
t_eq "default quirk_mmap_mode ($(uname -m))" "$(cat $params/quirk_mmap_mode)" "$quirk"

t_check "u-dma-buf-mgr.ko unloads" rmmod u_dma_buf_mgr
t_check "u-dma-buf.ko unloads" rmmod u_dma_buf
t_check_fails "nothing left loaded" grep -q '^u_dma_buf' /proc/modules
t_match "unload message" "$(t_dmesg_since)" "u-dma-buf: driver removed"
t_done
