'use strict';
// Stytch's official Node SDK (stytch@14.2.0) drives the emulator's SCIM
// connection endpoints through client.scim.connection: create, get, update,
// delete, rotateStart, rotateComplete, rotateCancel and getGroups. Every
// success is checked against the response type the SDK declares in
// types/lib/b2b/scim_connection.d.ts (the connection objects
// SCIMConnectionWithToken, SCIMConnectionWithNextToken and SCIMConnection,
// and SCIMGroup, come from scim.d.ts), every failure must be the StytchError
// (status_code, error_type, request_id) named below.
//
// The identity provider's side is the SCIM 2.0 protocol API at each
// connection's base_url, which the SDK does not wrap: lib/emulator.js's
// scimRequest calls it with fetch and the connection's bearer token, to push
// groups (POST …/Groups) and to tell whether a token is accepted (GET
// …/ServiceProviderConfig answers 200 or 401).
//
// Needs STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID and STYTCH_SECRET: run
// scripts/test-sdk.sh (make test-sdk) from the repository root.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  closeClients,
  expectStytchError,
  expectType,
  makeClient,
  nullReport,
  scimRequest,
  undeclaredReport,
  uniq,
} = require('../lib/emulator');
const { stytchRBACChecker, stytchSCIMChecker } = require('../lib/typecheck');

const client = makeClient();
const orgs = client.organizations;
const scim = client.scim.connection;

after(closeClients);

// typed checks a call against a SCIM (or Organizations) response type.
function typed(promise, typeName) {
  return expectType(promise, typeName, { checker: stytchSCIMChecker() });
}

// typedRBAC checks an RBAC call (the organization's policy) against its
// response type.
function typedRBAC(promise, typeName) {
  return expectType(promise, typeName, { checker: stytchRBACChecker() });
}

// typedGroups checks a getGroups answer. B2BSCIMConnectionGetGroupsResponse
// lacks request_id (the other SCIM response types declare it), which the emulator
// answers as on every route (Stytch's Python SDK requires it there; DESIGN.md,
// "Inferred SCIM connections and organization RBAC policies"): it must be
// present and is left out of the type check; the report lists it.
function typedGroups(promise) {
  return expectType(promise, 'B2BSCIMConnectionGetGroupsResponse', { checker: stytchSCIMChecker(), undeclared: ['request_id'] });
}

