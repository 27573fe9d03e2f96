'use strict';
// Stytch's official Node SDK (stytch@14.2.0) drives the emulator: every call
// goes through the SDK's own request code, every success is checked against
// the SDK's declared response type and every failure must be the StytchError
// (status_code, error_type, request_id) that Stytch documents.
//
// Needs STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID and STYTCH_SECRET: run
// scripts/test-sdk.sh (make test-sdk) from the repository root.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const stytch = require('stytch');
const {
  closeClients,
  emulatorConfig,
  expectStytchError,
  expectType,
  LoopbackDispatcher,
  makeClient,
  nullReport,
  uniq,
} = require('../lib/emulator');

const client = makeClient();
const orgs = client.organizations;

after(closeClients);

// same is deepEqual under a shorter name.
function same(a, b, msg) {
  assert.deepEqual(a, b, msg);
}

// createOrg creates a minimal organization and returns it (type-checked).
async function createOrg(overrides = {}) {
  const slug = overrides.organization_slug ?? uniq('sdk');
  const res = await expectType(
    orgs.create({ organization_name: `SDK ${slug}`, organization_slug: slug, ...overrides }),
    'B2BOrganizationsCreateResponse',
  );
  return res.organization;
}

// fullCreateBody is a Create request with every field of
// B2BOrganizationsCreateRequest set to a non-default value.
function fullCreateBody() {
  const token = uniq('full');
  const domain = `${token}.example.com`;
  return {
    organization_name: `Full ${token}`,
    organization_slug: token,
    organization_logo_url: `https://${domain}/logo.png`,
    trusted_metadata: { tier: 'gold', seats: 42, beta: true, owners: ['a', 'b'], billing: { plan: 'annual', cents: 1999 } },
    organization_external_id: `ext-${token}`,
    sso_jit_provisioning: 'RESTRICTED',
    email_allowed_domains: [domain, `mail.${domain}`],
    email_jit_provisioning: 'RESTRICTED',
    email_invites: 'RESTRICTED',
    auth_methods: 'RESTRICTED',
    allowed_auth_methods: ['magic_link', 'password', 'sso'],
    mfa_policy: 'REQUIRED_FOR_ALL',
    rbac_email_implicit_role_assignments: [{ domain, role_id: 'stytch_member' }],
    mfa_methods: 'RESTRICTED',
    allowed_mfa_methods: ['totp'],
    oauth_tenant_jit_provisioning: 'RESTRICTED',
    allowed_oauth_tenants: { slack: ['T0123ABC'], github: ['gh-org-1', 'gh-org-2'] },
    claimed_email_domains: [`claimed.${domain}`],
    first_party_connected_apps_allowed_type: 'RESTRICTED',
    allowed_first_party_connected_apps: [`connected-app-test-${token}`],
    third_party_connected_apps_allowed_type: 'NOT_ALLOWED',
    allowed_third_party_connected_apps: [],
  };
}

test('the bridge: the SDK refuses http base URLs, and nothing but the emulator is reachable', async () => {
  const cfg = emulatorConfig();
  assert.throws(
    () => new stytch.B2BClient({ project_id: cfg.projectID, secret: cfg.secret, custom_base_url: `${cfg.httpOrigin}/` }),
    /HTTPS/,
  );
  const dispatcher = new LoopbackDispatcher({ from: cfg.httpsOrigin, to: cfg.httpOrigin });
  try {
    const elsewhere = new stytch.B2BClient({ project_id: cfg.projectID, secret: cfg.secret, dispatcher });
    await assert.rejects(elsewhere.organizations.get({ organization_id: 'organization-test-x' }), stytch.RequestError);
  } finally {
    await dispatcher.close();
  }
});

test('create with every field of the Create request', async () => {
  const body = fullCreateBody();
  const res = await expectType(orgs.create(body), 'B2BOrganizationsCreateResponse');
  const org = res.organization;
  assert.match(org.organization_id, /^organization-/);
  for (const [k, v] of Object.entries(body)) {
    same(org[k], v, `organization.${k} echoes the request`);
  }
  same(org.sso_jit_provisioning_allowed_connections, []);
  same(org.sso_active_connections, []);
  same(org.custom_roles, []);
});

