import { z } from 'zod';
import { CONTENT_KINDS, CONTENT_KIND_NAMES } from '../services/admin-content-kinds.ts';
import { auditQuery, contentListQuery, feedbackListQuery, feedbackPatch, restoreQuery, userListQuery, userPatch } from './admin-schemas.ts';

/** JSON Schema of a zod schema as a request sees it (defaults and coercion on the input side). */
const schema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function queryParams(s: z.ZodObject) {
  const js = schema(s) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, sch]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema: sch }));
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const ok = (description: string) => ({ '200': { description }, '401': { description: 'not signed in' }, '403': { description: 'not an admin' }, '422': { description: 'invalid input' } });

/**
 * The admin API as OpenAPI 3.1, generated from the same zod schemas that validate requests,
 * so it cannot drift from what the server accepts. Served at GET /api/admin/openapi.json.
 */
export function adminOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {
    '/api/admin/users': { get: { summary: 'List users (search, filter, paging)', parameters: queryParams(userListQuery), responses: ok('a page of users') } },
    '/api/admin/users/{id}': { patch: { summary: 'Approve, deny with a reason, or change role', parameters: [idParam], requestBody: json(userPatch), responses: ok('the updated user') } },
    '/api/admin/feedback': { get: { summary: 'List feedback, most urgent first', parameters: queryParams(feedbackListQuery), responses: ok('a page of feedback') } },
    '/api/admin/feedback/{id}': { patch: { summary: 'Triage feedback', parameters: [idParam], requestBody: json(feedbackPatch), responses: ok('the updated feedback') } },
    '/api/admin/stats': { get: { summary: 'Platform statistics', responses: ok('users, activity, economy, storage') } },
    '/api/admin/audit': { get: { summary: 'Admin writes, newest first', parameters: queryParams(auditQuery), responses: ok('audit entries') } },
    '/api/admin/backup': { post: { summary: 'Download a JSON backup (streamed)', responses: ok('the backup file') } },
    '/api/admin/restore': {
      post: {
        summary: 'Restore a backup of any schema version (dryRun=1 reports without writing)',
        parameters: queryParams(restoreQuery),
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version', 'tables'], properties: { version: { type: 'integer' }, versionName: { type: 'string' }, createdAt: { type: 'string' }, tables: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } } } } } } },
        responses: { ...ok('the restore report'), '400': { description: 'not valid JSON' }, '413': { description: 'larger than RESTORE_MAX_BYTES (default 256 MiB; the only route not limited by MAX_BODY_BYTES)' } },
      },
    },
  };
  for (const name of CONTENT_KIND_NAMES) {
    const kind = CONTENT_KINDS[name];
    paths[`/api/admin/${name}`] = {
      get: { summary: `List ${name}`, parameters: queryParams(contentListQuery), responses: ok(`a page of ${name}`) },
      post: { summary: `Create ${name === 'quests' ? 'a universal quest' : `one of ${name}`}`, requestBody: json(kind.create), responses: { ...ok('the created row'), '201': { description: 'created' }, '409': { description: 'id in use' } } },
    };
    paths[`/api/admin/${name}/{id}`] = {
      get: { summary: `One of ${name}`, parameters: [idParam], responses: ok('the row') },
      patch: { summary: `Edit one of ${name}`, parameters: [idParam], requestBody: json(kind.patch), responses: ok('the updated row') },
      delete: { summary: `Delete one of ${name}`, parameters: [idParam], responses: { ...ok('deleted'), '409': { description: 'in use by people’s data; deactivate instead' } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ignition admin API', version: '1', description: 'Admins only. Errors are { error: { code, message, details? } }. See docs/admin-api.md.' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ignition_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  };
}
