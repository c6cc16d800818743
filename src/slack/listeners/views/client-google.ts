import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../../deps.js';
import { UserFacingError } from '../../../core/errors.js';
import { ids } from '../../forms/ids.js';
import { postToResponseUrl } from '../../messaging/respond.js';
import { esc } from '../../views/mrkdwn.js';
import { parseMeta } from '../../views/meta.js';
import { actorOf, requestLog } from '../context.js';

const settingsSchema = z.object({
  googleClientId: z
    .string()
    .trim()
    .max(255)
    .regex(/^$|^[\w.-]+\.apps\.googleusercontent\.com$/, { message: 'A Google OAuth client id ends with .apps.googleusercontent.com.' }),
  clientSecret: z.string().trim().max(255).optional(),
  accessLevel: z.enum(['read', 'events', 'full']),
});

export function clientGoogleSubmission(deps: Pick<SlackDeps, 'connections' | 'log'>) {
  return async ({ ack, body, view, context }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const log = requestLog(context, deps);
    const actor = actorOf(body);
    const meta = parseMeta(view.private_metadata);
    const v = view.state.values;
    const parsed = settingsSchema.safeParse({
      googleClientId: v[ids.blocks.googleClientId]?.value?.value ?? '',
      clientSecret: v[ids.blocks.googleSecret]?.value?.value || undefined,
      accessLevel: v[ids.blocks.googleAccess]?.value?.selected_option?.value,
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const block = { googleClientId: ids.blocks.googleClientId, clientSecret: ids.blocks.googleSecret, accessLevel: ids.blocks.googleAccess }[issue.path[0] as string];
        if (block) errors[block] ??= issue.message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    const { googleClientId, clientSecret, accessLevel } = parsed.data;
    let message: string;
    try {
      if (!googleClientId) {
        const client = await deps.connections.useDefaultApp(actor, meta.clientId ?? '');
        message = `*${esc(client.name)}* now uses the workspace\u2019s default Google OAuth app.`;
      } else {
        const client = await deps.connections.saveOwnApp(actor, meta.clientId ?? '', { googleClientId, ...(clientSecret ? { clientSecret } : {}), accessLevel });
        message = `*${esc(client.name)}* now uses its own Google OAuth app. Reconnect it (\`/calstack connect ${client.slug}\`) for the change to apply.`;
      }
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      await ack({ response_action: 'errors', errors: { [clientSecret ? ids.blocks.googleClientId : ids.blocks.googleSecret]: err.message } });
      return;
    }
    await ack();
    await postToResponseUrl(meta.responseUrl, { text: `:white_check_mark: ${message}` }, log);
  };
}
