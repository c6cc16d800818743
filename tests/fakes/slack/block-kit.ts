/**
 * Slack limit checks. The figures are Slack's documented Block Kit limits (block, element,
 * composition object and view references); the error texts follow what Slack answers.
 */
import { fail, str, isRecord } from './args.js';
import { LIMITS } from './limits.js';
import type { Args, ApiResult } from './types.js';

export function checkMessage(args: Args): ApiResult | undefined {
  const { blocks } = args;
  // A response_url answer may only delete the message it came from.
  if (args.delete_original === true || args.delete_original === 'true') return undefined;
  if (blocks === undefined) {
    if (!str(args.text) && args.attachments === undefined) return fail('no_text');
    return undefined;
  }
  if (!Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (blocks.length > LIMITS.messageBlocks) {
    return fail('invalid_blocks', [`[ERROR] no more than ${LIMITS.messageBlocks} items allowed [json-pointer:/blocks]`]);
  }
  const problem = fileInputProblem(blocks, '/blocks', false) ?? blocksProblem(blocks, '/blocks');
  return problem ? fail('invalid_blocks', [problem]) : undefined;
}

export function checkView(view: unknown, allowedTypes: string[]): ApiResult | undefined {
  const invalid = (msg: string): ApiResult => fail('invalid_arguments', [`[ERROR] ${msg}`]);
  if (!isRecord(view)) return invalid('failed to match all allowed schemas [json-pointer:/view]');
  if (Buffer.byteLength(JSON.stringify(view)) > LIMITS.viewBytes) return fail('view_too_large');
  const type = str(view.type);
  if (!type || !allowedTypes.includes(type)) {
    return invalid(`view type must be one of ${allowedTypes.join(', ')} [json-pointer:/view/type]`);
  }
  const { blocks } = view;
  if (!Array.isArray(blocks)) return invalid('missing required field: blocks [json-pointer:/view/blocks]');
  if (blocks.length > LIMITS.viewBlocks) {
    return invalid(`no more than ${LIMITS.viewBlocks} items allowed [json-pointer:/view/blocks]`);
  }
  if (type === 'modal' && view.title === undefined) return invalid('missing required field: title [json-pointer:/view/title]');
  for (const key of ['title', 'submit', 'close'] as const) {
    if (view[key] === undefined) continue;
    const problem = plainTextProblem(view[key], LIMITS.viewTitle, `/view/${key}`);
    if (problem) return invalid(problem);
  }
  if (type === 'modal' && view.submit === undefined && blocks.some((b) => isRecord(b) && b.type === 'input')) {
    return invalid('submit is required when an input block is within the blocks array [json-pointer:/view/submit]');
  }
  const lengthChecks: [string, number][] = [
    ['private_metadata', LIMITS.privateMetadata],
    ['callback_id', LIMITS.callbackId],
    ['external_id', LIMITS.externalId],
  ];
  for (const [key, max] of lengthChecks) {
    const problem = lengthProblem(view[key], max, `/view/${key}`);
    if (problem) return invalid(problem.slice('[ERROR] '.length));
  }
  const problem = fileInputProblem(blocks, '/view/blocks', type === 'modal') ?? blocksProblem(blocks, '/view/blocks');
  return problem ? fail('invalid_blocks', [problem]) : undefined;
}

/**
 * Slack's file_input element lives only in an input block of a modal (Block Kit reference: "works
 * with block types: Input", "only in modals"); anywhere else the fake refuses it.
 */
function fileInputProblem(blocks: unknown[], pointer: string, inModal: boolean): string | undefined {
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block)) continue;
    const at = `${pointer}/${i}`;
    if (block.type === 'input' && isRecord(block.element) && block.element.type === 'file_input' && !inModal) return err('file_input is only allowed in modals', `${at}/element`);
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const j = elements.findIndex((el) => isRecord(el) && el.type === 'file_input');
    if (j >= 0) return err('file_input is only allowed in an input block', j < elements.length - 1 ? `${at}/elements/${j}` : `${at}/accessory`);
  }
  return undefined;
}

