import type { EventTime } from '../events/types.js';
import type { FeedChange, FeedConflict, FeedNotice } from './types.js';

/** More changes than this in one sync are told in one message, not one each. */
export const BURST = 5;
/** A burst's message lists this many of its changes. */
export const BURST_LISTED = 5;

function startMs(time: EventTime): number {
  return Date.parse(time.dateTime ?? `${time.date}T00:00:00Z`);
}

/** How far a move shifted the event, in minutes; null when it also changed length or kind. */
function shiftOf(change: FeedChange): number | null {
  if (change.kind !== 'moved' || change.before.allDay !== change.after.allDay) return null;
  const startShift = startMs(change.after.start) - startMs(change.before.start);
  const endShift = startMs(change.after.end) - startMs(change.before.end);
  return Number.isFinite(startShift) && startShift === endShift ? startShift / 60_000 : null;
}

/**
 * One sync's changes as messages: each on its own while there are few, else one message for
 * all ("14 events of *Weekly sync* moved 30 min later" when they are one series shifted alike).
 * `conflictsOf` adds, to a single change, the other clients' events it now overlaps.
 */
export function groupChanges(changes: readonly FeedChange[], conflictsOf: (change: FeedChange) => FeedConflict[] = () => []): FeedNotice[] {
  if (changes.length <= BURST) return changes.map((change) => ({ kind: 'change', change, conflicts: conflictsOf(change) }));
  const first = changes[0];
  const shift = first ? shiftOf(first) : null;
  if (first?.kind === 'moved' && shift !== null && shift !== 0 && changes.every((c) => c.kind === 'moved' && c.after.title === first.after.title && shiftOf(c) === shift)) {
    return [{ kind: 'series-moved', title: first.after.title, count: changes.length, shiftMinutes: shift }];
  }
  return [{ kind: 'burst', count: changes.length, first: changes.slice(0, BURST_LISTED) }];
}
