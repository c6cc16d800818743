// EVENTS_CACHE_SECONDS: how long Google's answer to an events list is reused (issue 18).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { problemsOf, validEnv as valid } from './config-env.js';

describe('the events cache setting', () => {
  it('defaults to a few seconds on the embedded database and to off on PostgreSQL (replicas); 0 turns it off, up to 5 minutes is accepted', () => {
    const embedded: Record<string, string> = { ...valid };
    delete embedded.DATABASE_URL;
    expect(loadConfig(embedded).google.eventsCacheSeconds).toBe(5);
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgresql://app@db.internal:5432/calstack', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).google.eventsCacheSeconds).toBe(0);
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgresql://app@db.internal:5432/calstack', TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), EVENTS_CACHE_SECONDS: '5' }).google.eventsCacheSeconds).toBe(5);
    expect(loadConfig({ ...valid, EVENTS_CACHE_SECONDS: '0' }).google.eventsCacheSeconds).toBe(0);
    expect(loadConfig({ ...valid, EVENTS_CACHE_SECONDS: ' 300 ' }).google.eventsCacheSeconds).toBe(300);
  });

  it('refuses what is not a whole number of seconds from 0 to 300, naming the setting and what it does', () => {
    for (const value of ['soon', '-1', '1.5', '301']) {
      const problems = problemsOf({ ...valid, EVENTS_CACHE_SECONDS: value });
      expect(problems, value).toHaveLength(1);
      expect(problems[0], value).toMatch(/^EVENTS_CACHE_SECONDS .*event list.*own writes/);
    }
  });
});
