// The import boundaries are checked by the linter (eslint.config.js); these cases keep the rules
// honest: each forbidden import below must fail the lint, and the allowed ones must pass.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';

const eslint = new ESLint();

/** The rule ids the linter reports for `code` as if it were the file at `filePath`. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

// Each case runs ESLint with type information over a probe file: seconds on a loaded machine.
describe('import boundaries', { timeout: 60_000 }, () => {
  it.each([
    ['the client imports server code', 'client/src/ui/probe.ts', "import { migrate } from '../../../sync-server/src/db/migrate.ts';\nexport const p = migrate;"],
    ['the client imports the server app as a value', 'client/src/api/probe.ts', "import { createApp } from '../../../sync-server/src/app.ts';\nexport const p = createApp;"],
    ['the client imports the drizzle tables', 'client/src/sync/probe.ts', "import { users } from '@ignition/shared/server/tables.ts';\nexport const p = users;"],
    ['shared-schema imports the client', 'shared-schema/src/probe.ts', "import { db } from '../../client/src/db/db.ts';\nexport const p = db;"],
    ['shared-schema imports the server', 'shared-schema/src/probe.ts', "import { ApiError } from '../../sync-server/src/errors.ts';\nexport const p = ApiError;"],
    ['the server imports the client', 'sync-server/src/probe.ts', "import { db } from '../../client/src/db/db.ts';\nexport const p = db;"],
    ['sync imports the ui', 'client/src/sync/probe.ts', "import { notify } from '../ui/notices.tsx';\nexport const p = notify;"],
    ['db imports sync', 'client/src/db/probe.ts', "import { commit } from '../sync/outbox.ts';\nexport const p = commit;"],
    ['ui imports a feature', 'client/src/ui/probe.ts', "import { QuestCard } from '../features/quests/index.ts';\nexport const p = QuestCard;"],
    ['a feature reaches into another feature', 'client/src/features/today/probe.ts', "import { QuestForm } from '../quests/quest-form.tsx';\nexport const p = QuestForm;"],
  ])('fails when %s', async (_what, filePath, code) => {
    expect((await problems(filePath, code)).some((r) => r === 'import-x/no-restricted-paths' || r === '@typescript-eslint/no-restricted-imports')).toBe(true);
  });

  it('fails on an import cycle', async () => {
    // engine.ts imports outbox.ts; outbox.ts importing engine.ts back closes a loop.
    const outbox = readFileSync('client/src/sync/outbox.ts', 'utf8');
    expect(await problems('client/src/sync/outbox.ts', `import { syncNow } from './engine.ts';\nexport const loop = syncNow;\n${outbox}`)).toContain('import-x/no-cycle');
  });

  it.each([
    ['the client names the server app type', 'client/src/api/probe.ts', "import type { AppType } from '../../../sync-server/src/app.ts';\nexport type P = AppType;"],
    ['a feature uses another feature through its index', 'client/src/features/today/probe.ts', "import { QuestCard } from '../quests/index.ts';\nexport const p = QuestCard;"],
    ['a feature uses sync, db, ui and shared-schema', 'client/src/features/today/probe.ts', "import { commit } from '../../sync/outbox.ts';\nimport { db } from '../../db/db.ts';\nimport { notify } from '../../ui/notices.tsx';\nimport { levelProgress } from '@ignition/shared/rules/levels.ts';\nexport const p = [commit, db, notify, levelProgress];"],
    ['a client test starts the server through its test harness', 'client/src/sync/probe.test.ts', "import { createTestApp } from '../../../sync-server/test/test-app.ts';\nexport const p = createTestApp;"],
  ])('passes when %s', async (_what, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  });
});
