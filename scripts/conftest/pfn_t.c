// SPDX-License-Identifier: GPL-2.0
/* Up to 6.16: vmf_insert_mixed() takes a pfn_t; later an unsigned long. */
#include <linux/mm.h>
#include <linux/pfn_t.h>

vm_fault_t conftest(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
vm_fault_t conftest(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	return vmf_insert_mixed(vma, addr, __pfn_to_pfn_t(pfn, 0));
}
