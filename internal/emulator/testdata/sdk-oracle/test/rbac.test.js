'use strict';
// Stytch's official Node SDK (stytch@14.2.0) drives the emulator's RBAC
// endpoints: client.rbac.policy() (the project's policy) and
// client.rbac.organizations.getOrgPolicy / setOrgPolicy (an organization's
// own roles). Every success is checked against the response type the SDK
// declares in types/lib/b2b/rbac.d.ts and rbac_organizations.d.ts (and
// organizations.d.ts, organizations_members.d.ts for the organization and
// member answers), every failure must be the StytchError (status_code,
// error_type, request_id) named below.
//
// scripts/test-sdk.sh starts the emulator with -rbac-policy
// internal/emulator/testdata/rbac-policy.json (resources documents and
// reports, roles editor and auditor) and names that file in
// STYTCH_RBAC_POLICY_FILE; the project policy answered must be Stytch's
// default resources and roles followed by the file's.
//
// Needs STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID, STYTCH_SECRET and
// STYTCH_RBAC_POLICY_FILE: run scripts/test-sdk.sh (make test-sdk) from the
// repository root.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { closeClients, expectStytchError, expectType, makeClient, nullReport, uniq } = require('../lib/emulator');
const { stytchRBACChecker } = require('../lib/typecheck');

const client = makeClient();
const orgs = client.organizations;
const members = client.organizations.members;
const rbac = client.rbac;

after(closeClients);

// typed checks a call against an RBAC, member or Organizations response type.
function typed(promise, typeName) {
  return expectType(promise, typeName, { checker: stytchRBACChecker() });
}

// same is deepEqual under a shorter name.
function same(a, b, msg) {
  assert.deepEqual(a, b, msg);
}

