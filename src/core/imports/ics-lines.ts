/**
 * An iCalendar file cut into its calendars and their events, as text, before any value is read:
 * ical.js refuses a whole file for one bad value (an unreadable RRULE), so each VEVENT is read on
 * its own and one bad event stays that event's problem. Lines are unfolded here (CRLF, LF or CR).
 */
export interface IcsChunk {
  /** 1-based position among the file's events, and the line its BEGIN:VEVENT is on. */
  index: number;
  line: number;
  /** The event's unfolded lines, BEGIN:VEVENT to END:VEVENT, VALARMs included. */
  text: string;
  /** Its END:VEVENT never came: the file looks cut short. */
  unclosed: boolean;
}

export interface IcsCalendar {
  /** The calendar's X-WR-TIMEZONE (the first one), as written. */
  wrTimeZone: string | null;
  events: IcsChunk[];
  /** Its VTIMEZONE blocks, as text: read only for a TZID no table knows. */
  timezones: string[];
}

interface LogicalLine {
  line: number;
  text: string;
}

function* unfolded(content: string): Generator<LogicalLine> {
  let current: LogicalLine | null = null;
  let line = 0;
  for (const raw of content.split(/\r\n|\n|\r/)) {
    line++;
    if (current && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      current.text += raw.slice(1);
      continue;
    }
    if (current) yield current;
    current = { line, text: raw };
  }
  if (current) yield current;
}

/** `BEGIN:X` / `END:X` → ['BEGIN', 'X'], in upper case; anything else → null. */
function boundary(text: string): ['BEGIN' | 'END', string] | null {
  const [, kind, name] = /^(BEGIN|END):(.*)$/i.exec(text.trim()) ?? [];
  return kind && name !== undefined ? [kind.toUpperCase() as 'BEGIN' | 'END', name.trim().toUpperCase()] : null;
}

const MAX_DEPTH = 20;

const propertyName = (text: string) => (text.split(/[:;]/)[0] ?? '').toUpperCase();

/** Every VCALENDAR of the file (several may follow one another), with its VEVENTs. */
export function splitIcs(content: string): IcsCalendar[] {
  const calendars: IcsCalendar[] = [];
  // Components open around the current line; only VEVENTs directly in a VCALENDAR are events.
  const open: string[] = [];
  let calendar: IcsCalendar | null = null;
  // The VEVENT (or VTIMEZONE) being collected, with the components open inside it (VEVENT, VALARM...).
  let block: { kind: 'VEVENT' | 'VTIMEZONE'; chunk: IcsChunk; lines: string[]; inside: string[] } | null = null;
  let count = 0;
  const close = (unclosed: boolean) => {
    if (!block) return;
    block.chunk.unclosed = unclosed;
    block.chunk.text = block.lines.join('\r\n');
    if (block.kind === 'VTIMEZONE' && !unclosed) calendar?.timezones.push(block.chunk.text);
    block = null;
    open.pop();
  };
  for (const { line, text } of unfolded(content)) {
    const mark = boundary(text);
    if (block && mark?.[0] === 'END' && mark[1] === 'VCALENDAR') close(true);
    if (block) {
      block.lines.push(text);
      if (mark?.[0] === 'BEGIN') block.inside.push(mark[1]);
      if (mark?.[0] === 'END' && block.inside.at(-1) === mark[1]) block.inside.pop();
      if (!block.inside.length) close(false);
      continue;
    }
    if (mark?.[0] === 'BEGIN') {
      // Real files nest a few levels; past that, a BEGIN is ignored, which keeps each END's search short.
      if (open.length >= MAX_DEPTH) continue;
      if (mark[1] === 'VCALENDAR' && open.length === 0) {
        calendar = { wrTimeZone: null, events: [], timezones: [] };
        calendars.push(calendar);
      } else if (mark[1] === 'VEVENT' && calendar && open.length === 1) {
        const chunk: IcsChunk = { index: ++count, line, text: '', unclosed: false };
        calendar.events.push(chunk);
        block = { kind: 'VEVENT', chunk, lines: [text], inside: ['VEVENT'] };
      } else if (mark[1] === 'VTIMEZONE' && calendar && open.length === 1) {
        block = { kind: 'VTIMEZONE', chunk: { index: 0, line, text: '', unclosed: false }, lines: [text], inside: ['VTIMEZONE'] };
      }
      open.push(mark[1]);
    } else if (mark?.[0] === 'END') {
      const at = open.lastIndexOf(mark[1]);
      if (at >= 0) open.length = at;
    } else if (calendar && open.length === 1 && calendar.wrTimeZone === null && propertyName(text) === 'X-WR-TIMEZONE') {
      calendar.wrTimeZone = text.slice(text.indexOf(':') + 1).trim();
    }
  }
  close(true);
  return calendars;
}
