'use strict';
// Unit tests of lib/typecheck.js: values that must pass and values that must
// fail, against small fixture declarations and against the stytch SDK's own
// Organization types, so the checker cannot silently accept everything.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  TypeShapeChecker,
  stytchMembersChecker,
  stytchOrganizationsChecker,
  stytchRBACChecker,
  stytchSCIMChecker,
  stytchSSOChecker,
} = require('../lib/typecheck');

const fixtures = new TypeShapeChecker({ files: [path.join(__dirname, 'fixtures', 'shapes.d.ts')] });

function shape(overrides = {}) {
  return {
    id: 'shape-1',
    kind: 'circle',
    size: 3,
    visible: true,
    label: null,
    tags: [{ key: 'a', weight: 1 }],
    matrix: [[1, 2], [3]],
    note: 'n',
    ...overrides,
  };
}

// assertFails checks that value fails typeName with an error at each of paths.
function assertFails(checker, value, typeName, paths, opts) {
  const { errors } = checker.check(value, typeName, opts);
  assert.ok(errors.length > 0, `${typeName} accepted ${JSON.stringify(value)}`);
  for (const p of paths) {
    assert.ok(
      errors.some((e) => e.startsWith(`${p}:`) || e.includes(` ${p}:`)),
      `no error at ${p}; errors:\n${errors.join('\n')}`,
    );
  }
  return errors;
}

test('fixtures: a conforming value passes', () => {
  assert.deepEqual(fixtures.check(shape(), 'Shape'), { errors: [], nulls: [] });
  assert.deepEqual(
    fixtures.check(
      shape({ created_at: 't', meta: { x: [1, { y: null }] }, counts: { a: 1 }, details: { any: 'thing' } }),
      'Alias',
    ),
    { errors: [], nulls: [] },
  );
});

test('fixtures: a missing required key fails, also one inherited through extends and an import', () => {
  const v = shape();
  delete v.size;
  delete v.id;
  assertFails(fixtures, v, 'Shape', ['$.size', '$.id']);
});

test('fixtures: a property typed `T | undefined` may be absent', () => {
  const v = shape();
  delete v.note;
  assert.deepEqual(fixtures.check(v, 'Shape').errors, []);
});

test('fixtures: an extra key fails, nested ones too', () => {
  assertFails(fixtures, shape({ invented: 1 }), 'Shape', ['$.invented']);
  assertFails(fixtures, shape({ tags: [{ key: 'a', weight: 1, color: 'red' }] }), 'Shape', ['$.tags[0].color']);
});

test('fixtures: wrong primitive kinds fail', () => {
  assertFails(fixtures, shape({ id: 7 }), 'Shape', ['$.id']);
  assertFails(fixtures, shape({ size: '3' }), 'Shape', ['$.size']);
  assertFails(fixtures, shape({ visible: 'true' }), 'Shape', ['$.visible']);
  assertFails(fixtures, shape({ label: 5 }), 'Shape', ['$.label']);
  assertFails(fixtures, shape({ tags: { key: 'a', weight: 1 } }), 'Shape', ['$.tags']);
  assertFails(fixtures, shape({ tags: [{ key: 'a', weight: 'heavy' }] }), 'Shape', ['$.tags[0].weight']);
  assertFails(fixtures, shape({ matrix: [[1, 'x']] }), 'Shape', ['$.matrix[0][1]']);
  assertFails(fixtures, shape({ counts: { a: 'one' } }), 'Shape', ['$.counts.a']);
  assertFails(fixtures, shape({ meta: ['not', 'an', 'object'] }), 'Shape', ['$.meta']);
  assertFails(fixtures, shape({ details: 'not an object' }), 'Shape', ['$.details']);
});

test('fixtures: literal unions are checked by value', () => {
  assertFails(fixtures, shape({ kind: 'triangle' }), 'Shape', ['$.kind']);
});

