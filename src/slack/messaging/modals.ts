import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { errorModal, loadingModal } from '../views/loading.js';
import { wordingOf } from '../views/error-text.js';
import { logFailure } from '../../shared/log-failure.js';

/**
 * Opens a modal at once (the trigger_id lives 3 s), then builds the real view
 * and swaps it in, guarded by the view's hash so a newer update is not overwritten.
 */
export async function openThenFill(
  client: WebClient,
  log: Logger,
  triggerId: string,
  title: string,
  build: () => Promise<ModalView>,
): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: loadingModal(title) });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open answered without the view it opened');
  const hash = opened.view?.hash;
  let view: ModalView;
  try {
    view = await build();
  } catch (err) {
    logFailure(log, err, 'could not prepare a modal');
    const worded = wordingOf(err) ?? { message: 'Something went wrong and nothing was changed.', hint: 'Please try again in a moment.' };
    view = errorModal(title, worded.message, worded.hint);
  }
  await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view });
}