// same is deepEqual under a shorter name.
function same(a, b, msg) {
  assert.deepEqual(a, b, msg);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TOKEN = /^[A-Za-z0-9]{48}$/; // "48 alphanumeric characters", the documented examples
const UNKNOWN_ORG = 'organization-test-00000000-0000-4000-8000-000000000000';
const UNKNOWN_CONN = 'scim-connection-test-00000000-0000-4000-8000-000000000000';
const UNKNOWN_GROUP = 'scim-group-test-00000000-0000-4000-8000-000000000000';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTRA_SUFFIX = '?aadOptscim062020';

// connectionOf returns res.connection, which the SDK types as optional
// (connection?): a success must carry it.
function connectionOf(res, what) {
  assert.ok(
    res.connection !== null && typeof res.connection === 'object' && !Array.isArray(res.connection),
    `${what}: the response has no connection object: ${JSON.stringify(res)}`,
  );
  return res.connection;
}

// createOrg creates an organization and returns it (type-checked).
async function createOrg() {
  const slug = uniq('scim');
  const res = await typed(orgs.create({ organization_name: `SCIM ${slug}`, organization_slug: slug }), 'B2BOrganizationsCreateResponse');
  return res.organization;
}

// getOrg answers organizations.get (type-checked).
async function getOrg(org) {
  return (await typed(orgs.get({ organization_id: org.organization_id }), 'B2BOrganizationsGetResponse')).organization;
}

// checkBaseURL checks that base_url is the SCIM protocol API of the
// connection: …/v1/b2b/scim/<connection_id>, with ?aadOptscim062020 for
// microsoft-entra (documented).
function checkBaseURL(c) {
  const suffix = c.identity_provider === 'microsoft-entra' ? ENTRA_SUFFIX : '';
  assert.ok(c.base_url.endsWith(`/v1/b2b/scim/${c.connection_id}${suffix}`), `base_url ${c.base_url} of ${c.connection_id} (${c.identity_provider})`);
  assert.match(c.base_url, /^https?:\/\//);
}

// checkConnection checks what every connection object has.
function checkConnection(c, org) {
  assert.match(c.connection_id, /^scim-connection-test-[0-9a-f-]{36}$/);
  assert.equal(c.organization_id, org.organization_id);
  assert.equal(c.status, 'active', 'a SCIM connection is active from its creation');
  checkBaseURL(c);
  assert.match(c.bearer_token_expires_at, RFC3339);
  assert.ok(Date.parse(c.bearer_token_expires_at) > Date.now(), 'bearer_token_expires_at is in the future');
}

// createSCIM creates the SCIM connection of org; returns the
// SCIMConnectionWithToken (type-checked).
async function createSCIM(org, body = {}) {
  const res = await typed(scim.create({ organization_id: org.organization_id, ...body }), 'B2BSCIMConnectionCreateResponse');
  const c = connectionOf(res, 'create');
  checkConnection(c, org);
  assert.match(c.bearer_token, TOKEN);
  return c;
}

// getSCIM answers the organization's SCIMConnection (type-checked).
async function getSCIM(org) {
  const c = connectionOf(await typed(scim.get({ organization_id: org.organization_id }), 'B2BSCIMConnectionGetResponse'), 'get');
  checkConnection(c, org);
  return c;
}

// accepts reports whether the SCIM protocol API accepts token for the
// connection (GET …/ServiceProviderConfig: 200 or 401, nothing else).
async function accepts(conn, token) {
  const res = await scimRequest(conn.base_url, token, { path: '/ServiceProviderConfig' });
  assert.ok([200, 401].includes(res.status), `ServiceProviderConfig answered ${res.status}: ${JSON.stringify(res.body)}`);
  if (res.status === 401) {
    same(res.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error'], 'a 401 is a SCIM Error');
    assert.equal(res.body.status, '401');
    assert.match(res.headers.get('www-authenticate') || '', /^Bearer/i, 'a 401 names the Bearer scheme');
  }
  return res.status === 200;
}

// pushGroup provisions a group through the SCIM protocol API, as the
// identity provider would, and returns its id.
async function pushGroup(conn, token, displayName) {
  const res = await scimRequest(conn.base_url, token, { method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName } });
  assert.equal(res.status, 201, `POST Groups ${displayName}: ${JSON.stringify(res.body)}`);
  same(res.body.schemas, [GROUP_SCHEMA]);
  assert.equal(res.body.displayName, displayName);
  assert.match(res.body.id, /^scim-group-test-[0-9a-f-]{36}$/);
  assert.equal(res.body.meta.resourceType, 'Group');
  assert.ok(res.body.meta.location.endsWith(`/v1/b2b/scim/${conn.connection_id}/Groups/${res.body.id}`), `meta.location ${res.body.meta.location}`);
  assert.equal(res.headers.get('location'), res.body.meta.location, 'the Location header');
  return res.body.id;
}

// ids of the SDK calls that name a connection.
function connParams(org, conn) {
  return { organization_id: org.organization_id, connection_id: conn.connection_id };
}

test('create answers SCIMConnectionWithToken: active, a 48-character bearer token that the SCIM API accepts', async () => {
  const org = await createOrg();
  const c = await createSCIM(org, { display_name: 'Okta SCIM', identity_provider: 'okta' });
  assert.equal(c.display_name, 'Okta SCIM');
  assert.equal(c.identity_provider, 'okta');
  same(c.scim_group_implicit_role_assignments, []);
  for (const k of ['bearer_token_last_four', 'next_bearer_token', 'next_bearer_token_last_four', 'next_bearer_token_expires_at']) {
    assert.ok(!(k in c), `create answers no ${k}`);
  }
  assert.equal(await accepts(c, c.bearer_token), true, 'the new token is accepted');
  assert.equal(await accepts(c, `${c.bearer_token.slice(0, -1)}${c.bearer_token.endsWith('A') ? 'B' : 'A'}`), false, 'another token is refused');
  assert.equal(await accepts(c, undefined), false, 'no Authorization header is refused');

  // The organization shows its connection.
  const o = await getOrg(org);
  same(
    o.scim_active_connection,
    { connection_id: c.connection_id, display_name: 'Okta SCIM', bearer_token_last_four: c.bearer_token.slice(-4), bearer_token_expires_at: c.bearer_token_expires_at },
    'scim_active_connection',
  );
});

test('create without fields: display_name "" and identity_provider generic; microsoft-entra base_url', async () => {
  const org = await createOrg();
  const c = await createSCIM(org);
  assert.equal(c.display_name, '');
  assert.equal(c.identity_provider, 'generic');
  assert.ok(!c.base_url.includes('?'), 'no query without microsoft-entra');

  const entraOrg = await createOrg();
  const entra = await createSCIM(entraOrg, { identity_provider: 'microsoft-entra' });
  assert.ok(entra.base_url.endsWith(ENTRA_SUFFIX), `microsoft-entra base_url ${entra.base_url}`);
  assert.equal(await accepts(entra, entra.bearer_token), true, 'the SCIM API answers at the microsoft-entra base_url too');
});

test('get answers SCIMConnection: last four of the token, no rotation fields; by slug too', async () => {
  const org = await createOrg();
  const created = await createSCIM(org, { display_name: 'Get me', identity_provider: 'jumpcloud' });
  const c = await getSCIM(org);
  same(c, {
    organization_id: org.organization_id,
    connection_id: created.connection_id,
    status: 'active',
    display_name: 'Get me',
    identity_provider: 'jumpcloud',
    base_url: created.base_url,
    bearer_token_last_four: created.bearer_token.slice(-4),
    scim_group_implicit_role_assignments: [],
    next_bearer_token_last_four: '',
    bearer_token_expires_at: created.bearer_token_expires_at,
  });
  const bySlug = connectionOf(await typed(scim.get({ organization_id: org.organization_slug }), 'B2BSCIMConnectionGetResponse'), 'get by slug');
  same(bySlug, c, 'get with the organization slug');
});

test('update display_name and identity_provider; omitted fields are unchanged', async () => {
  const org = await createOrg();
  const created = await createSCIM(org, { display_name: 'Before', identity_provider: 'okta' });
  let res = await typed(scim.update({ ...connParams(org, created), display_name: 'After' }), 'B2BSCIMConnectionUpdateResponse');
  let c = connectionOf(res, 'update');
  checkConnection(c, org);
  assert.equal(c.display_name, 'After');
  assert.equal(c.identity_provider, 'okta', 'identity_provider not sent is unchanged');
  assert.equal(c.bearer_token_last_four, created.bearer_token.slice(-4));
  assert.equal((await getOrg(org)).scim_active_connection.display_name, 'After', 'scim_active_connection follows');

  res = await typed(scim.update({ ...connParams(org, created), identity_provider: 'microsoft-entra' }), 'B2BSCIMConnectionUpdateResponse');
  c = connectionOf(res, 'update');
  checkConnection(c, org);
  assert.equal(c.display_name, 'After', 'display_name not sent is unchanged');
  assert.equal(c.identity_provider, 'microsoft-entra');
  assert.ok(c.base_url.endsWith(ENTRA_SUFFIX), 'base_url follows identity_provider');
  same(await getSCIM(org), c, 'get after update');

  res = await typed(scim.update({ ...connParams(org, created), display_name: '', identity_provider: 'rippling' }), 'B2BSCIMConnectionUpdateResponse');
  c = connectionOf(res, 'update');
  assert.equal(c.display_name, '', '"" sets display_name');
  assert.equal(c.identity_provider, 'rippling');
  assert.ok(!c.base_url.includes('?'));
});

test('token rotation: start, both tokens work, complete (old token refused); start, cancel (next token refused)', async () => {
  const org = await createOrg();
  const created = await createSCIM(org, { display_name: 'Rotating' });
  const old = created.bearer_token;

  // Start: SCIMConnectionWithNextToken, with the next token answered once.
  let res = await typed(scim.rotateStart(connParams(org, created)), 'B2BSCIMConnectionRotateStartResponse');
  const started = connectionOf(res, 'rotateStart');
  checkConnection(started, org);
  const next = started.next_bearer_token;
  assert.match(next, TOKEN);
  assert.notEqual(next, old);
  assert.equal(started.bearer_token_last_four, old.slice(-4), 'the current token is still the old one');
  assert.match(started.next_bearer_token_expires_at, RFC3339);
  assert.ok(!('bearer_token' in started) && !('next_bearer_token_last_four' in started), 'rotateStart answers neither bearer_token nor next_bearer_token_last_four');

  // During the rotation, get shows both tokens' last four, and both work.
  let c = await getSCIM(org);
  assert.equal(c.bearer_token_last_four, old.slice(-4));
  assert.equal(c.next_bearer_token_last_four, next.slice(-4));
  assert.equal(c.next_bearer_token_expires_at, started.next_bearer_token_expires_at);
  assert.equal(await accepts(c, old), true, 'the old token works during the rotation');
  assert.equal(await accepts(c, next), true, 'the next token works during the rotation');
  await pushGroup(c, next, 'Pushed with the next token');

  // Complete: the next token is the token; the old one is refused.
  res = await typed(scim.rotateComplete(connParams(org, created)), 'B2BSCIMConnectionRotateCompleteResponse');
  c = connectionOf(res, 'rotateComplete');
  checkConnection(c, org);
  assert.equal(c.bearer_token_last_four, next.slice(-4), 'the next token became the token');
  assert.equal(c.next_bearer_token_last_four, '');
  assert.ok(!('next_bearer_token_expires_at' in c), 'no next_bearer_token_expires_at after the rotation');
  assert.equal(c.bearer_token_expires_at, started.next_bearer_token_expires_at, 'the expiry of the next token');
  assert.equal(await accepts(c, old), false, 'the old token is refused after complete');
  assert.equal(await accepts(c, next), true, 'the new token works');
  same(await getSCIM(org), c, 'get after complete');
  assert.equal((await getOrg(org)).scim_active_connection.bearer_token_last_four, next.slice(-4), 'scim_active_connection shows the new last four');

  // Complete and cancel without a rotation.
  const notRotating = { status: 400, errorType: 'scim_connection_not_rotating_token' };
  const err = await expectStytchError(scim.rotateComplete(connParams(org, created)), notRotating);
  assert.match(err.request_id, /\S/);
  assert.match(err.error_message, new RegExp(created.connection_id));
  await expectStytchError(scim.rotateCancel(connParams(org, created)), notRotating);

  // Start again, then cancel: the next token is refused, the token still works.
  res = await typed(scim.rotateStart(connParams(org, created)), 'B2BSCIMConnectionRotateStartResponse');
  const dropped = connectionOf(res, 'rotateStart').next_bearer_token;
  assert.equal(await accepts(c, dropped), true);
  res = await typed(scim.rotateCancel(connParams(org, created)), 'B2BSCIMConnectionRotateCancelResponse');
  c = connectionOf(res, 'rotateCancel');
  checkConnection(c, org);
  assert.equal(c.bearer_token_last_four, next.slice(-4), 'cancel keeps the token');
  assert.equal(c.next_bearer_token_last_four, '');
  assert.ok(!('next_bearer_token_expires_at' in c));
  assert.equal(await accepts(c, dropped), false, 'the next token is refused after cancel');
  assert.equal(await accepts(c, next), true, 'the token still works after cancel');
  await expectStytchError(scim.rotateCancel(connParams(org, created)), notRotating);
  await expectStytchError(scim.rotateComplete(connParams(org, created)), notRotating);
});

test('token rotation: a second start replaces the pending token', async () => {
  const org = await createOrg();
  const created = await createSCIM(org);
  const first = connectionOf(await typed(scim.rotateStart(connParams(org, created)), 'B2BSCIMConnectionRotateStartResponse'), 'rotateStart').next_bearer_token;
  const second = connectionOf(await typed(scim.rotateStart(connParams(org, created)), 'B2BSCIMConnectionRotateStartResponse'), 'rotateStart').next_bearer_token;
  assert.notEqual(first, second);
  assert.equal(await accepts(created, first), false, 'the replaced pending token is refused');
  assert.equal(await accepts(created, second), true);
  assert.equal(await accepts(created, created.bearer_token), true);
  const c = connectionOf(await typed(scim.rotateComplete(connParams(org, created)), 'B2BSCIMConnectionRotateCompleteResponse'), 'rotateComplete');
  assert.equal(c.bearer_token_last_four, second.slice(-4));
  assert.equal(await accepts(created, created.bearer_token), false);
});

test('error: one SCIM connection per organization', async () => {
  const org = await createOrg();
  const first = await createSCIM(org);
  const err = await expectStytchError(scim.create({ organization_id: org.organization_id, display_name: 'Second' }), {
    status: 400,
    errorType: 'active_scim_connection_exists',
  });
  assert.match(err.error_message, new RegExp(first.connection_id), 'the message names the existing connection');
  same((await getSCIM(org)).connection_id, first.connection_id, 'the first connection stays');
  // After a delete, the organization may have a new one.
  await typed(scim.delete(connParams(org, first)), 'B2BSCIMConnectionDeleteResponse');
  const second = await createSCIM(org);
  assert.notEqual(second.connection_id, first.connection_id);
});

test('error: unknown identity_provider', async () => {
  const org = await createOrg();
  const bad = { status: 400, errorType: 'invalid_scim_idp' };
  // google-workspace is an SSO identity provider, not a SCIM one.
  for (const idp of ['not-an-idp', 'google-workspace', 'Okta', '']) {
    await expectStytchError(scim.create({ organization_id: org.organization_id, identity_provider: idp }), bad);
  }
  await expectStytchError(scim.get({ organization_id: org.organization_id }), { status: 404, errorType: 'no_active_scim_connection' });
  const c = await createSCIM(org, { identity_provider: 'cyberark' });
  await expectStytchError(scim.update({ ...connParams(org, c), display_name: 'changed', identity_provider: 'shibboleth' }), bad);
  const after = await getSCIM(org);
  assert.equal(after.identity_provider, 'cyberark', 'a failed update changes nothing');
  assert.equal(after.display_name, '');
});

test('getGroups: pushed groups in creation order, limit 2 following next_cursor', async () => {
  const org = await createOrg();
  const c = await createSCIM(org);
  const names = ['Engineering', 'Sales', 'Support'];
  const ids = [];
  for (const name of names) ids.push(await pushGroup(c, c.bearer_token, name));
  const want = names.map((group_name, i) => ({ group_id: ids[i], group_name, organization_id: org.organization_id, connection_id: c.connection_id }));

  // The identity provider sees the same groups.
  const listed = await scimRequest(c.base_url, c.bearer_token, { path: '/Groups' });
  assert.equal(listed.status, 200);
  assert.equal(listed.body.totalResults, 3);
  same(listed.body.Resources.map((g) => [g.id, g.displayName]), names.map((n, i) => [ids[i], n]));

  const seen = [];
  const sizes = [];
  let cursor;
  for (let page = 0; ; page++) {
    assert.ok(page < 5, 'pagination does not end');
    const res = await typedGroups(scim.getGroups({ ...connParams(org, c), limit: 2, ...(cursor ? { cursor } : {}) }));
    sizes.push(res.scim_groups.length);
    seen.push(...res.scim_groups);
    cursor = res.next_cursor;
    if (cursor == null) {
      assert.strictEqual(res.next_cursor, null, 'next_cursor is null on the last page');
      break;
    }
    assert.equal(typeof cursor, 'string');
    assert.match(cursor, /\S/);
  }
  same(sizes, [2, 1], 'page sizes');
  same(seen, want, 'every group once, in creation order');

  const all = await typedGroups(scim.getGroups(connParams(org, c)));
  same(all.scim_groups, want, 'without a limit: every group');
  assert.strictEqual(all.next_cursor, null);

  // A cursor is bound to its connection.
  const first = await typedGroups(scim.getGroups({ ...connParams(org, c), limit: 1 }));
  const other = await createOrg();
  const oc = await createSCIM(other);
  await expectStytchError(scim.getGroups({ ...connParams(other, oc), cursor: first.next_cursor }), { status: 400, errorType: 'user_search_invalid_cursor' });
  await expectStytchError(scim.getGroups({ ...connParams(org, c), cursor: 'not-a-cursor' }), { status: 400, errorType: 'user_search_invalid_cursor' });
  const empty = await typedGroups(scim.getGroups(connParams(other, oc)));
  same(empty.scim_groups, [], 'a connection without groups');
  assert.strictEqual(empty.next_cursor, null);
});

test('group role assignments name pushed groups; a missing group is refused', async () => {
  const org = await createOrg();
  const c = await createSCIM(org);
  const eng = await pushGroup(c, c.bearer_token, 'Eng');
  const ops = await pushGroup(c, c.bearer_token, 'Ops');

  // group_name is required by the SDK's request type; the answer takes it
  // from the group.
  let res = await typed(
    scim.update({
      ...connParams(org, c),
      scim_group_implicit_role_assignments: [
        { group_id: eng, role_id: 'stytch_admin', group_name: 'Eng' },
        { group_id: ops, role_id: 'stytch_admin', group_name: 'a name the emulator does not keep' },
      ],
    }),
    'B2BSCIMConnectionUpdateResponse',
  );
  let conn = connectionOf(res, 'update');
  const assigned = [
    { role_id: 'stytch_admin', group_id: eng, group_name: 'Eng' },
    { role_id: 'stytch_admin', group_id: ops, group_name: 'Ops' },
  ];
  same(conn.scim_group_implicit_role_assignments, assigned);
  same((await getSCIM(org)).scim_group_implicit_role_assignments, assigned, 'get after update');

  // A group that was never pushed, and a group of another connection.
  const missing = { status: 400, errorType: 'scim_group_role_assignment_group_does_not_exist' };
  await expectStytchError(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: UNKNOWN_GROUP, role_id: 'stytch_admin', group_name: 'Ghosts' }] }),
    missing,
  );
  const other = await createOrg();
  const oc = await createSCIM(other);
  const foreign = await pushGroup(oc, oc.bearer_token, 'Eng');
  await expectStytchError(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: foreign, role_id: 'stytch_admin', group_name: 'Eng' }] }),
    missing,
  );
  await expectStytchError(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: '', role_id: 'stytch_admin', group_name: '' }] }),
    { status: 400, errorType: 'scim_group_role_assignment_does_not_contain_group_id' },
  );
  // Roles are checked as members' roles are.
  await expectStytchError(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: eng, role_id: 'stytch_member', group_name: 'Eng' }] }),
    { status: 400, errorType: 'cannot_assign_default_rbac_role_id' },
  );
  await expectStytchError(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: eng, role_id: 'no_such_role', group_name: 'Eng' }] }),
    { status: 400, errorType: 'invalid_rbac_role_id' },
  );
  same((await getSCIM(org)).scim_group_implicit_role_assignments, assigned, 'failed updates change nothing');

  // A role of the organization's own policy may be assigned.
  const roleID = uniq('scim-role');
  await typedRBAC(
    client.rbac.organizations.setOrgPolicy({ organization_id: org.organization_id, org_policy: { roles: [{ role_id: roleID, description: 'SCIM group role', permissions: [] }] } }),
    'B2BRBACOrganizationsSetOrgPolicyResponse',
  );
  res = await typed(
    scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [{ group_id: ops, role_id: roleID, group_name: 'Ops' }] }),
    'B2BSCIMConnectionUpdateResponse',
  );
  same(connectionOf(res, 'update').scim_group_implicit_role_assignments, [{ role_id: roleID, group_id: ops, group_name: 'Ops' }], 'replaced by a custom role');

  // [] clears the list.
  res = await typed(scim.update({ ...connParams(org, c), scim_group_implicit_role_assignments: [] }), 'B2BSCIMConnectionUpdateResponse');
  conn = connectionOf(res, 'update');
  same(conn.scim_group_implicit_role_assignments, []);
});

