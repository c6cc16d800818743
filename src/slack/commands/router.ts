import type { Subcommand } from './types.js';
import { closestMatches } from '../../shared/similar.js';

export type Route =
  | { kind: 'found'; subcommand: Subcommand; args: string }
  | { kind: 'unknown'; word: string; suggestions: string[] };

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);

/** Picks the subcommand whose name is the longest prefix of the text's words. */
export function route(text: string, subcommands: readonly Subcommand[], fallback: Subcommand): Route {
  const input = words(text);
  if (input.length === 0) return { kind: 'found', subcommand: fallback, args: '' };
  let best: { subcommand: Subcommand; length: number } | undefined;
  for (const sub of subcommands) {
    const name = words(sub.name);
    const matches = name.every((w, i) => input[i]?.toLowerCase() === w);
    if (matches && (!best || name.length > best.length)) best = { subcommand: sub, length: name.length };
  }
  if (best) {
    // Keep the user's own spacing and quotes in the arguments.
    const rest = text.trim().replace(new RegExp(`^(\\S+\\s*){${best.length}}`), '');
    return { kind: 'found', subcommand: best.subcommand, args: rest.trim() };
  }
  const typed = input.slice(0, 2).join(' ').toLowerCase();
  const names = subcommands.map((s) => s.name);
  const word = input[0] ?? '';
  const suggestions = [...new Set([...closestMatches(typed, names), ...closestMatches(word, names)])].slice(0, 3);
  return { kind: 'unknown', word, suggestions };
}
