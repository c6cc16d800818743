const HOURS = String.raw`(?:h|hrs?|hours?)`;
const MINUTES = String.raw`(?:m|mins?|minutes?)`;
const HOURS_FORM = String.raw`(\d+(?:\.\d+)?)\s*${HOURS}(?:\s*(?:and\s+)?(\d{1,2})(?:\s*${MINUTES})?)?`;
const MINUTES_FORM = String.raw`(\d+)\s*${MINUTES}`;
const WORDS_FORM = String.raw`(half\s+an\s+hour|an?\s+hour(?:\s+and\s+a\s+half)?)`;

/**
 * A duration phrase, unanchored and without capture groups so quick-add can find one inside a
 * sentence: "45m", "1.5 hours", "1h30", "1h 30m", "1 hour and 15 minutes", "an hour", "half an hour".
 */
export const DURATION_PATTERN = String.raw`(?:${[WORDS_FORM, HOURS_FORM, MINUTES_FORM].join('|').replace(/\((?!\?)/g, '(?:')})(?![a-z0-9])`;

const WHOLE = new RegExp(String.raw`^(?:${WORDS_FORM}|${HOURS_FORM}|${MINUTES_FORM})$`, 'i');

/** Minutes in a duration phrase such as "45m", "1h30" or "half an hour"; null when it isn't one. */
export function parseDuration(text: string): number | null {
  const m = WHOLE.exec(text.trim().replace(/\s+/g, ' '));
  if (!m) return null;
  const [, words, hours, extraMinutes = '0', minutesOnly] = m;
  if (Number(extraMinutes) > 59) return null;
  const minutes = words
    ? /^half/i.test(words) ? 30 : /half$/i.test(words) ? 90 : 60
    : hours
      ? Number(hours) * 60 + Number(extraMinutes)
      : Number(minutesOnly);
  return Math.round(minutes) > 0 ? Math.round(minutes) : null;
}
