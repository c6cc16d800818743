// GOOGLE_PROJECT_RATE: the deployment-wide Google rate (issue 13, quotas across replicas).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
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

  it('says the per-process bound is per process and the account rate is for the deployment', () => {
    expect(problemsOf({ ...valid, GOOGLE_CONCURRENCY: '0' })[0]).toMatch(/^GOOGLE_CONCURRENCY .*per process/);
    expect(problemsOf({ ...valid, GOOGLE_USER_RATE: 'x' })[0]).toMatch(/^GOOGLE_USER_RATE .*whole deployment/);
  });
});
