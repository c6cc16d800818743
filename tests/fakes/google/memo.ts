/**
 * A value per key, worked out once: at most `kept` keys are remembered (all forgotten when full).
 * Only for what is a pure function of its key, so remembering it changes no answer; a `make` that
 * throws remembers nothing.
 */
export function memo<V>(kept: number): (key: string, make: () => V) => V {
  const known = new Map<string, V>();
  return (key, make) => {
    if (known.has(key)) return known.get(key) as V;
    const value = make();
    if (known.size >= kept) known.clear();
    known.set(key, value);
    return value;
  };
}
