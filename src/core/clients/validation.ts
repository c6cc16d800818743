import { z } from 'zod';
import { IANAZone } from 'luxon';
import { LINK_PREVIEW_DETAILS, type ClientInput } from './types.js';

export const NAME_MAX = 80;
export const NOTES_MAX = 2000;

export const isValidTimeZone = (zone: string) => IANAZone.isValidZone(zone);

/**
 * Text that is stored as typed: PostgreSQL text holds no NUL (the insert fails) and a lone
 * surrogate is replaced on the way in. A name is one line, so no control characters at all.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (s: string) => !s.includes('\0') && !LONE_SURROGATE.test(s);
// Control characters (C0, DEL, C1) and Unicode line breaks would break a one-line name.
const oneLine = (s: string) => storable(s) && !/[\p{Cc}\u2028\u2029]/u.test(s);

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const clientInputSchema = z.object({
  name: z
    .string({ message: 'Give the client a name.' })
    .trim()
    .min(1, { message: 'Give the client a name.' })
    .max(NAME_MAX, { message: `Keep the name to ${NAME_MAX} characters or fewer.` })
    .refine(oneLine, { message: 'Use letters, digits and punctuation in the name (no control characters).' }),
  email: z.preprocess(
    blankToNull,
    z.string().trim().email({ message: 'That doesn\u2019t look like an email address (name@example.com).' }).nullable(),
  ),
  timeZone: z
    .string({ message: 'Choose a time zone.' })
    .trim()
    .refine(isValidTimeZone, { message: 'Choose a time zone from the list (for example Europe/Paris).' }),
  notes: z.preprocess(
    blankToNull,
    z
      .string()
      .max(NOTES_MAX, { message: `Keep the notes to ${NOTES_MAX} characters or fewer.` })
      .refine(storable, { message: 'The notes hold characters that cannot be saved (a NUL byte); remove them.' })
      .nullable(),
  ),
  managers: z.array(z.string().regex(/^[UW][A-Z0-9]+$/, { message: 'Pick managers from the workspace.' })).default([]),
  linkPreview: z.enum(LINK_PREVIEW_DETAILS, { message: 'Choose what a link to this client\u2019s events shows.' }).default('basic'),
});

export type ClientField = keyof ClientInput;

export class ClientValidationError extends Error {
  constructor(readonly fields: Partial<Record<ClientField, string>>) {
    super(Object.values(fields).join(' '));
    this.name = 'ClientValidationError';
  }
}

export function parseClientInput(raw: unknown): ClientInput {
  const parsed = clientInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: Partial<Record<ClientField, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as ClientField;
    fields[key] ??= issue.message;
  }
  throw new ClientValidationError(fields);
}

/** A URL- and command-friendly id derived from the name: "Acme Corp." → "acme-corp". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base || 'client';
}

export const nameKeyOf = (name: string) => name.trim().toLocaleLowerCase('en');
