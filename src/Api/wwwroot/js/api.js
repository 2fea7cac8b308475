// Calls the API with the staff session cookie. Every change carries the CSRF token from
// GET /staff/session; errors arrive as RFC 9457 problem details and become ApiError. Each answer
// also tells the page the server's time (clock.js).
import { learnServerTime } from './clock.js';

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `The request failed (${status}).`);
    this.status = status;
    this.title = problem.title || `The request failed (${status}).`;
    this.detail = problem.detail || '';
    this.errors = problem.errors || {};
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

/**
 * idempotencyKey: the same key sent twice is applied once (the API keeps the first answer).
 * file: a File sent as it is (e.g. a CSV), with its own content type, instead of a JSON body.
 */
export async function api(path, { method = 'GET', body, file, signal, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') headers['X-CSRF-TOKEN'] = csrfToken;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (file !== undefined) headers['Content-Type'] = file.type || 'text/csv';
  let response;
  try {
    const payload = file !== undefined ? file : body === undefined ? undefined : JSON.stringify(body);
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The server cannot be reached.', detail: 'Check the connection and try again.' });
  }
  learnServerTime(response);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data || { title: `The request failed (${response.status}).`, detail: text.slice(0, 200) });
    if (response.status === 401 && !path.startsWith('/staff/')) window.dispatchEvent(new CustomEvent('recall:signed-out'));
    throw error;
  }
  return data;
}

/** Reads the session and keeps its CSRF token for later changes. */
export async function loadSession() {
  const session = await api('/staff/session');
  setCsrfToken(session.csrfToken);
  return session;
}

/** Uses a session returned by sign-in, set-up or sign-out (the CSRF token is bound to who is signed in). */
export function useSession(session) {
  setCsrfToken(session.csrfToken);
  return session;
}