test('fixtures: null is accepted for an optional property only under the default policy', () => {
  assert.deepEqual(fixtures.check(shape({ meta: null }), 'Shape'), { errors: [], nulls: ['$.meta'] });
  assertFails(fixtures, shape({ meta: null }), 'Shape', ['$.meta'], { nullForOptional: 'reject' });
  // Never for a required property.
  assertFails(fixtures, shape({ size: null }), 'Shape', ['$.size']);
  assertFails(fixtures, shape({ tags: null }), 'Shape', ['$.tags']);
});

test('fixtures: discriminated unions, tuples and index signatures', () => {
  assert.deepEqual(fixtures.check({ filter_name: 'ids', filter_value: ['a'] }, 'Operand').errors, []);
  assert.deepEqual(fixtures.check({ filter_name: 'flag', filter_value: false }, 'Operand').errors, []);
  assertFails(fixtures, { filter_name: 'flag', filter_value: 'yes' }, 'Operand', ['$']);
  assertFails(fixtures, { filter_name: 'other', filter_value: true }, 'Operand', ['$']);
  assert.deepEqual(fixtures.check(['a', 1], 'Pair').errors, []);
  assertFails(fixtures, ['a', 'b'], 'Pair', ['$[1]']);
  assertFails(fixtures, ['a'], 'Pair', ['$']);
  assert.deepEqual(fixtures.check({ x: { key: 'k', weight: 2 } }, 'Dict').errors, []);
  assertFails(fixtures, { x: { key: 'k' } }, 'Dict', ['$.x.weight']);
});

test('fixtures: types JSON cannot carry are refused, unknown names throw', () => {
  assertFails(fixtures, { run: {} }, 'WithCallback', ['$.run']);
  assert.throws(() => fixtures.check({}, 'NoSuchType'), /no exported type NoSuchType/);
});

test('fixtures: a declared type that does not resolve accepts nothing', () => {
  const broken = new TypeShapeChecker({ files: [path.join(__dirname, 'fixtures', 'broken.d.ts')] });
  assertFails(broken, { x: 1 }, 'Broken', ['$.x']);
});

// A full Organization as the SDK's types describe it.
function organization(overrides = {}) {
  return {
    organization_id: 'organization-test-1',
    organization_name: 'Acme',
    organization_logo_url: '',
    organization_slug: 'acme',
    sso_jit_provisioning: 'ALL_ALLOWED',
    sso_jit_provisioning_allowed_connections: [],
    sso_active_connections: [{ connection_id: 'c', display_name: 'd', identity_provider: 'okta' }],
    email_allowed_domains: ['acme.com'],
    email_jit_provisioning: 'RESTRICTED',
    email_invites: 'ALL_ALLOWED',
    auth_methods: 'ALL_ALLOWED',
    allowed_auth_methods: [],
    mfa_policy: 'OPTIONAL',
    rbac_email_implicit_role_assignments: [{ domain: 'acme.com', role_id: 'stytch_member' }],
    mfa_methods: 'ALL_ALLOWED',
    allowed_mfa_methods: [],
    oauth_tenant_jit_provisioning: 'NOT_ALLOWED',
    claimed_email_domains: [],
    first_party_connected_apps_allowed_type: 'ALL_ALLOWED',
    allowed_first_party_connected_apps: [],
    third_party_connected_apps_allowed_type: 'ALL_ALLOWED',
    allowed_third_party_connected_apps: [],
    custom_roles: [{ role_id: 'r', description: '', permissions: [{ resource_id: 'x', actions: ['*'] }] }],
    trusted_metadata: { tier: 'gold', nested: { n: 1 } },
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    organization_external_id: '',
    sso_default_connection_id: null,
    scim_active_connection: null,
    allowed_oauth_tenants: { slack: ['T1'] },
    ...overrides,
  };
}

test('stytch types: a full Organization passes, nulls of optional properties are reported', () => {
  const checker = stytchOrganizationsChecker();
  const res = checker.check({ request_id: 'r', status_code: 200, organization: organization() }, 'B2BOrganizationsGetResponse');
  assert.deepEqual(res.errors, []);
  assert.deepEqual(res.nulls.sort(), ['$.organization.scim_active_connection', '$.organization.sso_default_connection_id']);
});