test('create with only a name and a slug answers the documented defaults', async () => {
  // The SDK's doc comment of create: "An organization_name and a unique
  // organization_slug are required" (its type marks the slug optional).
  const slug = uniq('defaults');
  const res = await expectType(orgs.create({ organization_name: `Defaults ${slug}`, organization_slug: slug }), 'B2BOrganizationsCreateResponse');
  const org = res.organization;
  assert.equal(org.organization_slug, slug);
  assert.equal(org.email_invites, 'ALL_ALLOWED', 'email_invites defaults to ALL_ALLOWED without auth settings');
  assert.equal(org.auth_methods, 'ALL_ALLOWED');
  assert.equal(org.mfa_policy, 'OPTIONAL');
  same(org.email_allowed_domains, []);
});

test('get by organization_id, by slug and by external id', async () => {
  const body = fullCreateBody();
  const created = (await expectType(orgs.create(body), 'B2BOrganizationsCreateResponse')).organization;
  for (const key of [created.organization_id, body.organization_slug, body.organization_external_id]) {
    const res = await expectType(orgs.get({ organization_id: key }), 'B2BOrganizationsGetResponse');
    same(res.organization, created, `get(${key})`);
  }
});

test('update several fields and clear lists with []', async () => {
  const body = fullCreateBody();
  const created = (await expectType(orgs.create(body), 'B2BOrganizationsCreateResponse')).organization;
  const newSlug = uniq('renamed');
  const res = await expectType(
    orgs.update({
      organization_id: created.organization_id,
      organization_name: 'Renamed by the SDK',
      organization_slug: newSlug,
      organization_logo_url: 'https://example.org/new-logo.png',
      trusted_metadata: { tier: 'platinum', seats: null, added: { x: 1 } },
      email_jit_provisioning: 'NOT_ALLOWED',
      email_invites: 'ALL_ALLOWED',
      email_allowed_domains: [],
      rbac_email_implicit_role_assignments: [],
      auth_methods: 'ALL_ALLOWED',
      allowed_auth_methods: [],
      mfa_policy: 'OPTIONAL',
      mfa_methods: 'ALL_ALLOWED',
      allowed_mfa_methods: [],
      oauth_tenant_jit_provisioning: 'NOT_ALLOWED',
      allowed_oauth_tenants: {},
      claimed_email_domains: [],
      first_party_connected_apps_allowed_type: 'ALL_ALLOWED',
      allowed_first_party_connected_apps: [],
    }),
    'B2BOrganizationsUpdateResponse',
  );
  const org = res.organization;
  assert.equal(org.organization_id, created.organization_id);
  assert.equal(org.organization_name, 'Renamed by the SDK');
  assert.equal(org.organization_slug, newSlug);
  assert.equal(org.organization_logo_url, 'https://example.org/new-logo.png');
  same(org.trusted_metadata, { tier: 'platinum', beta: true, owners: ['a', 'b'], billing: { plan: 'annual', cents: 1999 }, added: { x: 1 } }, 'trusted_metadata merges top-level keys, null deletes');
  for (const k of [
    'email_allowed_domains',
    'rbac_email_implicit_role_assignments',
    'allowed_auth_methods',
    'allowed_mfa_methods',
    'claimed_email_domains',
    'allowed_first_party_connected_apps',
  ]) {
    same(org[k], [], `${k} cleared by []`);
  }
  assert.ok(org.allowed_oauth_tenants == null || Object.keys(org.allowed_oauth_tenants).length === 0, 'allowed_oauth_tenants cleared by {}');
  assert.equal(org.email_jit_provisioning, 'NOT_ALLOWED');
  assert.equal(org.sso_jit_provisioning, 'RESTRICTED', 'fields not sent are unchanged');
  assert.equal(org.organization_external_id, body.organization_external_id, 'fields not sent are unchanged');
  assert.equal(org.third_party_connected_apps_allowed_type, 'NOT_ALLOWED', 'fields not sent are unchanged');

  const got = await expectType(orgs.get({ organization_id: newSlug }), 'B2BOrganizationsGetResponse');
  same(got.organization, org, 'get after update');
  await expectStytchError(orgs.get({ organization_id: body.organization_slug }), { status: 404, errorType: 'organization_not_found' });
});