/** Block types Slack knows; anything else is refused rather than guessed at. */
const BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'input', 'image', 'divider', 'rich_text', 'markdown', 'video', 'file']);

/** First Slack-style problem in a blocks array, or undefined when it looks valid. */
function blocksProblem(blocks: unknown[], pointer: string): string | undefined {
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const at = `${pointer}/${i}`;
    if (!isRecord(block) || typeof block.type !== 'string') return err('missing required field: type', at);
    if (!BLOCK_TYPES.has(block.type)) return err('must be a valid enum value', `${at}/type`);
    if (block.block_id !== undefined) {
      // Slack documents block_id as a string: an object, array or null is refused, not stringified into an id.
      const id = str(block.block_id);
      if (id === undefined) return err('must be a string', `${at}/block_id`);
      if (id.length > LIMITS.blockId) return err(`must be less than ${LIMITS.blockId + 1} characters`, `${at}/block_id`);
      if (blockIds.has(id)) return err(`duplicate block_id '${id}'`, `${at}/block_id`);
      blockIds.add(id);
    }
    const problem = blockProblem(block, at);
    if (problem) return problem;
  }
  return undefined;
}

function blockProblem(block: Args, at: string): string | undefined {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        return err('must provide either text or fields', at);
      }
      if (block.text !== undefined) {
        const p = textProblem(block.text, LIMITS.sectionText, `${at}/text`);
        if (p) return p;
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) return err('must be an array', `${at}/fields`);
        if (block.fields.length > LIMITS.sectionFields) {
          return err(`no more than ${LIMITS.sectionFields} items allowed`, `${at}/fields`);
        }
        for (const [j, field] of block.fields.entries()) {
          const p = textProblem(field, LIMITS.fieldText, `${at}/fields/${j}`);
          if (p) return p;
        }
      }
      return block.accessory === undefined ? undefined : elementProblem(block.accessory, `${at}/accessory`);
    }
    case 'header':
      return plainTextProblem(block.text, LIMITS.headerText, `${at}/text`);
    case 'context': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        return err('missing required field: elements', `${at}/elements`);
      }
      if (block.elements.length > LIMITS.contextElements) {
        return err(`no more than ${LIMITS.contextElements} items allowed`, `${at}/elements`);
      }
      for (const [j, el] of block.elements.entries()) {
        const p = isRecord(el) && el.type === 'image' ? imageProblem(el, `${at}/elements/${j}`) : textProblem(el, LIMITS.contextText, `${at}/elements/${j}`);
        if (p) return p;
      }
      return undefined;
    }
    case 'actions': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        return err('missing required field: elements', `${at}/elements`);
      }
      if (block.elements.length > LIMITS.actionsElements) {
        return err(`no more than ${LIMITS.actionsElements} items allowed`, `${at}/elements`);
      }
      const actionIds = new Set<string>();
      for (const [j, el] of block.elements.entries()) {
        const p = elementProblem(el, `${at}/elements/${j}`);
        if (p) return p;
        const actionId = isRecord(el) ? str(el.action_id) : undefined;
        if (actionId !== undefined) {
          if (actionIds.has(actionId)) return err(`duplicate action_id '${actionId}'`, `${at}/elements/${j}/action_id`);
          actionIds.add(actionId);
        }
      }
      return undefined;
    }
    case 'input': {
      const p =
        plainTextProblem(block.label, LIMITS.inputLabel, `${at}/label`) ??
        (block.hint === undefined ? undefined : plainTextProblem(block.hint, LIMITS.inputHint, `${at}/hint`));
      if (p) return p;
      if (block.element === undefined) return err('missing required field: element', `${at}/element`);
      return elementProblem(block.element, `${at}/element`);
    }
    case 'image':
      return imageProblem(block, at) ?? (block.title === undefined ? undefined : plainTextProblem(block.title, LIMITS.imageTitle, `${at}/title`));
    default:
      return undefined;
  }
}

