const QUOTES: Record<string, string> = { '"': '"', '\u201c': '\u201d', "'": "'", '\u2018': '\u2019' };

/** Slack sends curly quotes as typed; either kind opens a phrase. */
export const OPENING_QUOTES: readonly string[] = Object.keys(QUOTES);

// JavaScript's \s: every Unicode space separator, line and paragraph separators, NBSP and BOM.
// Words are skipped and ended by the same test, so every step of a walk moves forward.
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * The word of `s` at or after `from` (a quoted phrase is one word, without its quotes) and where it
 * ends; null when only whitespace is left. `end` is always past `from`, so a walk always finishes.
 * A phrase whose quotes hold nothing is an empty word: the caller decides whether that means
 * anything.
 */
export function nextArg(s: string, from: number): { word: string; end: number } | null {
  let i = from;
  while (isSpace(s[i])) i++;
  if (i >= s.length) return null;
  const close = QUOTES[s[i] ?? ''];
  if (close) {
    const end = s.indexOf(close, i + 1);
    if (end > i) return { word: s.slice(i + 1, end), end: end + 1 };
  }
  let j = i;
  while (j < s.length && !isSpace(s[j])) j++;
  return { word: s.slice(i, j), end: j };
}

/**
 * Splits command text into words, keeping quoted phrases together:
 * `edit "Acme Corp" now` → ["edit", "Acme Corp", "now"]. Empty quotes make no word.
 */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (let w = nextArg(text, 0); w; w = nextArg(text, w.end)) if (w.word) out.push(w.word);
  return out;
}