test('stytch types: mismatches fail', () => {
  const checker = stytchOrganizationsChecker();
  const wrap = (org) => ({ request_id: 'r', status_code: 200, organization: org });
  const missing = organization();
  delete missing.custom_roles;
  assertFails(checker, wrap(missing), 'B2BOrganizationsCreateResponse', ['$.organization.custom_roles']);
  assertFails(checker, wrap(organization({ organization_name: 42 })), 'B2BOrganizationsCreateResponse', ['$.organization.organization_name']);
  assertFails(checker, wrap(organization({ invented_field: true })), 'B2BOrganizationsCreateResponse', ['$.organization.invented_field']);
  assertFails(checker, wrap(organization({ sso_active_connections: [{ connection_id: 'c', display_name: 'd' }] })), 'B2BOrganizationsCreateResponse', [
    '$.organization.sso_active_connections[0].identity_provider',
  ]);
  assertFails(checker, wrap(organization({ email_allowed_domains: null })), 'B2BOrganizationsCreateResponse', ['$.organization.email_allowed_domains']);
  assertFails(checker, wrap(organization({ scim_active_connection: { connection_id: 'c' } })), 'B2BOrganizationsCreateResponse', [
    '$.organization.scim_active_connection.display_name',
  ]);
  assertFails(checker, { request_id: 'r', status_code: 200, organization: organization() }, 'B2BOrganizationsDeleteResponse', [
    '$.organization_id',
    '$.organization',
  ]);
  assertFails(checker, { request_id: 'r', status_code: 200, organizations: [], results_metadata: { total: '0' } }, 'B2BOrganizationsSearchResponse', [
    '$.results_metadata.total',
  ]);
  assertFails(checker, { status_code: 400, request_id: 'r', error_type: 'x', error_message: 'm' }, 'StytchErrorJSON', ['$.error_url']);
});

test('stytch types: assert throws with every error listed', () => {
  const checker = stytchOrganizationsChecker();
  assert.throws(
    () => checker.assert({ request_id: 1, status_code: 200 }, 'B2BOrganizationsDeleteResponse'),
    (err) => err.typeErrors.length === 2 && /\$\.request_id/.test(err.message) && /\$\.organization_id/.test(err.message),
  );
});

// SSO connection objects as the SDK's types (types/lib/b2b/sso.d.ts)
// describe them.
function samlConnection(overrides = {}) {
  const cert = { certificate_id: 'certificate-test-1', certificate: '-----BEGIN CERTIFICATE-----', issuer: 'Stytch', created_at: 't', expires_at: 't', updated_at: 't' };
  return {
    organization_id: 'organization-test-1',
    connection_id: 'saml-connection-test-1',
    status: 'pending',
    idp_entity_id: '',
    display_name: '',
    idp_sso_url: '',
    acs_url: 'https://test.stytch.com/v1/b2b/sso/callback/saml-connection-test-1',
    audience_uri: 'https://test.stytch.com/v1/b2b/sso/callback/saml-connection-test-1',
    signing_certificates: [cert],
    verification_certificates: [],
    encryption_private_keys: [{ private_key_id: 'k', private_key: '' }],
    saml_connection_implicit_role_assignments: [{ role_id: 'stytch_member' }],
    saml_group_implicit_role_assignments: [{ role_id: 'stytch_admin', group: 'admins' }],
    alternative_audience_uri: '',
    identity_provider: 'generic',
    nameid_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    alternative_acs_url: '',
    idp_initiated_auth_disabled: false,
    allow_gateway_callback: false,
    attribute_mapping: { email: 'email', nested: { any: 'thing' } },
    ...overrides,
  };
}

function externalConnection(overrides = {}) {
  return {
    organization_id: 'organization-test-2',
    connection_id: 'external-connection-test-1',
    external_organization_id: 'organization-test-1',
    external_connection_id: 'saml-connection-test-1',
    display_name: '',
    status: 'active',
    external_connection_implicit_role_assignments: [],
    external_group_implicit_role_assignments: [],
    ...overrides,
  };
}

