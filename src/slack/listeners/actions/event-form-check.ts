import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../../deps.js';
import { findTimes, pickTime, refreshCheck, type FormCheckRequest, type OpenForm } from '../../forms/form-check.js';
import { CHECKED_BLOCKS } from '../../views/event-modal.js';
import { actorOf, requestLog } from '../context.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<BlockElementAction>>;
type Deps = Pick<SlackDeps, 'availability' | 'directory' | 'clock' | 'log'>;

/** The time and guest inputs of the event form (with the ids Find a time gives them): they dispatch on change. */
export const checkedInputs = { type: 'block_actions' as const, block_id: new RegExp(`^(?:${CHECKED_BLOCKS.join('|')})(?:\\.\\d+)?$`), action_id: 'value' };

/** Acks at once (Slack waits 3 s at most), then works on the open form; a payload without one is ignored. */
function onForm(deps: Deps, work: (req: FormCheckRequest, action: BlockElementAction) => Promise<void>) {
  return async ({ ack, body, action, client, context }: Args) => {
    await ack();
    if (!body.view) return;
    await work({ client, log: requestLog(context, deps), deps, actor: actorOf(body), view: body.view as unknown as OpenForm }, action);
  };
}

/** A start, end, duration or guest changed: the check under the time again. */
export const formChangedAction = (deps: Deps) => onForm(deps, (req) => refreshCheck(req));

export const findTimeAction = (deps: Deps) => onForm(deps, (req) => findTimes(req));

const slotSchema = z.object({ s: z.number().int(), e: z.number().int() }).refine((x) => x.e > x.s);

/** One of the proposed times: into the start and end. A tampered value changes nothing. */
export const pickTimeAction = (deps: Deps) =>
  onForm(deps, async (req, action) => {
    let parsed;
    try {
      parsed = slotSchema.safeParse(JSON.parse('value' in action && typeof action.value === 'string' ? action.value : ''));
    } catch {
      return;
    }
    if (parsed.success) await pickTime(req, { start: parsed.data.s, end: parsed.data.e });
  });
