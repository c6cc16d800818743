// How a sequence of request times measures against a rate: what both quota tests assert.

/**
 * The most requests any window [t_i, t_j] holds beyond the `rate × length + burst` a token
 * bucket allows (≤ 0 when every window keeps it). Times in milliseconds.
 */
export function worstExcess(times: number[], ratePerSecond: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      worst = Math.max(worst, j - i + 1 - ((ratePerSecond * (sorted[j]! - sorted[i]!)) / 1000 + burst));
    }
  }
  return worst;
}

/** The most requests within any one second. */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}