test('search with pagination follows next_cursor to the end', async () => {
  const prefix = uniq('page');
  const want = new Set();
  for (let i = 0; i < 7; i++) {
    want.add((await createOrg({ organization_name: `${prefix} ${i}`, organization_slug: `${prefix}-${i}` })).organization_id);
  }
  // An organization outside the query must not show up.
  await createOrg({ organization_name: `other ${uniq('x')}` });
  const query = { operator: 'AND', operands: [{ filter_name: 'organization_slug_fuzzy', filter_value: prefix }] };
  const seen = new Map();
  const sizes = [];
  let cursor;
  for (let page = 0; ; page++) {
    assert.ok(page < 10, 'pagination does not end');
    const res = await expectType(orgs.search({ limit: 3, query, ...(cursor ? { cursor } : {}) }), 'B2BOrganizationsSearchResponse');
    assert.equal(res.results_metadata.total, 7, `total on page ${page}`);
    sizes.push(res.organizations.length);
    for (const o of res.organizations) seen.set(o.organization_id, (seen.get(o.organization_id) || 0) + 1);
    cursor = res.results_metadata.next_cursor;
    if (res.organizations.length < 3 || cursor == null) {
      assert.strictEqual(res.results_metadata.next_cursor, null, 'next_cursor is null on the last page');
      break;
    }
    assert.equal(typeof cursor, 'string');
    assert.match(cursor, /\S/);
  }
  same(sizes, [3, 3, 1], 'page sizes');
  same(new Set(seen.keys()), want, 'every organization of the query, and only those');
  for (const [id, n] of seen) assert.equal(n, 1, `${id} found ${n} times`);
});

test('search by ids, slugs and claimed domains', async () => {
  const a = await createOrg();
  const token = uniq('claim');
  const b = await createOrg({ claimed_email_domains: [`${token}.example.net`] });
  let res = await expectType(
    orgs.search({ query: { operator: 'OR', operands: [
      { filter_name: 'organization_ids', filter_value: [a.organization_id] },
      { filter_name: 'organization_slugs', filter_value: [b.organization_slug] },
    ] } }),
    'B2BOrganizationsSearchResponse',
  );
  same(new Set(res.organizations.map((o) => o.organization_id)), new Set([a.organization_id, b.organization_id]));
  assert.equal(res.results_metadata.total, 2);
  assert.strictEqual(res.results_metadata.next_cursor, null);
  res = await expectType(
    orgs.search({ query: { operator: 'AND', operands: [{ filter_name: 'claimed_email_domains', filter_value: [`${token}.example.net`] }] } }),
    'B2BOrganizationsSearchResponse',
  );
  same(res.organizations, [b]);
});

test('delete, then get answers 404', async () => {
  const org = await createOrg();
  const res = await expectType(orgs.delete({ organization_id: org.organization_id }), 'B2BOrganizationsDeleteResponse');
  assert.equal(res.organization_id, org.organization_id);
  await expectStytchError(orgs.get({ organization_id: org.organization_id }), { status: 404, errorType: 'organization_not_found' });
  await expectStytchError(orgs.delete({ organization_id: org.organization_id }), { status: 404, errorType: 'organization_not_found' });
});

test('deleteExternalId removes the external id', async () => {
  assert.equal(typeof orgs.deleteExternalId, 'function', 'stytch@14.2.0 has organizations.deleteExternalId');
  const ext = uniq('ext');
  const org = await createOrg({ organization_external_id: ext });
  assert.equal(org.organization_external_id, ext);
  const res = await expectType(orgs.deleteExternalId({ organization_id: org.organization_id }), 'B2BOrganizationsDeleteExternalIdResponse');
  assert.equal(res.organization.organization_id, org.organization_id);
  assert.ok(!res.organization.organization_external_id, `organization_external_id is gone, got ${JSON.stringify(res.organization.organization_external_id)}`);
  await expectStytchError(orgs.get({ organization_id: ext }), { status: 404, errorType: 'organization_not_found' });
  // The external id is free again.
  const again = await createOrg({ organization_external_id: ext });
  assert.equal(again.organization_external_id, ext);
});

