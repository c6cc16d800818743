/** Slack's documented Block Kit and API limits, as the fake enforces them. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  viewBytes: 250_000,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  overflowOptions: 5,
  selectOptions: 100,
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  triggerTtlMs: 3000,
  responsesPerUrl: 5,
  /** file_input's `max_files`: 1 to 10 (Block Kit reference). */
  fileInputMinFiles: 1,
  fileInputMaxFiles: 10,
} as const;

/**
 * Web API methods the fake rate-limits per workspace, at the floor of their documented tier
 * (Slack's "Tier 3: 50+ per minute"): a call over it answers 429 with Retry-After, as Slack does.
 */
export const METHOD_RATES: Readonly<Record<string, { perMinute: number }>> = {
  'conversations.open': { perMinute: 50 },
};
