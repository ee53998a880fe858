// SPDX-License-Identifier: MIT
/*
 * udmabuf command: the progress bar of dump and load, on stderr when it is
 * a terminal and silent otherwise.
 */
#include "cli.h"

#include <stdio.h>
#include <unistd.h>

#define CLI_BAR 40

void cli_progress_start(struct cli_progress *p, uint64_t total)
{
	p->on = isatty(STDERR_FILENO) && total;
	p->total = total;
	p->shown = -1;
	cli_progress_update(p, 0);
}

void cli_progress_update(struct cli_progress *p, uint64_t done)
{
	int pct, fill, i;

	if (!p->on)
		return;
	pct = (int)(done * 100 / p->total);
	if (pct == p->shown)
		return;
	p->shown = pct;
	fill = pct * CLI_BAR / 100;
	fputs("\r[", stderr);
	for (i = 0; i < CLI_BAR; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %llu/%llu bytes", pct, (unsigned long long)done,
		(unsigned long long)p->total);
	fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->on)
		fputc('\n', stderr);
}
