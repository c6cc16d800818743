import { createHash } from 'node:crypto';

/**
 * A set of clients short enough for a button's value whatever their number. Slack caps a
 * button value at 2,000 characters, which a list of client ids passes at about 70 clients, so
 * the value carries one bit per client the viewer may see (ordered by id) and a digest of the
 * chosen ids. Decoding against the viewer's clients at click time gives the set back; if their
 * clients changed in between, the digest no longer matches and the selection is refused rather
 * than pointing at the wrong clients. 1,000 visible clients take 168 characters.
 */
export function encodeSelection(chosen: readonly string[], visible: readonly string[]): string {
  const order = [...new Set(visible)].sort();
  const wanted = new Set(chosen);
  const bits = Buffer.alloc(Math.ceil(order.length / 8));
  order.forEach((id, i) => {
    if (wanted.has(id)) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return `${bits.toString('base64url')}.${digest(chosen)}`;
}

/** The chosen ids, or undefined when the token does not fit the viewer's clients any more. */
export function decodeSelection(token: string, visible: readonly string[]): string[] | undefined {
  const [bitmap = '', check = ''] = token.split('.');
  const order = [...new Set(visible)].sort();
  const bits = Buffer.from(bitmap, 'base64url');
  const chosen = order.filter((_, i) => ((bits[i >> 3] ?? 0) >> (i & 7)) & 1);
  return chosen.length > 0 && digest(chosen) === check ? chosen : undefined;
}

function digest(ids: readonly string[]): string {
  return createHash('sha256').update([...new Set(ids)].sort().join(',')).digest('base64url').slice(0, 16);
}
