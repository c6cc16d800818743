import type { AllMiddlewareArgs, BlockAction, BlockElementAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../../deps.js';
import { findTimes, pickTime, refreshCheck, type FormCheckRequest } from '../../forms/form-check.js';
import { CHECKED_BLOCKS } from '../../views/event-modal.js';
import { actorOf, requestLog } from '../context.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<BlockElementAction>>;
type Deps = Pick<SlackDeps, 'availability' | 'directory' | 'clock' | 'log'>;

/** The time and guest inputs of the event form (with the ids Find a time gives them): they dispatch on change. */
const CHECKED_INPUT = new RegExp(`^(?:${CHECKED_BLOCKS.join('|')})(?:\\.\\d+)?$`);
/**
 * Every input of the app's forms has the action_id `value`; the block tells them apart. Matched
 * here rather than with Bolt's block_id RegExp constraint, which throws on a payload without a
 * block_id and so fails every other listener of that request.
 */
export const inputActions = { type: 'block_actions' as const, action_id: 'value' };

/** Acks at once (Slack waits 3 s at most), then works on the open form; a payload without one is ignored. */
function onForm(deps: Deps, work: (req: FormCheckRequest, action: BlockElementAction) => Promise<void>) {
  return async ({ ack, body, action, client, context }: Args) => {
    await ack();
    if (!body.view) return;
    await work({ client, log: requestLog(context, deps), deps, actor: actorOf(body), view: body.view }, action);
  };
}

/** A start, end, duration or guest changed: the check under the time again. Another input's action is not ours to ack. */
export const formChangedAction = (deps: Deps) => {
  const check = onForm(deps, (req) => refreshCheck(req));
  return async (args: Args) => {
    if (!('block_id' in args.action) || !CHECKED_INPUT.test(args.action.block_id)) return;
    await check(args);
  };
};

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