test('stytch SSO types: conforming connections pass', () => {
  const checker = stytchSSOChecker();
  const list = { request_id: 'r', status_code: 200, saml_connections: [samlConnection()], oidc_connections: [], external_connections: [externalConnection()] };
  assert.deepEqual(checker.check(list, 'B2BSSOGetConnectionsResponse'), { errors: [], nulls: [] });
  assert.deepEqual(checker.check({ request_id: 'r', status_code: 200 }, 'B2BSSOSAMLCreateConnectionResponse').errors, [], 'connection is optional');
  assert.deepEqual(checker.check({ request_id: 'r', status_code: 200, warning: 'w' }, 'B2BSSOOIDCUpdateConnectionResponse').errors, []);
});

test('stytch SSO types: mismatches fail', () => {
  const checker = stytchSSOChecker();
  const listOf = (saml = [], ext = []) => ({ request_id: 'r', status_code: 200, saml_connections: saml, oidc_connections: [], external_connections: ext });
  const missing = samlConnection();
  delete missing.verification_certificates;
  assertFails(checker, listOf([missing]), 'B2BSSOGetConnectionsResponse', ['$.saml_connections[0].verification_certificates']);
  // The old documentation example's "idp" key and "id" of a certificate.
  assertFails(checker, listOf([samlConnection({ idp: '' })]), 'B2BSSOGetConnectionsResponse', ['$.saml_connections[0].idp']);
  assertFails(checker, listOf([samlConnection({ signing_certificates: [{ id: '', certificate: '', issuer: '' }] })]), 'B2BSSOGetConnectionsResponse', [
    '$.saml_connections[0].signing_certificates[0].certificate_id',
    '$.saml_connections[0].signing_certificates[0].id',
  ]);
  assertFails(checker, listOf([samlConnection({ idp_initiated_auth_disabled: 'false' })]), 'B2BSSOGetConnectionsResponse', [
    '$.saml_connections[0].idp_initiated_auth_disabled',
  ]);
  // The create-only role names are not names of the External connection object.
  assertFails(checker, listOf([], [externalConnection({ connection_implicit_role_assignments: [] })]), 'B2BSSOGetConnectionsResponse', [
    '$.external_connections[0].connection_implicit_role_assignments',
  ]);
  const noList = listOf();
  delete noList.external_connections;
  assertFails(checker, noList, 'B2BSSOGetConnectionsResponse', ['$.external_connections']);
  assertFails(checker, { request_id: 'r', status_code: 200, warning: 5 }, 'B2BSSOOIDCUpdateConnectionResponse', ['$.warning']);
  assertFails(checker, { request_id: 'r', status_code: 200 }, 'B2BSSODeleteConnectionResponse', ['$.connection_id']);
  assertFails(checker, { request_id: 'r', status_code: 200, certificate_id: 1 }, 'B2BSSOSAMLDeleteVerificationCertificateResponse', ['$.certificate_id']);
  assertFails(checker, { request_id: 'r', status_code: 200, connection: samlConnection() }, 'B2BSSOExternalCreateConnectionResponse', [
    '$.connection.external_connection_id',
  ]);
});

// A Member as the SDK's types (types/lib/b2b/organizations.d.ts) describe it.
function member(overrides = {}) {
  return {
    organization_id: 'organization-test-1',
    member_id: 'member-test-1',
    email_address: 'a@example.com',
    status: 'active',
    name: '',
    sso_registrations: [],
    is_breakglass: false,
    member_password_id: '',
    oauth_registrations: [],
    email_address_verified: false,
    mfa_phone_number_verified: false,
    is_admin: true,
    totp_registration_id: '',
    retired_email_addresses: [{ email_id: 'email-test-1', email_address: 'old@example.com' }],
    is_locked: false,
    mfa_enrolled: false,
    mfa_phone_number: '',
    default_mfa_method: '',
    roles: [{ role_id: 'stytch_admin', sources: [{ type: 'email_assignment', details: { email_domain: 'example.com' } }] }],
    trusted_metadata: {},
    untrusted_metadata: {},
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    external_id: '',
    ...overrides,
  };
}

