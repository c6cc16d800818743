/**
 * Nothing longer is close to a name: client names are at most 80 characters and command names a
 * few words, so longer text is never compared, which bounds every comparison's cost.
 */
export const MAX_COMPARED = 100;

/**
 * Edit distance where swapping two neighbours counts as one typo ("hepl" → "help"), case-insensitive.
 * Only the first MAX_COMPARED characters of each side take part.
 */
export function editDistance(a: string, b: string): number {
  const s = a.slice(0, MAX_COMPARED).toLowerCase();
  const t = b.slice(0, MAX_COMPARED).toLowerCase();
  // Three rows are all the recurrence reads (i-2 for a swap), instead of a whole matrix.
  let before = new Array<number>(t.length + 1).fill(0);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let row = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidates closest to `input`, best first: those within a distance that grows with the
 * word's length, or that start with the input. Text longer than MAX_COMPARED has none, and a
 * candidate whose length alone puts it out of reach is not compared at all.
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  if (needle.length > MAX_COMPARED) return [];
  const maxDistance = Math.max(1, Math.floor(needle.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lower = c.toLowerCase();
    // A prefix is reached by appending only; otherwise the length difference is a lower bound.
    if (lower.startsWith(needle)) scored.push({ c, d: lower.length - needle.length });
    else if (Math.abs(lower.length - needle.length) <= maxDistance) {
      const d = editDistance(needle, c);
      if (d <= maxDistance) scored.push({ c, d });
    }
  }
  return scored
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map(({ c }) => c);
}