/** Image blocks and image elements alike need a URL and alt text. */
function imageProblem(image: Args, at: string): string | undefined {
  if (image.image_url === undefined && image.slack_file === undefined) return err('must provide either image_url or slack_file', at);
  if (image.alt_text === undefined) return err('missing required field: alt_text', at);
  return lengthProblem(image.image_url, LIMITS.imageUrl, `${at}/image_url`) ?? lengthProblem(image.alt_text, LIMITS.imageAltText, `${at}/alt_text`, 1);
}

const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
/** Elements whose option text must be plain text of at most 75 characters. */
const PLAIN_OPTION_ELEMENTS = new Set(['static_select', 'multi_static_select', 'overflow']);
const ELEMENTS_WITH_PLACEHOLDER = new Set([
  'static_select', 'multi_static_select', 'external_select', 'multi_external_select', 'users_select', 'multi_users_select',
  'conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select', 'plain_text_input',
  'number_input', 'email_text_input', 'url_text_input', 'datepicker', 'timepicker', 'datetimepicker',
]);

function elementProblem(el: unknown, at: string): string | undefined {
  if (!isRecord(el) || typeof el.type !== 'string') return err('missing required field: type', at);
  const p =
    lengthProblem(el.action_id, LIMITS.actionId, `${at}/action_id`) ??
    (el.confirm === undefined ? undefined : confirmProblem(el.confirm, `${at}/confirm`)) ??
    (el.placeholder !== undefined && ELEMENTS_WITH_PLACEHOLDER.has(el.type) ? plainTextProblem(el.placeholder, LIMITS.placeholder, `${at}/placeholder`) : undefined);
  if (p) return p;
  switch (el.type) {
    case 'button':
      return (
        plainTextProblem(el.text, LIMITS.buttonText, `${at}/text`) ??
        lengthProblem(el.value, LIMITS.buttonValue, `${at}/value`) ??
        lengthProblem(el.url, LIMITS.buttonUrl, `${at}/url`)
      );
    case 'overflow':
      if (!Array.isArray(el.options) || el.options.length === 0) return err('missing required field: options', `${at}/options`);
      if (el.options.length > LIMITS.overflowOptions) return err(`no more than ${LIMITS.overflowOptions} items allowed`, `${at}/options`);
      return optionsProblem(el.type, el.options, `${at}/options`);
    case 'image':
      return imageProblem(el, at);
    case 'file_input':
      return fileInputElementProblem(el, at);
    default:
      break;
  }
  if (SELECTS_WITH_OPTIONS.has(el.type)) {
    if (Array.isArray(el.option_groups)) {
      if (el.option_groups.length > LIMITS.selectOptions) return err(`no more than ${LIMITS.selectOptions} items allowed`, `${at}/option_groups`);
      for (const [g, group] of el.option_groups.entries()) {
        const options = isRecord(group) && Array.isArray(group.options) ? group.options : [];
        if (options.length > LIMITS.selectOptions) return err(`no more than ${LIMITS.selectOptions} items allowed`, `${at}/option_groups/${g}/options`);
        const q = optionsProblem(el.type, options, `${at}/option_groups/${g}/options`);
        if (q) return q;
      }
    }
  }
  if (Array.isArray(el.options)) {
    const max = SELECTS_WITH_OPTIONS.has(el.type) ? LIMITS.selectOptions : LIMITS.choiceOptions;
    if (el.options.length > max) return err(`no more than ${max} items allowed`, `${at}/options`);
    const q = optionsProblem(el.type, el.options, `${at}/options`);
    if (q) return q;
  }
  for (const key of ['initial_option'] as const) {
    if (el[key] !== undefined) {
      const q = optionsProblem(el.type, [el[key]], `${at}/${key}`);
      if (q) return q.replace(`${at}/${key}/0`, `${at}/${key}`);
    }
  }
  return undefined;
}