test('stytch member types: conforming answers pass, mismatches fail', () => {
  const checker = stytchMembersChecker();
  const wrap = (m) => ({ request_id: 'r', status_code: 200, member_id: m.member_id, member: m, organization: organization() });
  assert.deepEqual(checker.check(wrap(member()), 'B2BOrganizationsMembersGetResponse').errors, []);
  const search = { request_id: 'r', status_code: 200, members: [member()], results_metadata: { total: 1, next_cursor: null }, organizations: { 'organization-test-1': organization() } };
  assert.deepEqual(checker.check(search, 'B2BOrganizationsMembersSearchResponse').errors, []);
  const missing = member();
  delete missing.is_locked;
  assertFails(checker, wrap(missing), 'B2BOrganizationsMembersCreateResponse', ['$.member.is_locked']);
  assertFails(checker, wrap(member({ invented: 1 })), 'B2BOrganizationsMembersUpdateResponse', ['$.member.invented']);
  assertFails(checker, wrap(member({ roles: [{ role_id: 'r', sources: [{ details: {} }] }] })), 'B2BOrganizationsMembersGetResponse', [
    '$.member.roles[0].sources[0].type',
  ]);
  assertFails(checker, wrap(member({ mfa_phone_number: null })), 'B2BOrganizationsMembersGetResponse', ['$.member.mfa_phone_number']);
  assertFails(checker, { request_id: 'r', status_code: 200, member_id: 'm', member: member() }, 'B2BOrganizationsMembersDeleteResponse', ['$.member']);
  assertFails(checker, { ...search, organizations: [organization()] }, 'B2BOrganizationsMembersSearchResponse', ['$.organizations']);
});

// without returns a copy of obj without key (absent, as in JSON).
function without(obj, key) {
  const out = { ...obj };
  delete out[key];
  return out;
}

// A SCIMConnection as the SDK's types (types/lib/b2b/scim.d.ts) describe it.
function scimConnection(overrides = {}) {
  return {
    organization_id: 'organization-test-1',
    connection_id: 'scim-connection-test-1',
    status: 'active',
    display_name: '',
    identity_provider: 'okta',
    base_url: 'https://test.stytch.com/v1/b2b/scim/scim-connection-test-1',
    bearer_token_last_four: 'abcd',
    scim_group_implicit_role_assignments: [{ role_id: 'stytch_admin', group_id: 'scim-group-test-1', group_name: 'Eng' }],
    next_bearer_token_last_four: '',
    bearer_token_expires_at: '2030-01-01T00:00:00Z',
    ...overrides,
  };
}