test('delete: the connection is gone, its token refused; the organization has no scim_active_connection', async () => {
  const org = await createOrg();
  const c = await createSCIM(org);
  await pushGroup(c, c.bearer_token, 'Going away');
  const del = await typed(scim.delete(connParams(org, c)), 'B2BSCIMConnectionDeleteResponse');
  assert.equal(del.connection_id, c.connection_id);
  const gone = { status: 404, errorType: 'no_active_scim_connection' };
  await expectStytchError(scim.get({ organization_id: org.organization_id }), gone);
  for (const [name, call] of [
    ['update', () => scim.update({ ...connParams(org, c), display_name: 'x' })],
    ['delete', () => scim.delete(connParams(org, c))],
    ['rotateStart', () => scim.rotateStart(connParams(org, c))],
    ['rotateComplete', () => scim.rotateComplete(connParams(org, c))],
    ['rotateCancel', () => scim.rotateCancel(connParams(org, c))],
    ['getGroups', () => scim.getGroups(connParams(org, c))],
  ]) {
    await expectStytchError(call(), gone).catch((e) => {
      e.message = `${name}: ${e.message}`;
      throw e;
    });
  }
  assert.equal(await accepts(c, c.bearer_token), false, 'the token of a deleted connection is refused');
  const o = await getOrg(org);
  assert.ok(o.scim_active_connection == null, `scim_active_connection after delete: ${JSON.stringify(o.scim_active_connection)}`);
});

