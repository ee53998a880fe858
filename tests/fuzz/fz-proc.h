/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fork(): a child inherits every fd and mapping (but MADV_DONTFORK ones),
 * writes through a shared mapping, checks what it reads, closes a random
 * part of what it holds and exits; the parent must see the child's write
 * and nothing else changed. Every choice is made before the fork, so the
 * parent's generator stays in step.
 */
#ifndef UDMABUF_FUZZ_PROC_H
#define UDMABUF_FUZZ_PROC_H

#include <sys/wait.h>

#include "fz-map.h"

/* The child: exit status 0, 2 (the data was wrong) or 3 (a mapping was missing). */
static inline void fz_child(int m, uint64_t a, uint64_t n, uint64_t closes)
{
	struct fz_map *mp = &fz.maps[m];
	const uint8_t *want = fz.obj[mp->obj].shadow + mp->off + a;
	int i;

	if (mp->prot & PROT_READ && memcmp(mp->addr + a, want, n))
		_exit(2);
	if (mp->prot & PROT_WRITE)
		memcpy(mp->addr + a, fz.scratch, n);
	if (mp->prot & PROT_READ && (mp->prot & PROT_WRITE) && memcmp(mp->addr + a, fz.scratch, n))
		_exit(2);
	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind != FK_NONE && (closes >> (i % 64) & 1))
			close(fz.fds[i].fd);
	for (i = 0; i < FZ_MAPS; i++)
		if (fz.maps[i].addr && i != m && (closes >> ((i + 7) % 64) & 1))
			munmap(fz.maps[i].addr, fz.maps[i].len);
	_exit(0);
}

static inline int fz_pick_fork_map(void)
{
	int i, n = 0, idx[FZ_MAPS];

	for (i = 0; i < FZ_MAPS; i++)
		if (fz.maps[i].addr && !fz.maps[i].dontfork &&
		    (fz.maps[i].prot & (PROT_READ | PROT_WRITE)))
			idx[n++] = i;
	return n ? idx[fz_below(n)] : -1;
}

static inline void fz_op_fork(void)
{
	int m = fz_pick_fork_map(), status = 0;
	uint64_t a, n, closes = fz_u64();
	struct fz_map *mp;
	pid_t pid;

	if (m < 0)
		return;
	mp = &fz.maps[m];
	fz_map_range(mp, &a, &n);
	fz_rand_bytes(fz.scratch, n);
	fz_log("fork: the child writes mapping %d (object %d) 0x%llx+%llu", m, mp->obj,
	       (unsigned long long)a, (unsigned long long)n);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fz_fail("fork: %s", strerror(errno));
		return;
	}
	if (!pid)
		fz_child(m, a, n, closes);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fz_fail("the forked child ended with status 0x%x (2: wrong data it read)", status);
		return;
	}
	if (mp->prot & PROT_WRITE)
		memcpy(fz.obj[mp->obj].shadow + mp->off + a, fz.scratch, n);
	if (mp->prot & PROT_READ)
		fz_data_check(mp->addr + a, mp->obj, mp->off + a, n, "the child's write");
}

#endif