test('stytch SCIM types: the three connection objects and the group listing', () => {
  const checker = stytchSCIMChecker();
  const wrap = (connection) => ({ request_id: 'r', status_code: 200, connection });
  assert.deepEqual(checker.check(wrap(scimConnection()), 'B2BSCIMConnectionGetResponse').errors, []);
  const { bearer_token_last_four, next_bearer_token_last_four, ...base } = scimConnection();
  const withToken = { ...base, bearer_token: 't'.repeat(48) };
  assert.deepEqual(checker.check(wrap(withToken), 'B2BSCIMConnectionCreateResponse').errors, []);
  const withNext = { ...base, bearer_token_last_four, next_bearer_token: 'n'.repeat(48), next_bearer_token_expires_at: '2030-01-01T00:00:00Z' };
  assert.deepEqual(checker.check(wrap(withNext), 'B2BSCIMConnectionRotateStartResponse').errors, []);
  assert.equal(next_bearer_token_last_four, '');

  // Each object has its own fields only.
  assertFails(checker, wrap(scimConnection({ bearer_token: 't' })), 'B2BSCIMConnectionGetResponse', ['$.connection.bearer_token']);
  assertFails(checker, wrap({ ...withToken, bearer_token_last_four }), 'B2BSCIMConnectionCreateResponse', ['$.connection.bearer_token_last_four']);
  assertFails(checker, wrap(base), 'B2BSCIMConnectionCreateResponse', ['$.connection.bearer_token']);
  assertFails(checker, wrap(without(withNext, 'next_bearer_token')), 'B2BSCIMConnectionRotateStartResponse', ['$.connection.next_bearer_token']);
  assertFails(checker, wrap(without(scimConnection(), 'next_bearer_token_last_four')), 'B2BSCIMConnectionRotateCompleteResponse', ['$.connection.next_bearer_token_last_four']);
  assertFails(checker, wrap(scimConnection({ scim_group_implicit_role_assignments: [{ role_id: 'r', group_id: 'g' }] })), 'B2BSCIMConnectionUpdateResponse', [
    '$.connection.scim_group_implicit_role_assignments[0].group_name',
  ]);
  assertFails(checker, { request_id: 'r', status_code: 200 }, 'B2BSCIMConnectionDeleteResponse', ['$.connection_id']);

  // The group listing: next_cursor null is reported; the type has no
  // request_id (test/scim.test.js passes it as undeclared).
  const group = { group_id: 'scim-group-test-1', group_name: 'Eng', organization_id: 'organization-test-1', connection_id: 'scim-connection-test-1' };
  const groups = { status_code: 200, scim_groups: [group], next_cursor: null };
  assert.deepEqual(checker.check(groups, 'B2BSCIMConnectionGetGroupsResponse'), { errors: [], nulls: ['$.next_cursor'] });
  assertFails(checker, { ...groups, request_id: 'r' }, 'B2BSCIMConnectionGetGroupsResponse', ['$.request_id']);
  assertFails(checker, { ...groups, scim_groups: [{ ...without(group, 'group_name'), display_name: 'Eng' }] }, 'B2BSCIMConnectionGetGroupsResponse', [
    '$.scim_groups[0].group_name',
    '$.scim_groups[0].display_name',
  ]);
});

test('stytch RBAC types: the project policy and an organization policy', () => {
  const checker = stytchRBACChecker();
  const role = { role_id: 'r', description: '', permissions: [{ resource_id: 'documents', actions: ['*'] }] };
  const policy = { resources: [{ resource_id: 'documents', description: '', actions: ['read'] }], roles: [role], scopes: [] };
  assert.deepEqual(checker.check({ request_id: 'r', status_code: 200, policy }, 'B2BRBACPolicyResponse').errors, []);
  const org = { request_id: 'r', status_code: 200, org_policy: { roles: [role] } };
  assert.deepEqual(checker.check(org, 'B2BRBACOrganizationsGetOrgPolicyResponse').errors, []);
  assert.deepEqual(checker.check(org, 'B2BRBACOrganizationsSetOrgPolicyResponse').errors, []);

  const { scopes, ...noScopes } = policy;
  assert.deepEqual(scopes, []);
  assertFails(checker, { request_id: 'r', status_code: 200, policy: noScopes }, 'B2BRBACPolicyResponse', ['$.policy.scopes']);
  assertFails(checker, { request_id: 'r', status_code: 200, org_policy: {} }, 'B2BRBACOrganizationsGetOrgPolicyResponse', ['$.org_policy.roles']);
  assertFails(checker, { request_id: 'r', status_code: 200, org_policy: { roles: [without(role, 'description')] } }, 'B2BRBACOrganizationsSetOrgPolicyResponse', [
    '$.org_policy.roles[0].description',
  ]);
  assertFails(checker, { request_id: 'r', status_code: 200, org_policy: { roles: [{ ...role, permissions: [{ resource_id: 'x', actions: 'read' }] }] } }, 'B2BRBACOrganizationsGetOrgPolicyResponse', [
    '$.org_policy.roles[0].permissions[0].actions',
  ]);
  // The checker knows the organization and member answers too.
  assert.deepEqual(checker.check({ request_id: 'r', status_code: 200, organization: organization() }, 'B2BOrganizationsGetResponse').errors, []);
  assert.deepEqual(
    checker.check({ request_id: 'r', status_code: 200, member_id: 'member-test-1', member: member(), organization: organization() }, 'B2BOrganizationsMembersCreateResponse').errors,
    [],
  );
});