test('deleting the organization deletes its SCIM connection and its RBAC policy', async () => {
  const org = await createOrg();
  const c = await createSCIM(org);
  await pushGroup(c, c.bearer_token, 'Eng');
  await typedRBAC(
    client.rbac.organizations.setOrgPolicy({ organization_id: org.organization_id, org_policy: { roles: [{ role_id: uniq('gone'), description: '', permissions: [] }] } }),
    'B2BRBACOrganizationsSetOrgPolicyResponse',
  );
  await typed(orgs.delete({ organization_id: org.organization_id }), 'B2BOrganizationsDeleteResponse');
  assert.equal(await accepts(c, c.bearer_token), false, 'the connection\'s token is refused');
  const orgGone = { status: 404, errorType: 'organization_not_found' };
  await expectStytchError(scim.get({ organization_id: org.organization_id }), orgGone);
  await expectStytchError(client.rbac.organizations.getOrgPolicy({ organization_id: org.organization_id }), orgGone);

  // A new organization with the freed slug has neither.
  const again = (await typed(orgs.create({ organization_name: 'Again', organization_slug: org.organization_slug }), 'B2BOrganizationsCreateResponse')).organization;
  assert.notEqual(again.organization_id, org.organization_id);
  await expectStytchError(scim.get({ organization_id: org.organization_slug }), { status: 404, errorType: 'no_active_scim_connection' });
  const policy = await typedRBAC(client.rbac.organizations.getOrgPolicy({ organization_id: org.organization_slug }), 'B2BRBACOrganizationsGetOrgPolicyResponse');
  same(policy.org_policy, { roles: [] });
  same(again.custom_roles, []);
  assert.ok(again.scim_active_connection == null);
});

