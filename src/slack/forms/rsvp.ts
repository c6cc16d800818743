import { z } from 'zod';
import { ANSWERS, type Answer } from '../../core/invitations/types.js';
import { ids } from './ids.js';

/** The action id of each answer's button. */
export const rsvpActions: Record<Answer, string> = { accepted: ids.actions.rsvpAccept, tentative: ids.actions.rsvpMaybe, declined: ids.actions.rsvpDecline };

/** The answer modal's inputs. */
export const rsvpBlocks = { answer: 'rsvp_answer', note: 'rsvp_note' } as const;

/**
 * What an invitation's buttons carry: the client's id, the calendar and the event, all scoped
 * to the workspace by the client (checked again on every use); `l` marks a button of
 * `/calstack invites` and what the list was asked for. Never a token or anything secret.
 */
const refSchema = z.object({ c: z.string().min(1).max(64), k: z.string().min(1).max(1024), e: z.string().min(1).max(1024), l: z.string().max(100).optional() });
export type RsvpRef = z.infer<typeof refSchema>;

export const rsvpButtonValue = (ref: RsvpRef): string => JSON.stringify(ref);

const parseJson = <T>(schema: z.ZodType<T>, raw: string | undefined): T | null => {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export const parseRsvpRef = (raw: string | undefined): RsvpRef | null => parseJson(refSchema, raw);

/** The modal's private_metadata: the button's ref, the answer pressed, and where the message can be replaced. */
const metaSchema = refSchema.extend({ a: z.enum(ANSWERS as [Answer, ...Answer[]]), u: z.string().url().optional() });
export type RsvpMeta = z.infer<typeof metaSchema>;

export const parseRsvpMeta = (raw: string | undefined): RsvpMeta | null => parseJson(metaSchema, raw);