/** `filetypes`: extensions as strings; `max_files`: 1 to 10 (default 10). */
function fileInputElementProblem(el: Args, at: string): string | undefined {
  if (el.filetypes !== undefined && (!Array.isArray(el.filetypes) || !el.filetypes.every((t) => typeof t === 'string' && t.length > 0))) {
    return err('must be an array of strings', `${at}/filetypes`);
  }
  if (el.max_files !== undefined) {
    const n = el.max_files;
    if (typeof n !== 'number' || !Number.isInteger(n)) return err('must be an integer', `${at}/max_files`);
    if (n < LIMITS.fileInputMinFiles || n > LIMITS.fileInputMaxFiles) return err(`must be between ${LIMITS.fileInputMinFiles} and ${LIMITS.fileInputMaxFiles}`, `${at}/max_files`);
  }
  return undefined;
}

function optionsProblem(elementType: string, options: unknown[], at: string): string | undefined {
  const plain = PLAIN_OPTION_ELEMENTS.has(elementType);
  for (const [k, option] of options.entries()) {
    const here = `${at}/${k}`;
    if (!isRecord(option)) return err('must be an option object', here);
    // Select and overflow options are plain text of at most 75 characters; radio buttons and
    // checkboxes take mrkdwn and the text object's own limit.
    const p =
      (plain ? plainTextProblem(option.text, LIMITS.optionText, `${here}/text`) : textProblem(option.text, LIMITS.textObject, `${here}/text`)) ??
      lengthProblem(option.value, LIMITS.optionValue, `${here}/value`) ??
      (option.description === undefined
        ? undefined
        : plain
          ? plainTextProblem(option.description, LIMITS.optionDescription, `${here}/description`)
          : textProblem(option.description, LIMITS.optionDescription, `${here}/description`)) ??
      lengthProblem(option.url, LIMITS.buttonUrl, `${here}/url`);
    if (p) return p;
  }
  return undefined;
}

function confirmProblem(confirm: unknown, at: string): string | undefined {
  if (!isRecord(confirm)) return err('must be a confirm object', at);
  return (
    plainTextProblem(confirm.title, LIMITS.confirmTitle, `${at}/title`) ??
    textProblem(confirm.text, LIMITS.confirmText, `${at}/text`) ??
    plainTextProblem(confirm.confirm, LIMITS.confirmButton, `${at}/confirm`) ??
    plainTextProblem(confirm.deny, LIMITS.confirmButton, `${at}/deny`)
  );
}

/** A text object (plain_text or mrkdwn) with 1..max characters. */
function textProblem(obj: unknown, max: number, at: string): string | undefined {
  if (!isRecord(obj) || typeof obj.text !== 'string') return err('must provide a text object', at);
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') return err('must be a valid enum value', `${at}/type`);
  if (obj.text.length === 0) return err('must be more than 0 characters', `${at}/text`);
  if (obj.text.length > max) return err(`must be less than ${max + 1} characters`, `${at}/text`);
  return undefined;
}

/** Where Slack wants plain text (headers, labels, button and option texts, modal titles), mrkdwn is refused. */
function plainTextProblem(obj: unknown, max: number, at: string): string | undefined {
  if (isRecord(obj) && obj.type !== 'plain_text') return err('must be plain_text', `${at}/type`);
  return textProblem(obj, max, at);
}

/** An optional string field of at most `max` (and at least `min`) characters. */
function lengthProblem(value: unknown, max: number, at: string, min = 0): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return err('must be a string', at);
  if (value.length < min) return err(`must be more than ${min - 1} characters`, at);
  if (value.length > max) return err(`must be less than ${max + 1} characters`, at);
  return undefined;
}

function err(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}
