import type { KnownBlock } from '@slack/types';
import type { Actor } from '../../core/clients/types.js';
import type { CalendarEvent } from '../../core/events/types.js';
import { timedInterval } from '../../core/stack/conflicts.js';
import type { Logger } from '../../logger.js';
import { logFailure } from '../../shared/log-failure.js';
import type { SlackDeps } from '../deps.js';
import { conflictLine } from '../views/form-check.js';

/**
 * A saved event's message with the conflict line the form shows, when it overlaps another
 * client's event. The event is made already: a check that fails only leaves the line out.
 */
export async function withConflictLine<M extends { text: string; blocks?: KnownBlock[] }>(
  deps: Pick<SlackDeps, 'availability'>,
  log: Logger,
  actor: Actor,
  clientId: string,
  event: CalendarEvent,
  zone: string,
  message: M,
): Promise<M> {
  const span = timedInterval(event);
  if (!span) return message;
  try {
    const { overlaps } = await deps.availability.overlapping(actor, { start: new Date(span.start), end: new Date(span.end) }, { except: event.id, otherThan: clientId });
    const line = conflictLine(overlaps, zone);
    return line ? { ...message, blocks: [...(message.blocks ?? []), { type: 'context', elements: [{ type: 'mrkdwn', text: line }] }] } : message;
  } catch (err) {
    logFailure(log, err, 'checking a new event for conflicts failed');
    return message;
  }
}