test('error: unknown organization; a connection id that is not the organization\'s', async () => {
  const notFound = { status: 404, errorType: 'organization_not_found' };
  await expectStytchError(scim.create({ organization_id: UNKNOWN_ORG }), notFound);
  await expectStytchError(scim.get({ organization_id: UNKNOWN_ORG }), notFound);
  await expectStytchError(scim.getGroups({ organization_id: UNKNOWN_ORG, connection_id: UNKNOWN_CONN }), notFound);

  const org = await createOrg();
  const other = await createOrg();
  const oc = await createSCIM(other);
  const gone = { status: 404, errorType: 'no_active_scim_connection' };
  await expectStytchError(scim.get({ organization_id: org.organization_id }), gone);
  // Another organization's connection, while org has none and then has one.
  await expectStytchError(scim.update({ organization_id: org.organization_id, connection_id: oc.connection_id, display_name: 'x' }), gone);
  await createSCIM(org);
  for (const call of [
    () => scim.update({ organization_id: org.organization_id, connection_id: oc.connection_id, display_name: 'x' }),
    () => scim.delete({ organization_id: org.organization_id, connection_id: oc.connection_id }),
    () => scim.rotateStart({ organization_id: org.organization_id, connection_id: oc.connection_id }),
    () => scim.getGroups({ organization_id: org.organization_id, connection_id: oc.connection_id }),
    () => scim.update({ organization_id: org.organization_id, connection_id: UNKNOWN_CONN, display_name: 'x' }),
  ]) {
    await expectStytchError(call(), gone);
  }
  same(connectionOf(await typed(scim.get({ organization_id: other.organization_id }), 'B2BSCIMConnectionGetResponse'), 'get').display_name, '', 'the other connection is untouched');
});

test('report: optional properties the emulator answered with null, and undeclared keys', (t) => {
  // Stytch's API answers nullable fields with null where the SDK's types
  // declare them optional; typecheck.js accepts that and this lists where.
  for (const line of nullReport()) t.diagnostic(`null for optional ${line}`);
  // Keys answered although the SDK's response type lacks them.
  for (const line of undeclaredReport()) t.diagnostic(`undeclared ${line}`);
});
