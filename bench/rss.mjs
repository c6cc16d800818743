// Prints this process's resident memory (VmRSS, KiB) and exits: the baseline of a bare Node
// process (`node bench/rss.mjs`) or of Node with a loader (`node --import tsx bench/rss.mjs`).
import { readFileSync } from 'node:fs';

process.stdout.write(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '');
