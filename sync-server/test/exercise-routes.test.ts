import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

describe('/api/exercise', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  beforeAll(async () => {
    t = await createTestApp();
    a = await t.signIn('lifter.a@example.com');
    b = await t.signIn('lifter.b@example.com');
  });
  afterAll(() => t.close());

  it('lists the built-in library of more than 300 exercises, up to 1000 at once', async () => {
    const res = await t.req('/api/exercise?limit=1000', { cookie: a });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBeGreaterThanOrEqual(300);
    expect(body.exercises.length).toBe(Math.min(1000, body.total));
    const ex = body.exercises[0];
    expect(ex).toMatchObject({ id: expect.any(String), name: expect.any(String), is_custom: false });
    expect(Array.isArray(ex.muscle_groups)).toBe(true);
  });

  it('searches by every word of the name and filters by muscle, equipment and category', async () => {
    const body = await (await t.req('/api/exercise?q=bench%20press&muscle=chest&equipment=barbell&category=strength', { cookie: a })).json();
    expect(body.exercises.length).toBeGreaterThan(0);
    for (const e of body.exercises) {
      expect(e.name.toLowerCase()).toContain('bench');
      expect(e.name.toLowerCase()).toContain('press');
      expect(e.muscle_groups).toContain('chest');
      expect(e.equipment).toBe('barbell');
      expect(e.category).toBe('strength');
    }
  });

  it('refuses a limit above 1000 and unknown parameters with 422', async () => {
    expect((await t.req('/api/exercise?limit=1001', { cookie: a })).status).toBe(422);
    expect((await t.req('/api/exercise?colour=red', { cookie: a })).status).toBe(422);
  });

  it('needs a signed-in person', async () => {
    expect((await t.req('/api/exercise')).status).toBe(401);
  });

  it('creates a custom exercise that only its owner sees, and it reaches the pull log', async () => {
    const res = await t.req('/api/exercise', { cookie: a, body: { name: 'Kettle Sandbag Hold', category: 'strongman', muscle_groups: ['forearms', 'traps'], equipment: 'other' } });
    expect(res.status).toBe(201);
    const { exercise } = await res.json();
    expect(exercise).toMatchObject({ name: 'Kettle Sandbag Hold', is_custom: true, muscle_groups: ['forearms', 'traps'] });
    const mine = await (await t.req('/api/exercise?custom=true', { cookie: a })).json();
    expect(mine.exercises.map((e: { id: string }) => e.id)).toEqual([exercise.id]);
    const theirs = await (await t.req('/api/exercise?q=kettle%20sandbag%20hold', { cookie: b })).json();
    expect(theirs.exercises).toEqual([]);
    const logged = await t.db.execute({ sql: "SELECT COUNT(*) AS n FROM sync_rows WHERE table_name = 'exercises' AND row_id = ?", args: [exercise.id] });
    expect(Number(logged.rows[0].n)).toBe(1);
  });

  it('rejects a custom exercise without a name or muscles and writes nothing', async () => {
    const before = Number((await t.db.execute('SELECT COUNT(*) AS n FROM exercises')).rows[0].n);
    expect((await t.req('/api/exercise', { cookie: a, body: { name: '', muscle_groups: ['chest'] } })).status).toBe(422);
    expect((await t.req('/api/exercise', { cookie: a, body: { name: 'Nothing', muscle_groups: [] } })).status).toBe(422);
    expect(Number((await t.db.execute('SELECT COUNT(*) AS n FROM exercises')).rows[0].n)).toBe(before);
  });

  it('will not let someone overwrite another person’s exercise by reusing its id', async () => {
    const { exercise } = await (await t.req('/api/exercise', { cookie: a, body: { name: 'Secret Lift', muscle_groups: ['quadriceps'] } })).json();
    const res = await t.req('/api/exercise', { cookie: b, body: { id: exercise.id, name: 'Hijacked', muscle_groups: ['chest'] } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const row = (await t.db.execute({ sql: 'SELECT name FROM exercises WHERE id = ?', args: [exercise.id] })).rows[0];
    expect(row.name).toBe('Secret Lift');
  });
});