// projectPolicyFile is the policy document the emulator was started with.
function projectPolicyFile() {
  const file = process.env.STYTCH_RBAC_POLICY_FILE;
  if (!file) {
    throw new Error(
      'STYTCH_RBAC_POLICY_FILE must name the -rbac-policy file the emulator was started with; ' +
        'run scripts/test-sdk.sh (make test-sdk) from the repository root',
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Stytch's default resources and roles, in every project (the stytch-go
// PolicyResource and PolicyRole comments and the RBAC guide: DESIGN.md,
// "Inferred SCIM connections and organization RBAC policies").
const DEFAULT_RESOURCES = ['stytch.organization', 'stytch.member', 'stytch.sso', 'stytch.scim', 'stytch.self'];
const DEFAULT_ROLES = ['stytch_member', 'stytch_admin'];

const UNKNOWN_ORG = 'organization-test-00000000-0000-4000-8000-000000000000';
const directSource = { type: 'direct_assignment', details: {} };

// createOrg creates an organization and returns it (type-checked).
async function createOrg() {
  const slug = uniq('rbac');
  const res = await typed(orgs.create({ organization_name: `RBAC ${slug}`, organization_slug: slug }), 'B2BOrganizationsCreateResponse');
  return res.organization;
}

// getPolicy answers the organization's policy (type-checked).
async function getPolicy(org) {
  const res = await typed(rbac.organizations.getOrgPolicy({ organization_id: org.organization_id }), 'B2BRBACOrganizationsGetOrgPolicyResponse');
  return res.org_policy;
}

// setPolicy sets the organization's roles and returns the answered policy
// (type-checked).
async function setPolicy(org, roles) {
  const res = await typed(rbac.organizations.setOrgPolicy({ organization_id: org.organization_id, org_policy: { roles } }), 'B2BRBACOrganizationsSetOrgPolicyResponse');
  return res.org_policy;
}

// customRoles answers the organization's custom_roles (organizations.get).
async function customRoles(org) {
  const res = await typed(orgs.get({ organization_id: org.organization_id }), 'B2BOrganizationsGetResponse');
  return res.organization.custom_roles;
}

// A policy that uses the file's resources and a default resource.
function reviewerRoles() {
  return [
    {
      role_id: 'reviewer',
      description: 'Reviews documents and exports reports',
      permissions: [
        { resource_id: 'documents', actions: ['read', 'write'] },
        { resource_id: 'reports', actions: ['*'] },
      ],
    },
    {
      role_id: 'member-manager',
      description: 'Creates and searches members',
      permissions: [{ resource_id: 'stytch.member', actions: ['create', 'search'] }],
    },
    { role_id: 'no-permissions', description: '', permissions: [] },
  ];
}

test('policy: Stytch\'s default resources and roles, then those of the -rbac-policy file', async () => {
  const file = projectPolicyFile();
  const res = await typed(rbac.policy(), 'B2BRBACPolicyResponse');
  const { policy } = res;
  assert.ok(policy && typeof policy === 'object', `policy is answered: ${JSON.stringify(res)}`);
  same(
    policy.resources.map((r) => r.resource_id),
    [...DEFAULT_RESOURCES, ...file.resources.map((r) => r.resource_id)],
    'resources: the defaults, then the file\'s in its order',
  );
  same(policy.roles.map((r) => r.role_id), [...DEFAULT_ROLES, ...file.roles.map((r) => r.role_id)], 'roles: the defaults, then the file\'s');
  same(policy.resources.slice(DEFAULT_RESOURCES.length), file.resources, 'the file\'s resources as written');
  same(policy.roles.slice(DEFAULT_ROLES.length), file.roles, 'the file\'s roles as written');
  same(policy.scopes, file.scopes ?? [], 'scopes');

  // The default roles ("stytch_member contains all stytch.self
  // permissions"; stytch_admin has every action on the other defaults).
  const role = (id) => policy.roles.find((r) => r.role_id === id);
  same(role('stytch_member').permissions, [{ resource_id: 'stytch.self', actions: ['*'] }]);
  same(
    role('stytch_admin').permissions,
    ['stytch.organization', 'stytch.member', 'stytch.sso', 'stytch.scim'].map((resource_id) => ({ resource_id, actions: ['*'] })),
  );
  for (const r of policy.resources) {
    assert.ok(r.actions.length > 0, `${r.resource_id} has actions`);
    assert.ok(!r.actions.includes('*'), `${r.resource_id} does not define *`);
  }
  const member = policy.resources.find((r) => r.resource_id === 'stytch.member');
  for (const a of ['create', 'search', 'delete', 'update.settings.roles']) assert.ok(member.actions.includes(a), `stytch.member defines ${a}`);

  // The answer does not depend on the caller.
  same((await typed(rbac.policy(), 'B2BRBACPolicyResponse')).policy, policy, 'a second call');
});

test('getOrgPolicy of an organization without a policy answers no roles', async () => {
  const org = await createOrg();
  same(await getPolicy(org), { roles: [] });
  same(org.custom_roles, []);
});

test('setOrgPolicy then getOrgPolicy; the roles are the organization\'s custom_roles', async () => {
  const org = await createOrg();
  const roles = reviewerRoles();
  same(await setPolicy(org, roles), { roles }, 'set answers the roles sent, in the order sent');
  same(await getPolicy(org), { roles }, 'get after set');
  same(await customRoles(org), roles, 'organizations.get custom_roles');
  // By slug, too.
  const bySlug = await typed(rbac.organizations.getOrgPolicy({ organization_id: org.organization_slug }), 'B2BRBACOrganizationsGetOrgPolicyResponse');
  same(bySlug.org_policy, { roles });

  // Set replaces the roles.
  const replaced = [{ role_id: 'auditor-lite', description: 'Reads reports', permissions: [{ resource_id: 'reports', actions: ['read'] }] }];
  same(await setPolicy(org, replaced), { roles: replaced });
  same(await customRoles(org), replaced, 'custom_roles after the replacement');

  // Another organization's policy is its own.
  const other = await createOrg();
  same(await getPolicy(other), { roles: [] });
  same(await customRoles(other), []);
});

test('a member created with a custom role; another organization cannot assign it', async () => {
  const org = await createOrg();
  await setPolicy(org, reviewerRoles());
  const res = await typed(
    members.create({ organization_id: org.organization_id, email_address: `${uniq('rev')}@example.com`, roles: ['reviewer', 'editor'] }),
    'B2BOrganizationsMembersCreateResponse',
  );
  same(
    res.member.roles,
    [
      { role_id: 'reviewer', sources: [directSource] },
      { role_id: 'editor', sources: [directSource] },
    ],
    'a custom role and a role of the project policy',
  );
  assert.equal(res.member.is_admin, false);
  const got = await typed(members.get({ organization_id: org.organization_id, member_id: res.member.member_id }), 'B2BOrganizationsMembersGetResponse');
  same(got.member.roles, res.member.roles, 'get answers the roles');

  const updated = await typed(
    members.update({ organization_id: org.organization_id, member_id: res.member.member_id, roles: ['member-manager'] }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  same(updated.member.roles, [{ role_id: 'member-manager', sources: [directSource] }], 'update to another custom role');

  const other = await createOrg();
  await expectStytchError(members.create({ organization_id: other.organization_id, email_address: `${uniq('rev')}@example.com`, roles: ['reviewer'] }), {
    status: 400,
    errorType: 'invalid_rbac_role_id',
  });
});

test('setOrgPolicy with roles [] clears the policy and the members\' custom roles', async () => {
  const org = await createOrg();
  await setPolicy(org, reviewerRoles());
  const m = await typed(
    members.create({ organization_id: org.organization_id, email_address: `${uniq('clr')}@example.com`, roles: ['reviewer', 'stytch_admin'] }),
    'B2BOrganizationsMembersCreateResponse',
  );
  same(await setPolicy(org, []), { roles: [] }, 'set answers no roles');
  same(await getPolicy(org), { roles: [] }, 'get after the clear');
  same(await customRoles(org), [], 'custom_roles after the clear');
  const got = await typed(members.get({ organization_id: org.organization_id, member_id: m.member.member_id }), 'B2BOrganizationsMembersGetResponse');
  same(got.member.roles, [{ role_id: 'stytch_admin', sources: [directSource] }], 'the removed role left the member; the project role stayed');
  await expectStytchError(members.update({ organization_id: org.organization_id, member_id: m.member.member_id, roles: ['reviewer'] }), {
    status: 400,
    errorType: 'invalid_rbac_role_id',
  });
});

test('errors: each validation failure of setOrgPolicy; the policy is unchanged', async () => {
  const org = await createOrg();
  const kept = [{ role_id: 'kept', description: 'Stays through every failure', permissions: [{ resource_id: 'documents', actions: ['read'] }] }];
  await setPolicy(org, kept);
  const perm = (resource_id, actions) => ({ role_id: 'r', description: '', permissions: [{ resource_id, actions }] });
  const cases = [
    ['empty_rbac_role_id', [{ role_id: '', description: '', permissions: [] }]],
    ['rbac_role_duplicate', [{ role_id: 'twice', description: '', permissions: [] }, { role_id: 'twice', description: 'again', permissions: [] }]],
    ['rbac_org_custom_roles_only', [{ role_id: 'editor', description: 'the project\'s role', permissions: [] }]],
    ['invalid_rbac_stytch_role_edit', [{ role_id: 'stytch_admin', description: '', permissions: [] }]],
    ['invalid_rbac_stytch_role_edit', [{ role_id: 'stytch_member', description: '', permissions: [{ resource_id: 'stytch.self', actions: ['*'] }] }]],
    ['invalid_rbac_stytch_role_edit', [{ role_id: 'stytch_custom', description: '', permissions: [] }]],
    ['invalid_permission_resource', [perm('no-such-resource', ['read'])]],
    ['invalid_permission_action', [perm('documents', ['fly'])]],
    ['invalid_permission_action', [perm('documents', ['export'])]], // an action of reports, not of documents
    ['invalid_permission_action', [perm('documents', [''])]],
    ['cannot_specify_wildcard_with_other_actions', [perm('documents', ['*', 'read'])]],
    ['rbac_permission_missing_actions', [perm('documents', [])]],
    ['empty_rbac_resource_id', [perm('', ['read'])]],
    ['rbac_action_duplicate', [perm('documents', ['read', 'read'])]],
    ['rbac_role_id_too_long', [{ role_id: 'r'.repeat(101), description: '', permissions: [] }]],
    ['rbac_description_too_long', [{ role_id: 'r', description: 'd'.repeat(1001), permissions: [] }]],
    // A valid role first: the whole policy is checked before anything changes.
    ['invalid_permission_resource', [{ role_id: 'valid', description: '', permissions: [] }, perm('no-such-resource', ['read'])]],
  ];
  for (const [errorType, roles] of cases) {
    const err = await expectStytchError(rbac.organizations.setOrgPolicy({ organization_id: org.organization_id, org_policy: { roles } }), {
      status: 400,
      errorType,
    }).catch((e) => {
      e.message = `${errorType} (${JSON.stringify(roles).slice(0, 120)}): ${e.message}`;
      throw e;
    });
    assert.match(err.request_id, /\S/);
  }
  same(await getPolicy(org), { roles: kept }, 'no failure changed the policy');
  same(await customRoles(org), kept);
});

test('error: unknown organization', async () => {
  const notFound = { status: 404, errorType: 'organization_not_found' };
  await expectStytchError(rbac.organizations.getOrgPolicy({ organization_id: UNKNOWN_ORG }), notFound);
  await expectStytchError(rbac.organizations.setOrgPolicy({ organization_id: UNKNOWN_ORG, org_policy: { roles: [] } }), notFound);
});

test('report: optional properties the emulator answered with null', (t) => {
  for (const line of nullReport()) t.diagnostic(`null for optional ${line}`);
});
