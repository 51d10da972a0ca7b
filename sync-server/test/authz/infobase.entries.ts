import type { AuthzEntry } from './types.ts';
import type { TestApp } from '../test-app.ts';

async function entryOf(t: TestApp, a: string): Promise<string> {
  const res = await t.req('/api/infobase', { cookie: a, body: { title: 'Owner secret note', content: 'Owner private words', tags: ['owner-tag'] } });
  return ((await res.json()) as { entry: { id: string } }).entry.id;
}

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/infobase', access: 'user' },
  {
    method: 'POST',
    path: '/api/infobase',
    access: 'user',
    body: { title: 'Matrix note', content: 'See [[Other]]' },
    // Reusing someone else's entry id must not overwrite it.
    foreign: async (t, a) => {
      const id = await entryOf(t, a);
      return { path: '/api/infobase', body: { id, title: 'Taken over' }, rowTable: 'infobase_entries', rowId: id };
    },
  },
  {
    method: 'GET',
    path: '/api/infobase/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await entryOf(t, a);
      return { path: `/api/infobase/${id}`, rowTable: 'infobase_entries', rowId: id };
    },
  },
  {
    method: 'PATCH',
    path: '/api/infobase/:id',
    access: 'user',
    body: { title: 'Renamed note' },
    foreign: async (t, a) => {
      const id = await entryOf(t, a);
      return { path: `/api/infobase/${id}`, body: { title: 'Renamed by someone else', pinned: true }, rowTable: 'infobase_entries', rowId: id };
    },
  },
  {
    method: 'DELETE',
    path: '/api/infobase/:id',
    access: 'user',
    foreign: async (t, a) => {
      const id = await entryOf(t, a);
      return { path: `/api/infobase/${id}`, rowTable: 'infobase_entries', rowId: id };
    },
  },
];

export default entries;
