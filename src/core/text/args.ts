const QUOTES: Record<string, string> = { '"': '"', '\u201c': '\u201d', "'": "'", '\u2018': '\u2019' };

/**
 * Splits command text into words, keeping quoted phrases together:
 * `edit "Acme Corp" now` → ["edit", "Acme Corp", "now"]. Slack may send curly quotes.
 */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
    if (i >= s.length) break;
    const close = QUOTES[s[i]!];
    if (close) {
      const end = s.indexOf(close, i + 1);
      if (end > i) {
        out.push(s.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}
