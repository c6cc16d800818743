import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { startEmbedded, takeStartedEmbedded } from '../../src/db/embedded.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../harness/database.js';

describe.skipIf(TEST_DATABASE_URL)('the embedded database', () => {
  it('runs with an 8 MB buffer pool, not the 128 MB initdb writes (start-up time and resident memory)', async () => {
    const test = await createTestDatabase();
    const db = await openDatabase({ dataDir: test.dataDir });
    try {
      const [row] = await db.prisma.$queryRaw<{ shared_buffers: string }[]>`SHOW shared_buffers`;
      expect(row!.shared_buffers).toBe('8MB');
    } finally {
      await db.close();
      await test.drop();
    }
  });

  it('is taken over by openDatabase when main.ts started opening it early, and opened once', async () => {
    const test = await createTestDatabase();
    startEmbedded(test.dataDir);
    const db = await openDatabase({ dataDir: test.dataDir });
    try {
      // Taken over: nothing is left waiting to be taken.
      expect(takeStartedEmbedded(test.dataDir)).toBeUndefined();
      expect(await db.ping()).toBe(true);
      const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`;
      expect(Number(row!.n)).toBeGreaterThan(0);
    } finally {
      await db.close();
      await test.drop();
    }
  });
});
