import { resetToFromJson } from '../../log/offsets-reset.js';
import { ApiError } from '../api-error.js';
import type { Emulator } from '../emulator.js';
import type { RedriveRequest } from '../redrive.js';
import type { Reply, Route } from './server.js';

const ok = (body: unknown, status = 200): Reply => ({ status, body });

function limitOf(query: URLSearchParams): number {
  const raw = query.get('limit') ?? '100';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw new ApiError(400, 'request.limit', `limit must be a positive integer (got ${raw})`);
  return limit;
}

/**
 * A redrive request body: `{}` or nothing (every letter not redriven yet), `{"ids": […]}`, `"again": true`.
 * Anything else is refused — a misspelt key (`{"id": [...]}`) must never read as "all".
 */
function redriveRequestOf(body: unknown): RedriveRequest {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ApiError(400, 'request.body', 'the redrive body must be a JSON object: {"ids": [...], "again": true}');
  const { ids, again, ...rest } = body as { ids?: unknown; again?: unknown };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    const issues = unknown.map((key) => ({ path: [key], message: 'unknown key; allowed keys: ids, again' }));
    throw new ApiError(
      400,
      'request.body',
      `unknown key ${unknown[0]} in the redrive body; allowed keys: ids, again`,
      issues,
    );
  }
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))) {
    throw new ApiError(400, 'request.ids', 'ids must be an array of dead-letter ids (strings)');
  }
  if (again !== undefined && typeof again !== 'boolean')
    throw new ApiError(400, 'request.again', 'again must be true or false');
  return { ...(ids === undefined ? {} : { ids: ids as string[] }), ...(again === undefined ? {} : { again }) };
}

/**
 * The task API (REST JSON under /api/): create, get, list, start, pause, update, delete,
 * metrics, dead letters (list, redrive).
 */
export function taskRoutes(emulator: Emulator): Route[] {
  const task = (suffix = '') => new RegExp(`^/api/tasks/([^/]+)${suffix}$`);
  return [
    { method: 'GET', path: /^\/api\/tasks$/, handle: async () => ok({ tasks: emulator.list() }) },
    {
      method: 'POST',
      path: /^\/api\/tasks$/,
      handle: async ({ body, query }) =>
        ok(await emulator.create(await body(), { start: query.get('start') !== 'false' }), 201),
    },
    {
      method: 'GET',
      path: task(),
      handle: async ({ params }) =>
        ok({ ...emulator.view(params[0]!), definition: emulator.shownDefinition(params[0]!) }),
    },
    {
      method: 'PUT',
      path: task(),
      handle: async ({ params, body }) => ok(await emulator.update(params[0]!, await body())),
    },
    {
      method: 'DELETE',
      path: task(),
      handle: async ({ params }) => {
        await emulator.remove(params[0]!);
        return { status: 204, body: undefined };
      },
    },
    { method: 'POST', path: task('/start'), handle: async ({ params }) => ok(await emulator.start(params[0]!)) },
    { method: 'POST', path: task('/resume'), handle: async ({ params }) => ok(await emulator.start(params[0]!)) },
    { method: 'POST', path: task('/pause'), handle: async ({ params }) => ok(await emulator.pause(params[0]!)) },
    { method: 'GET', path: task('/metrics'), handle: async ({ params }) => ok(await emulator.metrics(params[0]!)) },
    {
      method: 'GET',
      path: task('/deadletters'),
      handle: async ({ params, query }) => ok({ deadLetters: await emulator.deadLetters(params[0]!, limitOf(query)) }),
    },
    {
      method: 'POST',
      path: task('/deadletters/redrive'),
      handle: async ({ params, body }) => ok(await emulator.redrive(params[0]!, redriveRequestOf(await body()))),
    },
    {
      method: 'GET',
      path: task('/offsets'),
      handle: async ({ params }) => ok({ offsets: await emulator.offsets(params[0]!) }),
    },
    {
      method: 'POST',
      path: task('/offsets/reset'),
      handle: async ({ params, body }) => {
        const parsed = resetToFromJson(await body());
        if ('issues' in parsed)
          throw new ApiError(400, 'request.offsets', 'not a place to reset offsets to', parsed.issues);
        return ok({ moved: await emulator.resetOffsets(params[0]!, parsed.to) });
      },
    },
    { method: 'GET', path: /^\/healthz$/, handle: async () => ok({ ok: true }) },
  ];
}
