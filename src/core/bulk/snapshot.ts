import type { Client } from '../clients/types.js';
import type { BulkItemRecord, BulkItemView, BulkJobRecord, BulkJobSummary, BulkMode, BulkSnapshot } from './types.js';

export const modeOf = (job: Pick<BulkJobRecord, 'cancelledAt' | 'movedAt'>): BulkMode => (job.cancelledAt ? 'cancel' : job.movedAt ? 'move' : 'create');

/** The job as a view shows it: each item with its client's name (or that it was removed), counted by state. */
export function snapshotOf(job: BulkJobRecord, clients: Map<string, Client | null>, final: boolean): BulkSnapshot {
  const { items, ...rest } = job;
  const views: BulkItemView[] = items
    .map((item) => {
      const client = clients.get(item.clientId);
      return { ...item, clientName: client?.name ?? 'A removed client', clientTimeZone: client?.timeZone ?? job.input.timeZone };
    })
    .sort((a, b) => a.clientName.localeCompare(b.clientName, 'en', { sensitivity: 'base' }));
  const count = (s: BulkItemRecord['status']) => items.filter((i) => i.status === s).length;
  return {
    job: { ...rest },
    mode: modeOf(job),
    items: views,
    total: items.length,
    done: count('done'),
    failed: count('failed'),
    pending: count('pending'),
    final,
  };
}

export const summaryOf = (job: BulkJobRecord): BulkJobSummary => ({
  id: job.id,
  input: job.input,
  // After a cancel, only the events that could not be removed are still there.
  clients: job.items.filter((i) => i.eventId && !(job.cancelledAt && i.status === 'done')).length,
  cancelled: Boolean(job.cancelledAt),
});
