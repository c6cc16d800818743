// GOOGLE_PROJECT_RATE: the deployment-wide Google rate (issue 13, quotas across replicas).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadConfig } from '../../src/config.js';
import { projectBurst } from '../../src/google/quota.js';
import { problemsOf, validEnv as valid } from './config-env.js';

describe('the Google project rate', () => {
  it('defaults to 150 requests a second, under Google\u2019s 10,000 a minute per project', () => {
    expect(loadConfig(valid).google.projectRate).toBe(150);
    expect(loadConfig({ ...valid, GOOGLE_PROJECT_RATE: '2.5' }).google.projectRate).toBe(2.5);
  });

  it('refuses what is not a positive rate, naming the setting and what it is for', () => {
    for (const value of ['fast', '0', '-3', '10001']) {
      const problems = problemsOf({ ...valid, GOOGLE_PROJECT_RATE: value });
      expect(problems, value).toHaveLength(1);
      expect(problems[0]).toMatch(/^GOOGLE_PROJECT_RATE .*for the whole deployment.*10,000 a minute per project/);
    }
  });

  it('lets a 200-client agenda\u2019s 400 event reads be in flight at once by default', () => {
    expect(loadConfig(valid).google.concurrency).toBe(500);
    expect(loadConfig({ ...valid, GOOGLE_CONCURRENCY: '100' }).google.concurrency).toBe(100);
  });

  it('says the per-process bound is per process and the account rate is for the deployment', () => {
    expect(problemsOf({ ...valid, GOOGLE_CONCURRENCY: '0' })[0]).toMatch(/^GOOGLE_CONCURRENCY .*per process/);
    expect(problemsOf({ ...valid, GOOGLE_USER_RATE: 'x' })[0]).toMatch(/^GOOGLE_USER_RATE .*whole deployment/);
  });
});

describe('the project burst', () => {
  it('defaults to Google\u2019s 10,000 a minute, and takes a raised quota', () => {
    expect(loadConfig(valid).google.projectMinuteQuota).toBe(10_000);
    expect(loadConfig({ ...valid, GOOGLE_PROJECT_QUOTA: '50000' }).google.projectMinuteQuota).toBe(50_000);
    for (const value of ['lots', '0', '1.5']) expect(problemsOf({ ...valid, GOOGLE_PROJECT_QUOTA: value })[0], value).toMatch(/^GOOGLE_PROJECT_QUOTA .*any minute/);
  });

  it('lets a 200-client agenda\u2019s 400 reads go at once with the defaults', () => {
    const { projectRate, projectMinuteQuota } = loadConfig(valid).google;
    expect(projectBurst(projectRate, projectMinuteQuota)).toBeGreaterThanOrEqual(400);
  });

  it('never lets a sliding minute exceed the quota, whatever the rate, when a minute of the rate fits in it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10_000, noNaN: true }), fc.integer({ min: 1, max: 10_000_000 }), (rate, quota) => {
        const burst = projectBurst(rate, quota);
        // A bucket lets burst + 60 × rate through in any minute.
        if (60 * rate + Math.max(1, rate) <= quota * 0.95) expect(burst + 60 * rate).toBeLessThanOrEqual(quota);
        expect(burst).toBeGreaterThanOrEqual(Math.max(1, rate));
      }),
    );
  });
});
