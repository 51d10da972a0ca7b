// One error vocabulary: every code the server can answer with is in ERROR_CODES (shared-schema),
// which the client's words are keyed by. `ApiError` is typed by it; the push path's refusals are
// plain strings there, so this reads the sources for each code literal they can carry.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '@ignition/shared/errors.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** The code literals passed to the calls that answer with a code (not those compared with `===`). */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources('sync-server/src'), ...sources('shared-schema/src/rules')]) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/\b(?:new ApiError|errorResponse|fail|reject|refuse|SignInRefused|OidcError)\(([^\n]*)/g)) {
      for (const lit of call[1].matchAll(/(=== |!== )?'([a-z]+(?:_[a-z]+)*)'/g)) if (!lit[1]) found.set(lit[2], file);
    }
    for (const lit of text.matchAll(/\b(?:rejected|code): '([a-z]+(?:_[a-z]+)*)'/g)) found.set(lit[1], file);
  }
  return found;
}

describe('the error vocabulary', () => {
  it('holds every code the server answers with', () => {
    const codes = emittedCodes();
    expect(codes.size).toBeGreaterThan(40);
    const unknown = [...codes].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unknown).toEqual([]);
  });

  it('lists each code once, and docs/api.md names every one', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    const doc = readFileSync('docs/api.md', 'utf8');
    expect(ERROR_CODES.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
