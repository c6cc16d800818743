// Generated user text for the parsers' property tests: what Slack can deliver in a command or a
// form field (at most 4,000 characters), weighted towards what breaks parsers: every kind of
// whitespace, control characters, lone surrogates, quotes, mrkdwn and mentions, and the words the
// parsers look for, so generated text also reaches their deeper branches.
import fc from 'fast-check';

/** Slack's longest slash command text. */
export const SLACK_TEXT_MAX = 4000;

export const WHITESPACE = [
  ' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2007', '\u200a', '\u2028', '\u2029',
  '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u200b',
];

const ODD = [
  '\0', '\u0001', '\u001b', '\u007f', '\u200d', '\u202e', '\ud800', '\udfff', '\ud83d', '\ud83d\ude00', '\u0301', '\uffff',
  '"', "'", '\u201c', '\u201d', '\u2018', '\u2019', '`', '```', '*', '_', '~', '>', '<', '&', '&amp;', '|', '\\',
  '<!channel>', '<!here>', '<!everyone>', '<@U0ADMIN>', '<#C0CALSTACK|general>', '<mailto:bob@example.com|bob@example.com>',
  '-', '\u2013', '\u2014', '..', ':', '.', ',', ';', '=', '/', '@', '%', '+', '(', ')', '[', ']', '{', '}',
];

const WORDS = [
  'acme', 'Acme Corp', 'globex', 'all', 'help', 'client', 'edit', 'add', 'use', 'events', 'agenda', 'free', 'block',
  'today', 'tomorrow', 'next', 'week', 'month', 'monday', 'Tue', 'dec', 'Dec 24', 'jan 12', '2026-12-01', '1', '12',
  '3', '12:30', '9am', '3-4pm', 'pm', 'noon', 'midnight', 'to', 'through', 'until', 'at', 'on', 'for', 'from', 'with',
  'and', '1h', '45m', '1.5 hours', 'half an hour', 'an hour', '99999999999999999999', 'bob@example.com', 'ooo', 'all day',
  'FREQ=WEEKLY', 'FREQ=DAILY', 'BYDAY=MO,WE', 'COUNT=3', 'UNTIL=20261231T000000Z', 'INTERVAL=2', 'RRULE:', 'FREQ=',
];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WHITESPACE) },
  { weight: 4, arbitrary: fc.constantFrom(...ODD) },
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
);

/**
 * Text a user could send: mostly short, sometimes long, sometimes a pattern repeated up to
 * Slack's limit (where quadratic work shows). Cutting at a fixed length may split a surrogate
 * pair, which is also what a careless client may send.
 */
export const userText = (max = SLACK_TEXT_MAX): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit, maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit, maxLength: 400 }).map((s) => s.slice(0, max)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ unit, minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max }))
        .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)),
    },
  );

/** A run's settings: seeded so a failure reproduces, bounded so the file takes a few seconds. */
export const runs = (numRuns: number) => ({ seed: 20261201, numRuns, endOnFailure: true });

/**
 * Calls `parse` and fails if it takes longer than a bound no correct parser comes near: the
 * slowest (chrono over Slack's longest text) take about 200 ms on a quiet machine, the defects
 * this guards against took 7 s to minutes. The margin is for a shared, loaded machine.
 */
export function quickly<T>(parse: () => T, boundMs = 2000): T {
  const started = performance.now();
  const result = parse();
  const ms = performance.now() - started;
  if (ms > boundMs) throw new Error(`took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  return result;
}
