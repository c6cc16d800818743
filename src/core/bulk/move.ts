import type { EventInput, Notify } from '../calendars/ports.js';
import { inputFromDraft } from '../events/draft.js';
import { parseQuickAdd } from '../events/quick-add.js';

/** A block without guests tells nobody (Google would email no one anyway, but we say so); one with guests tells them all. */
export const bulkNotify = (input: Pick<EventInput, 'attendees'>): Notify => (input.attendees.length ? 'all' : 'none');

/**
 * Move and Cancel tell every guest the event has by then, not the guests the job was made with:
 * someone may have invited people to a block since, and a moved or cancelled meeting must reach
 * them. Google emails only an event's guests, so a block still without guests emails nobody.
 */
export const CHANGE_NOTIFY: Notify = 'all';

/** The part of a bulk job's event that a Move changes. */
export type MoveTime = Pick<EventInput, 'start' | 'end' | 'timeZone'>;

export const timeOf = (input: MoveTime): MoveTime => ({ start: input.start, end: input.end, timeZone: input.timeZone });

/**
 * Stands in for the title, so the phrase is read like quick add without the job's own title
 * taking part: a title such as "Sprint 12" or "Lunch at noon" would otherwise be read as a date.
 */
const PLACEHOLDER = 'Event';
const ALL_DAY = /\ball[ -]day\b/i;

/**
 * Reads a new time for a bulk job ("Dec 26-28", "Dec 18 3-4pm", "next Tue 9am for 1h") like
 * quick add, in `zone`. A bare date keeps an all-day job all-day (as its title would have made
 * it); for a timed job it needs a time. Anything doubtful, or words left over that aren't part of
 * a time, is an error for the user rather than a guess.
 */
export function parseMoveTime(text: string, opts: { now: Date; zone: string; allDay: boolean }): { time: MoveTime } | { error: string } {
  const phrase = text.replace(/\s+/g, ' ').trim();
  if (!phrase) return { error: 'Give the new time, e.g. Dec 26-28 or Dec 18 3-4pm.' };
  const cue = opts.allDay && !ALL_DAY.test(phrase) ? ' all day' : '';
  const parsed = parseQuickAdd(`${PLACEHOLDER}${cue} ${phrase}`, { now: opts.now, zone: opts.zone });
  if (parsed.kind === 'unclear') {
    const reason = parsed.reason === 'no title' ? 'no date or time' : parsed.reason;
    return { error: `I wasn\u2019t sure about \u201c${phrase}\u201d (${reason}), so nothing was changed.` };
  }
  const { draft } = parsed;
  if (draft.title !== PLACEHOLDER) {
    const extra = draft.title.startsWith(`${PLACEHOLDER} `) ? draft.title.slice(PLACEHOLDER.length + 1) : draft.title;
    return { error: `I couldn\u2019t read \u201c${extra}\u201d as part of a time, so nothing was changed. Give only the new time.` };
  }
  if (draft.attendees.length) return { error: 'Only the time can change here; leave out the guests.' };
  return { time: timeOf(inputFromDraft(draft)) };
}