test('error: duplicate slug', async () => {
  const org = await createOrg();
  await expectStytchError(createOrg({ organization_slug: org.organization_slug }), {
    status: 400,
    errorType: 'organization_slug_already_used',
  });
  const other = await createOrg();
  await expectStytchError(orgs.update({ organization_id: other.organization_id, organization_slug: org.organization_slug }), {
    status: 400,
    errorType: 'organization_slug_already_used',
  });
});

test('error: duplicate external id', async () => {
  const ext = uniq('dup');
  await createOrg({ organization_external_id: ext });
  await expectStytchError(createOrg({ organization_external_id: ext }), {
    status: 400,
    errorType: 'organization_external_id_already_used',
  });
});

test('error: unknown organization', async () => {
  const id = 'organization-test-00000000-0000-4000-8000-000000000000';
  for (const call of [
    () => orgs.get({ organization_id: id }),
    () => orgs.update({ organization_id: id, organization_name: 'x' }),
    () => orgs.delete({ organization_id: id }),
    () => orgs.deleteExternalId({ organization_id: id }),
  ]) {
    await expectStytchError(call(), { status: 404, errorType: 'organization_not_found' });
  }
});

test('error: wrong secret', async () => {
  const org = await createOrg();
  const wrong = makeClient({ secret: `secret-test-${uniq('wrong')}` });
  await expectStytchError(wrong.organizations.get({ organization_id: org.organization_id }), {
    status: 401,
    errorType: 'unauthorized_credentials',
  });
  await expectStytchError(wrong.organizations.create({ organization_name: 'never' }), {
    status: 401,
    errorType: 'unauthorized_credentials',
  });
});

test('error: invalid slug', async () => {
  await expectStytchError(createOrg({ organization_slug: 'Not A Slug!' }), { status: 400, errorType: 'invalid_organization_slug' });
});

test('error: auth_methods RESTRICTED without allowed_auth_methods', async () => {
  await expectStytchError(createOrg({ auth_methods: 'RESTRICTED' }), {
    status: 400,
    errorType: 'allowed_auth_methods_required_for_restricted',
  });
});

test('error: a common email domain in email_allowed_domains', async () => {
  await expectStytchError(createOrg({ email_allowed_domains: ['gmail.com'] }), {
    status: 400,
    errorType: 'organization_settings_domain_too_common',
  });
});

// searchError runs a search with one operand and expects a 400 errorType.
async function searchError(query, errorType, extra = {}) {
  await expectStytchError(orgs.search({ ...extra, query }), { status: 400, errorType });
}

test('error: search organization_name_fuzzy of 2 characters', async () => {
  await searchError(
    { operator: 'AND', operands: [{ filter_name: 'organization_name_fuzzy', filter_value: 'ab' }] },
    'organization_search_organization_name_fuzzy_too_short',
  );
});

test('error: search with an unknown filter_name', async () => {
  await searchError(
    { operator: 'AND', operands: [{ filter_name: 'no_such_filter', filter_value: ['x'] }] },
    'organization_search_filter_name_not_recognized',
  );
});

test('error: search has_active_sso_connection with a non-boolean value', async () => {
  await searchError(
    { operator: 'AND', operands: [{ filter_name: 'has_active_sso_connection', filter_value: 'yes' }] },
    'organization_search_expected_boolean',
  );
});

test('error: search sso_connection_id with an empty string', async () => {
  await searchError(
    { operator: 'AND', operands: [{ filter_name: 'sso_connection_id', filter_value: '' }] },
    'organization_search_missing_sso_connection_id',
  );
});

test('error: search with an invalid cursor', async () => {
  await searchError({ operator: 'AND', operands: [] }, 'user_search_invalid_cursor', { cursor: 'not-a-cursor' });
});

test('error: search with operands but no operator', async () => {
  await searchError(
    { operands: [{ filter_name: 'organization_slug_fuzzy', filter_value: 'abc' }] },
    'user_search_invalid_operator',
  );
});

test('report: optional properties the emulator answered with null', (t) => {
  // Stytch's API answers nullable fields with null where the SDK's types
  // declare them optional; typecheck.js accepts that and this lists where.
  for (const line of nullReport()) t.diagnostic(`null for optional ${line}`);
});
