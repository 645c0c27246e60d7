// The emulator's REST API, same origin. Every call resolves with the parsed JSON body or throws an ApiFailure.

/** A refused call: the API's message, plus its `path: message` issues when it gave some. */
export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.issues = Array.isArray(body?.issues) ? body.issues : [];
  }
}

/** `request('POST', '/api/tasks', definition)` → the response body (undefined for 204). */
export async function request(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = { error: text };
  }
  if (!response.ok) throw new ApiFailure(response.status, parsed);
  return parsed;
}

/** `/api/tasks/<name><suffix>` with the name escaped. */
export const taskPath = (name, suffix = '') => `/api/tasks/${encodeURIComponent(name)}${suffix}`;
