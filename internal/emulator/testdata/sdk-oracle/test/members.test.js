'use strict';
// Stytch's official Node SDK (stytch@14.2.0) drives the emulator's member
// endpoints through client.organizations.members: create, get, update,
// delete, reactivate, deleteExternalId, deleteMFAPhoneNumber and search (the
// other methods of the class are not emulated). Every success is checked
// against the response type the SDK declares in
// types/lib/b2b/organizations_members.d.ts (Member and MemberRole come from
// organizations.d.ts), every failure must be the StytchError (status_code,
// error_type, request_id) named below.
//
// Needs STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID and STYTCH_SECRET: run
// scripts/test-sdk.sh (make test-sdk) from the repository root.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { closeClients, expectStytchError, expectType, makeClient, nullReport, uniq } = require('../lib/emulator');
const { stytchMembersChecker } = require('../lib/typecheck');

const client = makeClient();
const orgs = client.organizations;
const members = client.organizations.members;

after(closeClients);

// typed checks a call against a member (or Organizations) response type.
function typed(promise, typeName) {
  return expectType(promise, typeName, { checker: stytchMembersChecker() });
}

// same is deepEqual under a shorter name.
function same(a, b, msg) {
  assert.deepEqual(a, b, msg);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UNKNOWN_MEMBER = 'member-test-00000000-0000-4000-8000-000000000000';

// createOrg creates an organization and returns it (type-checked).
async function createOrg(overrides = {}) {
  const slug = uniq('mem');
  const res = await typed(
    orgs.create({ organization_name: `Members ${slug}`, organization_slug: slug, ...overrides }),
    'B2BOrganizationsCreateResponse',
  );
  return res.organization;
}

// email is a fresh address under domain.
function email(domain = 'example.com', prefix = 'm') {
  return `${uniq(prefix)}@${domain}`;
}

// phone is a fresh E.164 number (+1 and 10 digits).
function phone() {
  return `+1555${String(crypto.randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

// checkAnswer checks what every answer with a member has: member_id equal to
// member.member_id, the member's organization, the documented id form.
function checkAnswer(res, org) {
  assert.equal(res.member_id, res.member.member_id, 'member_id of the answer is the member');
  assert.match(res.member.member_id, /^member-test-/);
  assert.equal(res.member.organization_id, org.organization_id);
  assert.equal(res.organization.organization_id, org.organization_id, 'organization of the answer');
  assert.match(res.member.created_at, RFC3339);
  assert.match(res.member.updated_at, RFC3339);
  return res.member;
}

// createMember creates a member of org and returns it (type-checked).
async function createMember(org, overrides = {}) {
  const res = await typed(
    members.create({ organization_id: org.organization_id, email_address: email(), ...overrides }),
    'B2BOrganizationsMembersCreateResponse',
  );
  return checkAnswer(res, org);
}

// getMember answers member.get of one key (type-checked).
async function getMember(org, params) {
  const res = await typed(members.get({ organization_id: org.organization_id, ...params }), 'B2BOrganizationsMembersGetResponse');
  return checkAnswer(res, org);
}

const directSource = { type: 'direct_assignment', details: {} };

test('create with every field of the Create request answers an active member', async () => {
  const org = await createOrg();
  const body = {
    organization_id: org.organization_id,
    email_address: email(),
    name: 'Ada Lovelace',
    trusted_metadata: { tier: 'gold', seats: 3, nested: { a: [1, 2] } },
    untrusted_metadata: { theme: 'dark' },
    is_breakglass: true,
    mfa_phone_number: phone(),
    mfa_enrolled: true,
    roles: ['stytch_admin'],
    external_id: uniq('ext'),
  };
  const res = await typed(members.create(body), 'B2BOrganizationsMembersCreateResponse');
  const m = checkAnswer(res, org);
  assert.equal(m.status, 'active');
  for (const k of ['email_address', 'name', 'trusted_metadata', 'untrusted_metadata', 'is_breakglass', 'mfa_phone_number', 'mfa_enrolled', 'external_id']) {
    same(m[k], body[k], `member.${k} echoes the request`);
  }
  same(m.roles, [{ role_id: 'stytch_admin', sources: [directSource] }], 'explicit role with a direct_assignment source');
  assert.equal(m.is_admin, true, 'is_admin with stytch_admin');
  assert.equal(m.email_address_verified, false);
  assert.equal(m.mfa_phone_number_verified, false);
  assert.equal(m.is_locked, false);
  assert.equal(m.default_mfa_method, '');
  same(m.retired_email_addresses, []);
  same(m.sso_registrations, []);
  same(m.oauth_registrations, []);
});

test('create_member_as_pending answers a pending member', async () => {
  const org = await createOrg();
  const m = await createMember(org, { create_member_as_pending: true });
  assert.equal(m.status, 'pending');
  assert.equal(m.is_admin, false);
  same(m.roles, [], 'a plain member has no roles');
  assert.equal((await getMember(org, { member_id: m.member_id })).status, 'pending');
});

test('get by member_id, by external id and by email_address', async () => {
  const org = await createOrg();
  const ext = uniq('ext');
  const created = await createMember(org, { name: 'Get Me', external_id: ext });
  for (const params of [{ member_id: created.member_id }, { member_id: ext }, { email_address: created.email_address }]) {
    same(await getMember(org, params), created, `get(${JSON.stringify(params)})`);
  }
  // The organization in the path may be its slug too.
  const bySlug = await typed(members.get({ organization_id: org.organization_slug, member_id: created.member_id }), 'B2BOrganizationsMembersGetResponse');
  same(bySlug.member, created, 'get with the organization slug');
});

test('update every field; the old email address is retired', async () => {
  const org = await createOrg();
  const created = await createMember(org, {
    name: 'Before',
    trusted_metadata: { keep: 1, drop: 2 },
    untrusted_metadata: { u: 'x' },
    external_id: uniq('before'),
  });
  const newEmail = email('example.org', 'new');
  const newPhone = phone();
  const newExt = uniq('after');
  const res = await typed(
    members.update({
      organization_id: org.organization_id,
      member_id: created.member_id,
      name: 'After',
      trusted_metadata: { drop: null, added: { deep: true } },
      untrusted_metadata: { u: 'y' },
      is_breakglass: true,
      mfa_phone_number: newPhone,
      mfa_enrolled: true,
      roles: ['stytch_admin'],
      preserve_existing_sessions: true,
      default_mfa_method: 'sms_otp',
      email_address: newEmail,
      external_id: newExt,
      unlink_email: false,
    }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  const m = checkAnswer(res, org);
  assert.equal(m.member_id, created.member_id);
  assert.equal(m.name, 'After');
  same(m.trusted_metadata, { keep: 1, added: { deep: true } }, 'trusted_metadata merges, null deletes a key');
  same(m.untrusted_metadata, { u: 'y' });
  assert.equal(m.is_breakglass, true);
  assert.equal(m.mfa_phone_number, newPhone);
  assert.equal(m.mfa_enrolled, true);
  assert.equal(m.default_mfa_method, 'sms_otp');
  assert.equal(m.email_address, newEmail);
  assert.equal(m.email_address_verified, false);
  assert.equal(m.external_id, newExt);
  same(m.roles, [{ role_id: 'stytch_admin', sources: [directSource] }]);
  assert.equal(m.is_admin, true);
  assert.equal(m.retired_email_addresses.length, 1, 'the previous address is retired');
  assert.equal(m.retired_email_addresses[0].email_address, created.email_address);
  assert.match(m.retired_email_addresses[0].email_id, /^email-test-/);
  same(await getMember(org, { member_id: m.member_id }), m, 'get after update');
  same(await getMember(org, { email_address: newEmail }), m, 'get by the new address');
  // A retired address cannot be another member's.
  await expectStytchError(members.create({ organization_id: org.organization_id, email_address: created.email_address }), {
    status: 400,
    errorType: 'retired_member_email',
  });

  // roles: replaced, then cleared with [].
  let up = await typed(
    members.update({ organization_id: org.organization_id, member_id: m.member_id, roles: [] }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  same(up.member.roles, [], 'roles [] clears the explicit roles');
  assert.equal(up.member.is_admin, false);
  up = await typed(
    members.update({ organization_id: org.organization_id, member_id: m.member_id, roles: ['stytch_admin', 'stytch_admin'] }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  same(up.member.roles, [{ role_id: 'stytch_admin', sources: [directSource] }], 'roles replaced; a repeated id counts once');
  up = await typed(
    members.update({ organization_id: org.organization_id, member_id: m.member_id, name: 'Only the name' }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  same(up.member.roles, [{ role_id: 'stytch_admin', sources: [directSource] }], 'roles not sent are unchanged');
  assert.equal(up.member.external_id, newExt, 'fields not sent are unchanged');
});

test('implicit roles from rbac_email_implicit_role_assignments', async () => {
  const domain = `${uniq('implicit')}.example.com`;
  const org = await createOrg({ rbac_email_implicit_role_assignments: [{ domain, role_id: 'stytch_admin' }] });
  const emailSource = { type: 'email_assignment', details: { email_domain: domain } };

  const implicit = await createMember(org, { email_address: email(domain) });
  same(implicit.roles, [{ role_id: 'stytch_admin', sources: [emailSource] }], 'role from the email domain');
  assert.equal(implicit.is_admin, true);

  const both = await createMember(org, { email_address: email(domain), roles: ['stytch_admin'] });
  same(both.roles, [{ role_id: 'stytch_admin', sources: [directSource, emailSource] }], 'one role with both sources');

  const other = await createMember(org, { email_address: email('elsewhere.example.net') });
  same(other.roles, [], 'another domain gets no role');
  assert.equal(other.is_admin, false);

  // Moving the member to the domain grants the role.
  const moved = await typed(
    members.update({ organization_id: org.organization_id, member_id: other.member_id, email_address: email(domain) }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  same(moved.member.roles, [{ role_id: 'stytch_admin', sources: [emailSource] }]);
});

test('delete, then get answers member_not_found; reactivate makes the member active', async () => {
  const org = await createOrg();
  const ext = uniq('ext');
  const m = await createMember(org, { name: 'Deleted then back', external_id: ext, roles: ['stytch_admin'] });
  const del = await typed(members.delete({ organization_id: org.organization_id, member_id: m.member_id }), 'B2BOrganizationsMembersDeleteResponse');
  assert.equal(del.member_id, m.member_id);
  await expectStytchError(members.get({ organization_id: org.organization_id, member_id: m.member_id }), { status: 404, errorType: 'member_not_found' });
  await expectStytchError(members.get({ organization_id: org.organization_id, email_address: m.email_address }), { status: 404, errorType: 'member_not_found' });
  await expectStytchError(members.delete({ organization_id: org.organization_id, member_id: m.member_id }), { status: 404, errorType: 'member_not_found' });

  const res = await typed(members.reactivate({ organization_id: org.organization_id, member_id: m.member_id }), 'B2BOrganizationsMembersReactivateResponse');
  const back = checkAnswer(res, org);
  assert.equal(back.member_id, m.member_id);
  assert.equal(back.status, 'active');
  assert.equal(back.email_address, m.email_address);
  assert.equal(back.name, m.name);
  assert.equal(back.external_id, ext);
  same(back.roles, m.roles);
  same(await getMember(org, { member_id: m.member_id }), back, 'get after reactivate');
});

test('deleteExternalId removes the external id', async () => {
  const org = await createOrg();
  const ext = uniq('ext');
  const m = await createMember(org, { external_id: ext });
  const res = await typed(
    members.deleteExternalId({ organization_id: org.organization_id, member_id: m.member_id }),
    'B2BOrganizationsMembersDeleteExternalIdResponse',
  );
  const after = checkAnswer(res, org);
  assert.equal(after.member_id, m.member_id);
  assert.ok(!after.external_id, `external_id is gone, got ${JSON.stringify(after.external_id)}`);
  await expectStytchError(members.get({ organization_id: org.organization_id, member_id: ext }), { status: 404, errorType: 'member_not_found' });
  // The external id is free again.
  assert.equal((await createMember(org, { external_id: ext })).external_id, ext);
});

test('deleteMFAPhoneNumber removes the phone number, which can then be set again', async () => {
  const org = await createOrg();
  const first = phone();
  const m = await createMember(org, { mfa_phone_number: first });
  assert.equal(m.mfa_phone_number, first);
  const res = await typed(
    members.deleteMFAPhoneNumber({ organization_id: org.organization_id, member_id: m.member_id }),
    'B2BOrganizationsMembersDeleteMFAPhoneNumberResponse',
  );
  const after = checkAnswer(res, org);
  assert.equal(after.mfa_phone_number, '');
  assert.equal(after.mfa_phone_number_verified, false);
  await expectStytchError(members.deleteMFAPhoneNumber({ organization_id: org.organization_id, member_id: m.member_id }), {
    status: 404,
    errorType: 'member_phone_number_not_found',
  });
  const second = phone();
  const up = await typed(
    members.update({ organization_id: org.organization_id, member_id: m.member_id, mfa_phone_number: second }),
    'B2BOrganizationsMembersUpdateResponse',
  );
  assert.equal(up.member.mfa_phone_number, second);
});

test('search across two organizations: pagination, filters, statuses with deleted', async () => {
  const a = await createOrg();
  const b = await createOrg();
  const token = uniq('srch');
  const domain = `${token}.example.com`;
  const created = [];
  for (let i = 0; i < 7; i++) {
    const org = i % 2 === 0 ? a : b;
    created.push(
      await createMember(org, {
        email_address: `user${i}@${domain}`,
        is_breakglass: i < 2,
        roles: i === 3 ? ['stytch_admin'] : [],
        mfa_phone_number: i === 4 ? phone() : undefined,
        external_id: `${token}-x${i}`,
      }),
    );
  }
  // Members outside the query, in both organizations, must not show up.
  await createMember(a);
  await createMember(b);
  const orgIDs = [a.organization_id, b.organization_id];
  const byId = new Map(created.map((m) => [m.member_id, m]));
  const fuzzy = { operator: 'AND', operands: [{ filter_name: 'member_email_fuzzy', filter_value: token }] };

  // Pagination: limit 3, following next_cursor.
  const seen = new Map();
  const sizes = [];
  let cursor;
  for (let page = 0; ; page++) {
    assert.ok(page < 10, 'pagination does not end');
    const res = await typed(
      members.search({ organization_ids: orgIDs, limit: 3, query: fuzzy, ...(cursor ? { cursor } : {}) }),
      'B2BOrganizationsMembersSearchResponse',
    );
    assert.equal(res.results_metadata.total, 7, `total on page ${page}`);
    sizes.push(res.members.length);
    for (const m of res.members) {
      seen.set(m.member_id, (seen.get(m.member_id) || 0) + 1);
      same(m, byId.get(m.member_id), `search answers the member as get does (${m.member_id})`);
      assert.ok(res.organizations[m.organization_id], `organizations holds ${m.organization_id}`);
      assert.equal(res.organizations[m.organization_id].organization_id, m.organization_id);
    }
    same(new Set(Object.keys(res.organizations)), new Set(res.members.map((m) => m.organization_id)), 'organizations holds the page\'s organizations');
    cursor = res.results_metadata.next_cursor;
    if (res.members.length < 3 || cursor == null) {
      assert.strictEqual(res.results_metadata.next_cursor, null, 'next_cursor is null on the last page');
      break;
    }
    assert.equal(typeof cursor, 'string');
    assert.match(cursor, /\S/);
  }
  same(sizes, [3, 3, 1], 'page sizes');
  same(new Set(seen.keys()), new Set(byId.keys()), 'every member of the query, and only those');
  for (const [id, n] of seen) assert.equal(n, 1, `${id} found ${n} times`);

  // search runs one query over both organizations and answers the member ids.
  async function ids(operands, operator = 'AND', organization_ids = orgIDs) {
    const res = await typed(members.search({ organization_ids, query: { operator, operands } }), 'B2BOrganizationsMembersSearchResponse');
    assert.equal(res.results_metadata.total, res.members.length);
    assert.strictEqual(res.results_metadata.next_cursor, null);
    return new Set(res.members.map((m) => m.member_id));
  }
  const idsOf = (...is) => new Set(is.map((i) => created[i].member_id));
  const fuzzyOp = fuzzy.operands[0];

  same(await ids([fuzzyOp], 'AND', [a.organization_id]), idsOf(0, 2, 4, 6), 'one organization only');
  same(await ids([{ filter_name: 'member_emails', filter_value: [created[1].email_address, created[2].email_address.toUpperCase()] }]), idsOf(1, 2), 'member_emails, case-insensitive');
  same(await ids([fuzzyOp, { filter_name: 'member_is_breakglass', filter_value: true }]), idsOf(0, 1), 'member_is_breakglass');
  same(await ids([fuzzyOp, { filter_name: 'member_roles', filter_value: ['stytch_admin'] }]), idsOf(3), 'member_roles');
  same(await ids([{ filter_name: 'member_ids', filter_value: [created[5].member_id, created[6].member_id] }]), idsOf(5, 6), 'member_ids');
  same(await ids([{ filter_name: 'member_ids', filter_value: [`${token}-x0`] }]), idsOf(0), 'member_ids with an external id');
  same(await ids([{ filter_name: 'member_mfa_phone_numbers', filter_value: [created[4].mfa_phone_number] }]), idsOf(4), 'member_mfa_phone_numbers');
  same(
    await ids([
      { filter_name: 'member_ids', filter_value: [created[0].member_id] },
      { filter_name: 'member_ids', filter_value: [created[1].member_id] },
    ], 'OR'),
    idsOf(0, 1),
    'OR',
  );

  // Deleted members are left out unless statuses names deleted.
  await typed(members.delete({ organization_id: b.organization_id, member_id: created[5].member_id }), 'B2BOrganizationsMembersDeleteResponse');
  same(await ids([fuzzyOp]), idsOf(0, 1, 2, 3, 4, 6), 'a deleted member is left out');
  same(await ids([fuzzyOp, { filter_name: 'statuses', filter_value: ['active', 'deleted'] }]), idsOf(0, 1, 2, 3, 4, 5, 6), 'statuses with deleted');
  const res = await typed(
    members.search({ organization_ids: orgIDs, query: { operator: 'AND', operands: [fuzzyOp, { filter_name: 'statuses', filter_value: ['deleted'] }] } }),
    'B2BOrganizationsMembersSearchResponse',
  );
  same(res.members.map((m) => [m.member_id, m.status]), [[created[5].member_id, 'deleted']], 'statuses deleted only');

  // Without a query: every live member of the organizations.
  const all = await typed(members.search({ organization_ids: [a.organization_id] }), 'B2BOrganizationsMembersSearchResponse');
  assert.equal(all.results_metadata.total, 5, 'four members of the query and one other in organization a');
});

test('the organization search\'s member_emails filter finds the organization', async () => {
  const org = await createOrg();
  await createOrg();
  const m = await createMember(org);
  const res = await typed(
    orgs.search({ query: { operator: 'AND', operands: [{ filter_name: 'member_emails', filter_value: [m.email_address] }] } }),
    'B2BOrganizationsSearchResponse',
  );
  same(res.organizations.map((o) => o.organization_id), [org.organization_id]);
  assert.equal(res.results_metadata.total, 1);
});

// ---------------------------------------------------------------------------
// Errors.

test('error: duplicate email', async () => {
  const org = await createOrg();
  const m = await createMember(org);
  await expectStytchError(members.create({ organization_id: org.organization_id, email_address: m.email_address }), {
    status: 400,
    errorType: 'duplicate_member_email',
  });
  await expectStytchError(members.create({ organization_id: org.organization_id, email_address: m.email_address.toUpperCase() }), {
    status: 400,
    errorType: 'duplicate_member_email',
  });
  const other = await createMember(org);
  await expectStytchError(members.update({ organization_id: org.organization_id, member_id: other.member_id, email_address: m.email_address }), {
    status: 400,
    errorType: 'duplicate_member_email',
  });
  // Another organization may have the same address.
  const elsewhere = await createOrg();
  assert.equal((await createMember(elsewhere, { email_address: m.email_address })).email_address, m.email_address);
});

test('error: invalid email', async () => {
  const org = await createOrg();
  for (const bad of ['not-an-email', 'a@b', 'Ada <ada@example.com>', '']) {
    await expectStytchError(members.create({ organization_id: org.organization_id, email_address: bad }), { status: 400, errorType: 'invalid_email' });
  }
  const m = await createMember(org);
  await expectStytchError(members.update({ organization_id: org.organization_id, member_id: m.member_id, email_address: 'nope' }), {
    status: 400,
    errorType: 'invalid_email',
  });
});

test('error: unknown role', async () => {
  const org = await createOrg();
  await expectStytchError(members.create({ organization_id: org.organization_id, email_address: email(), roles: ['no_such_role'] }), {
    status: 400,
    errorType: 'invalid_rbac_role_id',
  });
  const m = await createMember(org);
  await expectStytchError(members.update({ organization_id: org.organization_id, member_id: m.member_id, roles: ['stytch_admin', 'no_such_role'] }), {
    status: 400,
    errorType: 'invalid_rbac_role_id',
  });
  same((await getMember(org, { member_id: m.member_id })).roles, [], 'a failed update changes nothing');
});

test('error: stytch_member assigned explicitly', async () => {
  const org = await createOrg();
  await expectStytchError(members.create({ organization_id: org.organization_id, email_address: email(), roles: ['stytch_member'] }), {
    status: 400,
    errorType: 'cannot_assign_default_rbac_role_id',
  });
  const m = await createMember(org);
  await expectStytchError(members.update({ organization_id: org.organization_id, member_id: m.member_id, roles: ['stytch_member'] }), {
    status: 400,
    errorType: 'cannot_assign_default_rbac_role_id',
  });
});

test('error: bad phone number', async () => {
  const org = await createOrg();
  for (const bad of ['555-1234', '15555550123', '+12', '+1555555012345678']) {
    await expectStytchError(members.create({ organization_id: org.organization_id, email_address: email(), mfa_phone_number: bad }), {
      status: 400,
      errorType: 'invalid_phone_number',
    });
  }
});

test('error: phone number set twice', async () => {
  const org = await createOrg();
  const first = phone();
  const m = await createMember(org, { mfa_phone_number: first });
  for (const next of [phone(), first]) {
    await expectStytchError(members.update({ organization_id: org.organization_id, member_id: m.member_id, mfa_phone_number: next }), {
      status: 400,
      errorType: 'duplicate_member_phone_number_for_member',
    });
  }
  assert.equal((await getMember(org, { member_id: m.member_id })).mfa_phone_number, first);
});

test('error: search without organization_ids', async () => {
  await expectStytchError(members.search({ organization_ids: [] }), { status: 400, errorType: 'member_search_organization_ids_empty' });
  await expectStytchError(members.search({}), { status: 400, errorType: 'member_search_organization_ids_empty' });
});

test('error: search member_email_fuzzy of 2 characters', async () => {
  const org = await createOrg();
  await expectStytchError(
    members.search({ organization_ids: [org.organization_id], query: { operator: 'AND', operands: [{ filter_name: 'member_email_fuzzy', filter_value: 'ab' }] } }),
    { status: 400, errorType: 'member_search_member_email_fuzzy_too_short' },
  );
});

test('error: unknown member', async () => {
  const org = await createOrg();
  const id = org.organization_id;
  for (const [name, call] of [
    ['get', () => members.get({ organization_id: id, member_id: UNKNOWN_MEMBER })],
    ['get by email', () => members.get({ organization_id: id, email_address: email() })],
    ['update', () => members.update({ organization_id: id, member_id: UNKNOWN_MEMBER, name: 'x' })],
    ['delete', () => members.delete({ organization_id: id, member_id: UNKNOWN_MEMBER })],
    ['reactivate', () => members.reactivate({ organization_id: id, member_id: UNKNOWN_MEMBER })],
    ['deleteExternalId', () => members.deleteExternalId({ organization_id: id, member_id: UNKNOWN_MEMBER })],
    ['deleteMFAPhoneNumber', () => members.deleteMFAPhoneNumber({ organization_id: id, member_id: UNKNOWN_MEMBER })],
  ]) {
    await expectStytchError(call(), { status: 404, errorType: 'member_not_found' }).catch((e) => {
      e.message = `${name}: ${e.message}`;
      throw e;
    });
  }
  // Another organization's member is unknown here.
  const other = await createOrg();
  const m = await createMember(other);
  await expectStytchError(members.get({ organization_id: id, member_id: m.member_id }), { status: 404, errorType: 'member_not_found' });
});

test('error: reactivating an active member', async () => {
  const org = await createOrg();
  const m = await createMember(org);
  await expectStytchError(members.reactivate({ organization_id: org.organization_id, member_id: m.member_id }), {
    status: 400,
    errorType: 'no_deleted_member_found_for_reactivation',
  });
});

test('report: optional properties the emulator answered with null', (t) => {
  // Stytch's API answers nullable fields with null where the SDK's types
  // declare them optional; typecheck.js accepts that and this lists where.
  for (const line of nullReport()) t.diagnostic(`null for optional ${line}`);
});
