import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { viewerZone } from '../../../core/clients/zone.js';
import { z } from 'zod';
import type { SlackDeps } from '../../deps.js';
import type { FormDeps } from '../../forms/client-forms.js';
import { decodeSelection } from '../../forms/client-selection.js';
import { openNewEventForm } from '../../forms/event-forms.js';
import { checkSpan } from '../../forms/form-check.js';
import { parseStackRequest } from '../../../core/stack/request.js';
import { agendaMessage } from '../../views/agenda.js';
import { errorMessage } from '../../views/errors.js';
import { sendDm } from '../../messaging/notifier.js';
import { actorOf, requestLog } from '../context.js';
import { logFailure } from '../../../shared/log-failure.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

const slotSchema = z.object({ s: z.number(), e: z.number(), f: z.string().max(64), c: z.string().max(1900) });

/** Book on a free slot: the event form with that time, the first client, the others invited. */
export function freeBookAction(deps: FormDeps & Pick<SlackDeps, 'log' | 'stack' | 'availability'>) {
  return async ({ ack, body, action, client, context, respond }: ButtonArgs) => {
    await ack();
    const actor = actorOf(body);
    const parsed = slotSchema.safeParse(parseJson(action.value));
    // The clients come back from the viewer's own list, so a stale or forged value names nobody else's.
    const chosen = parsed.success ? decodeSelection(parsed.data.c, (await deps.clients.list(actor)).map((c) => c.id)) : undefined;
    if (!parsed.success || !chosen?.includes(parsed.data.f)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'These free times are out of date (your clients changed since). Run `/calstack free` again.' });
      return;
    }
    const { s, e, f } = parsed.data;
    const clients = await Promise.all(chosen.map((id) => deps.clients.get(actor, id).catch(() => null)));
    const first = clients.find((x) => x?.id === f) ?? undefined;
    const others = clients.filter((x) => x !== null && x.id !== f);
    const zone = await viewerZone(deps.directory, actor, first?.timeZone ?? 'UTC');
    const log = requestLog(context, deps);
    const guests = others.flatMap((o) => (o?.email ? [o.email] : []));
    await openNewEventForm(
      { client, log, deps, actor, triggerId: body.trigger_id, responseUrl: body.response_url },
      {
        ...(first ? { clientId: first.id } : {}),
        prefill: {
          start: { dateTime: new Date(s).toISOString() },
          end: { dateTime: new Date(e).toISOString() },
          timeZone: zone,
          attendees: guests,
        },
        // Free for these clients, but the user's other clients may be busy then.
        ...(first ? { check: () => checkSpan({ deps, actor, log }, { clientId: first.id, guests, span: { start: new Date(s), end: new Date(e) } }) } : {}),
      },
    );
  };
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}

/** Agenda buttons on the Home tab: the stacked agenda arrives by DM (a Home tab has nowhere to reply). */
export function homeAgendaAction(deps: FormDeps & Pick<SlackDeps, 'log' | 'stack'>) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const actor = actorOf(body);
    try {
      const { range, zone } = await parseStackRequest(deps, actor, action.value === 'week' ? 'this week' : 'today', deps.clock.now());
      const result = await deps.stack.agenda(actor, { ...range, zone });
      await sendDm(client, actor.userId, agendaMessage({ ...result, label: range.label, zone }));
    } catch (err) {
      logFailure(deps.log, err, 'home agenda failed');
      await sendDm(client, actor.userId, errorMessage(err));
    }
  };
}
