'use strict';
// The bridge between Stytch's Node SDK and the emulator under test, and the
// assertions the scenarios share.
//
// The SDK refuses a custom_base_url that does not start with https://, and
// the emulator serves plain HTTP on loopback. The SDK's documented
// ClientConfig.dispatcher option (an undici Dispatcher, handed to fetch) is
// used to bridge them without touching the SDK: the client is configured with
// custom_base_url https://HOST:PORT/ (the emulator's own address with the
// https scheme), and LoopbackDispatcher forwards each request for exactly that
// origin to http://HOST:PORT. A request for any other origin (api.stytch.com,
// telemetry.stytch.com, ...) fails instead of leaving the machine.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Agent, Dispatcher } = require('undici');
const stytch = require('stytch');
const { stytchOrganizationsChecker } = require('./typecheck');

/** The emulator's address and credentials, from the environment. */
function emulatorConfig() {
  const { STYTCH_EMULATOR_URL: url, STYTCH_PROJECT_ID: projectID, STYTCH_SECRET: secret } = process.env;
  if (!url || !projectID || !secret) {
    throw new Error(
      'STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID and STYTCH_SECRET must be set; ' +
        'run scripts/test-sdk.sh (make test-sdk) from the repository root, which starts the emulator',
    );
  }
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error(`STYTCH_EMULATOR_URL must be an http:// URL, not ${url}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    throw new Error(`STYTCH_EMULATOR_URL must be a loopback address, not ${u.hostname}`);
  }
  return { httpOrigin: u.origin, httpsOrigin: `https://${u.host}`, projectID, secret };
}

/** An undici Dispatcher that sends requests for one https origin to an http origin. */
class LoopbackDispatcher extends Dispatcher {
  constructor({ from, to }) {
    super();
    this.from = from;
    this.to = to;
    this.agent = new Agent();
  }

  dispatch(opts, handler) {
    const origin = new URL(String(opts.origin)).origin;
    if (origin !== this.from) {
      const err = new Error(`sdk-oracle: refusing a request to ${origin}; only ${this.from} (the emulator) is reachable`);
      queueMicrotask(() => handler.onError(err));
      return true;
    }
    return this.agent.dispatch({ ...opts, origin: this.to }, handler);
  }

  close(...args) {
    return this.agent.close(...args);
  }

  destroy(...args) {
    return this.agent.destroy(...args);
  }
}

let sharedDispatcher;

/** The LoopbackDispatcher shared by every client of the process. */
function loopbackDispatcher(cfg = emulatorConfig()) {
  if (!sharedDispatcher) sharedDispatcher = new LoopbackDispatcher({ from: cfg.httpsOrigin, to: cfg.httpOrigin });
  return sharedDispatcher;
}

/**
 * A stytch.B2BClient talking to the emulator. opts.secret overrides the
 * secret (for the wrong-credentials scenario).
 */
function makeClient(opts = {}) {
  const cfg = emulatorConfig();
  return new stytch.B2BClient({
    project_id: cfg.projectID,
    secret: opts.secret ?? cfg.secret,
    custom_base_url: `${cfg.httpsOrigin}/`,
    dispatcher: loopbackDispatcher(cfg),
    timeout: 30_000,
  });
}

/**
 * Calls the SCIM 2.0 protocol API that an identity provider calls, which the
 * SDK does not wrap: `method` on the path of baseURL (a SCIM connection's
 * base_url, whose host is the emulator's public base URL, not its address)
 * followed by `path`, with "Authorization: Bearer <token>" unless token is
 * undefined, and `body` as JSON. The request goes through the same
 * LoopbackDispatcher as the SDK's (node's fetch, as the SDK uses). Returns
 * { status, headers, body } (body parsed, undefined when empty).
 */
async function scimRequest(baseURL, token, { method = 'GET', path = '', body } = {}) {
  const cfg = emulatorConfig();
  const u = new URL(baseURL);
  const headers = { accept: 'application/scim+json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/scim+json';
  const res = await fetch(`${cfg.httpsOrigin}${u.pathname}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: loopbackDispatcher(cfg),
  });
  const text = await res.text();
  let parsed;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      assert.fail(`${method} ${u.pathname}${path}: the answer (${res.status}) is not JSON: ${text.slice(0, 200)}`);
    }
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Closes the shared connection pool (call from an after() hook). */
async function closeClients() {
  if (sharedDispatcher) {
    const d = sharedDispatcher;
    sharedDispatcher = undefined;
    await d.close();
  }
}

// Paths of optional properties the emulator answered with null, by type name,
// for the report (see typecheck.js on why null is accepted there).
const nullsSeen = new Map();

// Top-level keys answered although the response type lacks them, by type
// name, for the report (see expectType's undeclared option).
const undeclaredSeen = new Set();

/**
 * Awaits an SDK call that must succeed and checks what the SDK returned (the
 * parsed response body, status_code and request_id included) against the
 * SDK's declared response type typeName. opts.checker is the checker that
 * knows typeName (default: the Organizations checker; the SSO tests pass
 * stytchSSOChecker()). opts.undeclared lists top-level keys the answer must
 * have although typeName does not declare them (a known gap of the SDK's
 * types, named by the caller): each must be present, is left out of the type
 * check and is listed by undeclaredReport(). Returns the response.
 */
async function expectType(promise, typeName, { checker = stytchOrganizationsChecker(), undeclared = [] } = {}) {
  const res = await promise;
  let checked = res;
  if (undeclared.length > 0) {
    checked = { ...res };
    for (const key of undeclared) {
      assert.ok(Object.prototype.hasOwnProperty.call(res, key), `${typeName}: the answer has no ${key}: ${JSON.stringify(res)}`);
      delete checked[key];
      undeclaredSeen.add(`${typeName} $.${key}`);
    }
  }
  const nulls = checker.assert(checked, typeName);
  assert.equal(res.status_code, 200, 'status_code of a success');
  assert.match(res.request_id, /\S/, 'request_id of a success');
  for (const p of nulls) {
    // Array indexes and the ids that key a Record (the member search's
    // organizations map) are folded, so each place is listed once.
    const place = p.replace(/\[\d+\]/g, '[]').replace(/\.[a-z]+(?:-[a-z]+)*-(?:test|live)-[0-9a-f-]{36}(?=\.|$)/g, '.<id>');
    const key = `${typeName} ${place}`;
    nullsSeen.set(key, (nullsSeen.get(key) || 0) + 1);
  }
  return res;
}

/** The optional properties answered with null so far, for t.diagnostic. */
function nullReport() {
  return [...nullsSeen.keys()].sort();
}

/** The undeclared keys accepted so far (expectType's undeclared), for t.diagnostic. */
function undeclaredReport() {
  return [...undeclaredSeen].sort();
}

/**
 * Awaits an SDK call that must fail with a StytchError of the given HTTP
 * status and error_type. The error body (which StytchError keeps as its
 * message) is checked against the SDK's StytchErrorJSON type. Returns the
 * error.
 */
async function expectStytchError(promise, { status, errorType }) {
  let err;
  try {
    const res = await promise;
    assert.fail(`expected ${status} ${errorType}, but the call succeeded: ${JSON.stringify(res)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(err instanceof stytch.StytchError, `expected a StytchError, got ${err && err.stack}`);
  assert.deepEqual(
    { status_code: err.status_code, error_type: err.error_type },
    { status_code: status, error_type: errorType },
    `wrong error (message: ${err.error_message})`,
  );
  assert.equal(typeof err.request_id, 'string');
  assert.match(err.request_id, /\S/, 'request_id of an error');
  assert.equal(typeof err.error_message, 'string');
  stytchOrganizationsChecker().assert(JSON.parse(err.message), 'StytchErrorJSON');
  return err;
}

/** A fresh lowercase token for names, slugs, external ids and domains. */
function uniq(prefix) {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
}

module.exports = {
  closeClients,
  emulatorConfig,
  expectStytchError,
  expectType,
  LoopbackDispatcher,
  loopbackDispatcher,
  makeClient,
  nullReport,
  scimRequest,
  undeclaredReport,
  uniq,
};
