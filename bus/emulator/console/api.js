// The emulator's REST API, same origin. Every call resolves with the parsed JSON body or throws an ApiFailure.

/** A refused call: the API's message, plus its `path: message` issues when it gave some. */
export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.issues = Array.isArray(body?.issues) ? body.issues : [];
  }
}

const TOKEN_KEY = 'conflux-api-token';

/**
 * The API token when the emulator runs with one (--api-token): taken once from the address
 * (`/#token=…`, which never reaches the server or its logs) or asked for, kept for this tab.
 */
function apiToken() {
  const given = /^#token=(.+)$/.exec(location.hash);
  if (given !== null) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(given[1]));
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function send(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const token = apiToken();
  if (token) init.headers.authorization = `Bearer ${token}`;
  return fetch(path, init);
}

/** `request('POST', '/api/tasks', definition)` → the response body (undefined for 204). */
export async function request(method, path, body) {
  let response = await send(method, path, body);
  if (response.status === 401) {
    const token = prompt('This emulator needs its API token (--api-token / CONFLUX_API_TOKEN):');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
      response = await send(method, path, body);
    }
  }
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
