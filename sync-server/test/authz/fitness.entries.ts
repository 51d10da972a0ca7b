import type { AuthzEntry } from './types.ts';

const entries: AuthzEntry[] = [
  { method: 'GET', path: '/api/exercise', access: 'user' },
  {
    method: 'POST',
    path: '/api/exercise',
    access: 'user',
    body: { name: 'Matrix Custom Lift', muscle_groups: ['chest'] },
    // Reusing someone else's custom exercise id must not overwrite it.
    foreign: async (t, a) => {
      const res = await t.req('/api/exercise', { cookie: a, body: { name: 'Owner Lift', muscle_groups: ['quadriceps'] } });
      const { exercise } = (await res.json()) as { exercise: { id: string } };
      return { path: '/api/exercise', body: { id: exercise.id, name: 'Taken Over', muscle_groups: ['chest'] }, rowTable: 'exercises', rowId: exercise.id };
    },
  },
];

export default entries;
