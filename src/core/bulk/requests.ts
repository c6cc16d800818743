import type { Actor } from '../clients/types.js';
import { timeOf, type MoveTime } from './move.js';
import type { BulkJobRecord } from './types.js';

/** What a user asks of a bulk job: run it (just started), retry what failed, cancel it, or move it to `time`. */
export type BulkChange = { jobId: string } & ({ action: 'run' | 'retry' | 'cancel' } | { action: 'move'; time: MoveTime });

/** A change as the job engine carries it: who asked, and what. Plain data, so it survives the process. */
export type BulkRequest = Actor & BulkChange;

/** The items a retry (or a second cancel) runs again: whatever isn't done, including any a crash left pending. */
export const notDone = (job: BulkJobRecord): string[] => job.items.filter((i) => i.status !== 'done').map((i) => i.clientId);

/**
 * The job as `change` leaves it once it starts (the store's reset, markCancelled and startMove,
 * done in memory): what a new progress message shows while the change waits its turn.
 */
export function asStarted(job: BulkJobRecord, change: BulkChange, at: Date): BulkJobRecord {
  const pendingIf = (again: (item: BulkJobRecord['items'][number]) => boolean) =>
    job.items.map((item) => (again(item) ? { ...item, status: 'pending' as const, error: null } : item));
  switch (change.action) {
    case 'run':
      return job;
    case 'retry':
      return { ...job, items: pendingIf((i) => i.status !== 'done') };
    case 'cancel':
      return job.cancelledAt ? { ...job, items: pendingIf((i) => i.status !== 'done') } : { ...job, cancelledAt: at, items: pendingIf(() => true) };
    case 'move':
      if (job.cancelledAt) return job;
      return { ...job, input: { ...job.input, ...timeOf(change.time) }, movedAt: at, items: pendingIf((i) => i.eventId !== null) };
  }
}
