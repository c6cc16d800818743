// The fake Slack is no kinder than Slack about what imports rely on: file_input only in a modal's
// input block with 1-10 files, the picked files in the view's state, and a shared file's details
// and bytes only for a token with files:read (Slack's sign-in page otherwise).
import { describe, expect, it } from 'vitest';
import { client, fake, modal, platformError, startFakeSlackEachTest } from '../fakes/slack-test-kit.js';

startFakeSlackEachTest();

const plain = (text: string) => ({ type: 'plain_text', text });
const fileInput = (extra: Record<string, unknown> = {}) => ({ type: 'file_input', action_id: 'file', filetypes: ['ics', 'csv'], max_files: 1, ...extra });
const inputBlock = (element: Record<string, unknown>) => ({ type: 'input', block_id: 'file_block', label: plain('File'), element });
const open = (blocks: unknown[]) => client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ submit: plain('Import'), blocks }) as never });

describe('file_input and shared files in the fake Slack', () => {
  it('takes file_input in a modal\u2019s input block, and a person\u2019s picked file shows in the view\u2019s state', async () => {
    const opened = await open([inputBlock(fileInput())]);
    const viewId = String(opened.view?.id);
    expect(fake.views.get(viewId)?.state.values.file_block).toEqual({ file: { type: 'file_input', files: [] } });
    const file = fake.shareFile({ name: 'a.csv', content: 'title,start\n', user: 'U1' });
    const state = fake.enterValues(viewId, { file_block: { file: { type: 'file_input', files: [file] } } }).state.values;
    expect(state.file_block?.file).toEqual({ type: 'file_input', files: [file] });
  });

  it('refuses file_input in a message, a Home tab, an actions block, or with max_files outside 1-10', async () => {
    const invalid = async (p: Promise<unknown>) => (await platformError(p)).data.error;
    expect(await invalid(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [inputBlock(fileInput())] as never }))).toBe('invalid_blocks');
    expect(await invalid(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [inputBlock(fileInput())] } as never }))).toBe('invalid_blocks');
    expect(await invalid(open([{ type: 'actions', elements: [fileInput()] }]))).toBe('invalid_blocks');
    expect(await invalid(open([inputBlock(fileInput({ max_files: 0 }))]))).toBe('invalid_blocks');
    expect(await invalid(open([inputBlock(fileInput({ max_files: 11 }))]))).toBe('invalid_blocks');
    expect(await invalid(open([inputBlock(fileInput({ filetypes: 'csv' }))]))).toBe('invalid_blocks');
    await expect(open([inputBlock(fileInput({ max_files: 10 }))])).resolves.toMatchObject({ ok: true });
  });

  it('describes and serves a shared file only to a token with files:read; without, files.info is missing_scope and the URL the sign-in page', async () => {
    const file = fake.shareFile({ name: 'events.csv', content: 'title,start\nA,2027-01-01 10:00\n', user: 'U1' });
    await expect(client.files.info({ file: file.id })).resolves.toMatchObject({ ok: true, file: { id: file.id, name: 'events.csv', filetype: 'csv', size: Buffer.byteLength('title,start\nA,2027-01-01 10:00\n') } });
    expect((await platformError(client.files.info({ file: 'F0NOPE' }))).data.error).toBe('file_not_found');
    const ok = await fetch(file.url_private_download, { headers: { Authorization: 'Bearer xoxb-test' } });
    expect([ok.status, await ok.text()]).toEqual([200, 'title,start\nA,2027-01-01 10:00\n']);

    const anonymous = await fetch(file.url_private_download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toContain('text/html');
    expect(await anonymous.text()).toContain('Sign in');

    fake.registerToken('xoxb-test', ['chat:write']);
    expect((await platformError(client.files.info({ file: file.id }))).data.error).toBe('missing_scope');
    const scoped = await fetch(file.url_private_download, { headers: { Authorization: 'Bearer xoxb-test' } });
    expect(scoped.headers.get('content-type')).toContain('text/html');
    expect(fake.downloads).toEqual([
      { fileId: file.id, authorized: true },
      { fileId: file.id, authorized: false },
      { fileId: file.id, authorized: false },
    ]);
  });
});
