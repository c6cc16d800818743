import { z } from 'zod';

const metaSchema = z.object({
  clientId: z.string().max(64).optional(),
  calendarId: z.string().max(1024).optional(),
  eventId: z.string().max(1024).optional(),
  responseUrl: z.string().url().optional(),
  /** The event form, editing: a digest per group of fields as shown (core/events/edit.ts). */
  shown: z.record(z.string().max(32), z.string().max(32)).optional(),
  /** A bulk job (the Move modal). */
  jobId: z.string().min(1).max(64).optional(),
});

export type ModalMeta = z.infer<typeof metaSchema>;

/** Reads a modal's private_metadata; anything malformed counts as empty. */
export function parseMeta(raw: string | undefined): ModalMeta {
  try {
    const parsed = metaSchema.safeParse(JSON.parse(raw || '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
