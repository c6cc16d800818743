/** "1 event", "2 events": a count shown to users, with its noun agreeing. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
