'use strict';
// Stytch's official Node SDK (stytch@14.2.0) drives the emulator's SSO
// connection endpoints: client.sso.getConnections / deleteConnection,
// client.sso.saml.*, client.sso.oidc.* and client.sso.external.*. Every
// success is checked against the response type the SDK declares in
// types/lib/b2b/sso*.d.ts, every failure must be the StytchError
// (status_code, error_type, request_id) named below.
//
// The IdP side is played by lib/idp.js: RSA keys and self-signed X.509
// certificates made with node's crypto, and SAML metadata served over HTTP
// on 127.0.0.1 (the emulator fetches metadata from loopback hosts only).
//
// Needs STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID and STYTCH_SECRET: run
// scripts/test-sdk.sh (make test-sdk) from the repository root.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { closeClients, expectStytchError, expectType, makeClient, nullReport, uniq } = require('../lib/emulator');
const { stytchSSOChecker } = require('../lib/typecheck');
const {
  idpMetadataXML,
  parseCertificate,
  rsaKeyPair,
  samePublicKey,
  selfSignedCertificate,
  startMetadataServer,
} = require('../lib/idp');

const client = makeClient();
const orgs = client.organizations;
const sso = client.sso;

// ---------------------------------------------------------------------------
// Shared fixtures.

let metadataServer;
before(async () => {
  metadataServer = await startMetadataServer();
});
after(async () => {
  if (metadataServer) await metadataServer.close();
  await closeClients();
});

// Keys and certificates are made once per file (RSA key generation is the
// slow part); certificates differ by serial and name.
let idpKeyCache;
function idpKey() {
  if (!idpKeyCache) idpKeyCache = rsaKeyPair();
  return idpKeyCache;
}
function idpCertificate(name = uniq('Oracle IdP')) {
  return selfSignedCertificate(idpKey(), { commonName: name, organization: 'SDK oracle' });
}

// typed checks a call against an SSO (or Organizations) response type.
function typed(promise, typeName) {
  return expectType(promise, typeName, { checker: stytchSSOChecker() });
}

// same is deepEqual under a shorter name.
function same(a, b, msg) {
  assert.deepEqual(a, b, msg);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const STATUSES = ['pending', 'active']; // "The possible values are pending or active."

// connectionOf returns res.connection, which the SDK types as optional
// (connection?): a success must carry it.
function connectionOf(res, what) {
  assert.ok(
    res.connection !== null && typeof res.connection === 'object' && !Array.isArray(res.connection),
    `${what}: the response has no connection object: ${JSON.stringify(res)}`,
  );
  return res.connection;
}

async function createOrg() {
  const slug = uniq('sso');
  const res = await typed(orgs.create({ organization_name: `SSO ${slug}`, organization_slug: slug }), 'B2BOrganizationsCreateResponse');
  return res.organization;
}

async function getOrg(org) {
  return (await typed(orgs.get({ organization_id: org.organization_id }), 'B2BOrganizationsGetResponse')).organization;
}

async function list(org) {
  return typed(sso.getConnections({ organization_id: org.organization_id }), 'B2BSSOGetConnectionsResponse');
}

// checkCertificates checks a list of X509Certificate entries: ids unique and
// non-empty, each certificate a parsable PEM, timestamps RFC 3339, and
// expires_at the certificate's own expiry. Returns the parsed certificates.
function checkCertificates(certs, where) {
  const ids = new Set();
  return certs.map((c, i) => {
    const at = `${where}[${i}]`;
    assert.match(c.certificate_id, /\S/, `${at}.certificate_id is empty`);
    assert.ok(!ids.has(c.certificate_id), `${at}.certificate_id ${c.certificate_id} is not unique`);
    ids.add(c.certificate_id);
    assert.match(c.issuer, /\S/, `${at}.issuer is empty`);
    for (const k of ['created_at', 'expires_at', 'updated_at']) {
      if (c[k] != null) assert.match(c[k], RFC3339, `${at}.${k} is not an RFC 3339 timestamp`);
    }
    const x509 = parseCertificate(c.certificate, `${at}.certificate`);
    if (c.expires_at != null) {
      assert.equal(Date.parse(c.expires_at), Date.parse(x509.validTo), `${at}.expires_at differs from the certificate's notAfter (${x509.validTo})`);
    }
    return x509;
  });
}

// checkSAML checks the invariants of a SAMLConnection of org.
function checkSAML(c, org) {
  assert.equal(c.organization_id, org.organization_id, 'connection.organization_id is the organization id');
  assert.match(c.connection_id, /^saml-connection-/, 'connection_id has the documented saml-connection-… form');
  assert.ok(STATUSES.includes(c.status), `status ${c.status} is pending or active`);
  for (const k of ['acs_url', 'audience_uri']) {
    const u = new URL(c[k]);
    assert.equal(u.protocol, 'https:', `${k} is an https URL`);
  }
  const signing = checkCertificates(c.signing_certificates, 'signing_certificates');
  assert.ok(signing.length >= 1, 'a SAML connection has a signing certificate');
  for (const [i, cert] of c.signing_certificates.entries()) {
    // stytch-go's X509Certificate.issuer: "For signing certificates, this value will be "Stytch"".
    assert.equal(cert.issuer, 'Stytch', `signing_certificates[${i}].issuer`);
  }
  const verification = checkCertificates(c.verification_certificates, 'verification_certificates');
  for (const k of c.encryption_private_keys) assert.match(k.private_key_id, /\S/, 'private_key_id is empty');
  return { signing, verification };
}

async function createSAML(org, body = {}) {
  const res = await typed(
    sso.saml.createConnection({ organization_id: org.organization_id, display_name: uniq('SAML'), ...body }),
    'B2BSSOSAMLCreateConnectionResponse',
  );
  const c = connectionOf(res, 'saml.createConnection');
  checkSAML(c, org);
  return c;
}

async function updateSAML(org, conn, body) {
  const res = await typed(
    sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: conn.connection_id, ...body }),
    'B2BSSOSAMLUpdateConnectionResponse',
  );
  const c = connectionOf(res, 'saml.updateConnection');
  checkSAML(c, org);
  assert.equal(c.connection_id, conn.connection_id);
  return c;
}

// idpFields are the fields the SAML Update documentation names for
// activation: idp_sso_url, attribute_mapping, idp_entity_id, x509_certificate.
function idpFields(cert = idpCertificate(), mapping = { email: 'email', full_name: 'name' }) {
  const token = uniq('idp');
  return {
    idp_entity_id: `https://${token}.idp.example.com/entity`,
    idp_sso_url: `https://${token}.idp.example.com/sso/saml`,
    x509_certificate: cert.pem,
    attribute_mapping: mapping,
  };
}

// activeSAML creates a SAML connection and makes it active with idpFields.
async function activeSAML(org, { cert, mapping, display_name } = {}) {
  const c = await createSAML(org, display_name ? { display_name } : {});
  const fields = idpFields(cert, mapping);
  const updated = await updateSAML(org, c, fields);
  assert.equal(updated.status, 'active', `a SAML connection with ${Object.keys(fields).join(', ')} is active`);
  return updated;
}

function oidcFields() {
  const token = uniq('oidc');
  const base = `https://${token}.idp.example.com`;
  return {
    issuer: base,
    client_id: `client-${token}`,
    client_secret: `secret-${token}`,
    authorization_url: `${base}/oauth2/authorize`,
    token_url: `${base}/oauth2/token`,
    userinfo_url: `${base}/oauth2/userinfo`,
    jwks_url: `${base}/oauth2/keys`,
  };
}

function checkOIDC(c, org) {
  assert.equal(c.organization_id, org.organization_id, 'connection.organization_id is the organization id');
  assert.match(c.connection_id, /^oidc-connection-/, 'connection_id has the documented oidc-connection-… form');
  assert.ok(STATUSES.includes(c.status), `status ${c.status} is pending or active`);
  assert.equal(new URL(c.redirect_url).protocol, 'https:', 'redirect_url is an https URL');
}

async function createOIDC(org, body = {}) {
  const res = await typed(
    sso.oidc.createConnection({ organization_id: org.organization_id, display_name: uniq('OIDC'), ...body }),
    'B2BSSOOIDCCreateConnectionResponse',
  );
  const c = connectionOf(res, 'oidc.createConnection');
  checkOIDC(c, org);
  return c;
}

async function updateOIDC(org, conn, body) {
  const res = await typed(
    sso.oidc.updateConnection({ organization_id: org.organization_id, connection_id: conn.connection_id, ...body }),
    'B2BSSOOIDCUpdateConnectionResponse',
  );
  const c = connectionOf(res, 'oidc.updateConnection');
  checkOIDC(c, org);
  assert.equal(c.connection_id, conn.connection_id);
  return { connection: c, warning: res.warning };
}

async function activeOIDC(org) {
  const c = await createOIDC(org);
  const { connection } = await updateOIDC(org, c, oidcFields());
  assert.equal(connection.status, 'active', 'an OIDC connection with issuer, client id/secret and the four URLs is active');
  return connection;
}

function checkExternal(c, org) {
  assert.equal(c.organization_id, org.organization_id, 'connection.organization_id is the organization id');
  assert.match(c.connection_id, /^external-connection-/, 'connection_id has the documented external-connection-… form');
  // stytch-go's Connection.status: "External connections are always active."
  assert.equal(c.status, 'active', 'an External connection is active');
}

// ---------------------------------------------------------------------------
// SAML.

test('SAML create: pending, one signing certificate, nothing from the IdP yet', async () => {
  const org = await createOrg();
  const name = uniq('SAML create');
  // The organization is addressed by its slug ("You may also use the
  // organization_slug … here as a convenience").
  const res = await typed(
    sso.saml.createConnection({ organization_id: org.organization_slug, display_name: name, identity_provider: 'okta' }),
    'B2BSSOSAMLCreateConnectionResponse',
  );
  const c = connectionOf(res, 'saml.createConnection');
  const { signing } = checkSAML(c, org);
  assert.equal(c.status, 'pending', 'a new SAML connection is pending');
  assert.equal(c.display_name, name);
  assert.equal(c.identity_provider, 'okta');
  assert.equal(signing.length, 1, 'one signing certificate after Create');
  same(c.verification_certificates, []);
  same(c.encryption_private_keys, []);
  assert.equal(c.idp_entity_id, '');
  assert.equal(c.idp_sso_url, '');
  same(c.saml_connection_implicit_role_assignments, []);
  same(c.saml_group_implicit_role_assignments, []);

  const listed = await list(org);
  same(listed.saml_connections, [c], 'getConnections lists the pending connection as created');
  same(listed.oidc_connections, []);
  same(listed.external_connections, []);
  same((await getOrg(org)).sso_active_connections, [], 'a pending connection is not in sso_active_connections');

  const generic = await createSAML(org, { identity_provider: undefined });
  assert.equal(typeof generic.identity_provider, 'string');
});

test('SAML update with the IdP fields, a certificate and an attribute mapping: active, in sso_active_connections', async () => {
  const org = await createOrg();
  const created = await createSAML(org);
  const cert = idpCertificate('Oracle IdP update');
  const fields = idpFields(cert, { email: 'NameID', first_name: 'givenName', last_name: 'sn', groups: 'memberOf' });
  const body = {
    ...fields,
    display_name: 'Updated by the SDK',
    saml_connection_implicit_role_assignments: [{ role_id: 'stytch_member' }],
    saml_group_implicit_role_assignments: [{ role_id: 'stytch_admin', group: 'admins' }],
    alternative_audience_uri: 'https://sp.example.com/audience',
    identity_provider: 'microsoft-entra',
    nameid_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    alternative_acs_url: 'https://sp.example.com/acs',
    idp_initiated_auth_disabled: true,
    allow_gateway_callback: true,
  };
  const c = await updateSAML(org, created, body);
  assert.equal(c.status, 'active', 'idp_sso_url, attribute_mapping, idp_entity_id and x509_certificate make the connection active');
  for (const k of Object.keys(body)) {
    if (k === 'x509_certificate') continue; // answered as a verification certificate
    same(c[k], body[k], `connection.${k} echoes the request`);
  }
  assert.equal(c.verification_certificates.length, 1, 'x509_certificate is answered as one verification certificate');
  const vc = c.verification_certificates[0];
  const parsed = parseCertificate(vc.certificate, 'verification_certificates[0].certificate');
  assert.ok(parsed.raw.equals(cert.der), 'the verification certificate is the one sent');
  assert.ok(parsed.issuer.includes(vc.issuer), `verification_certificates[0].issuer ${JSON.stringify(vc.issuer)} names the certificate's issuer (${parsed.issuer})`);
  same(
    c.signing_certificates.map((s) => s.certificate_id),
    created.signing_certificates.map((s) => s.certificate_id),
    'the signing certificates are unchanged',
  );

  const listed = await list(org);
  same(listed.saml_connections, [c], 'getConnections answers the updated connection');
  same(
    (await getOrg(org)).sso_active_connections,
    [{ connection_id: c.connection_id, display_name: 'Updated by the SDK', identity_provider: 'microsoft-entra' }],
    'the organization lists the active connection',
  );

  // A partial update leaves the other fields as they are.
  const renamed = await updateSAML(org, c, { display_name: 'Renamed again' });
  same({ ...renamed, display_name: c.display_name }, c, 'only display_name changed');
});

test('SAML update by metadata URL: idp_entity_id, idp_sso_url and the certificate from the metadata', async () => {
  const org = await createOrg();
  const created = await createSAML(org);
  const cert = idpCertificate('Oracle IdP metadata');
  const token = uniq('md');
  const entityID = `https://${token}.idp.example.com/metadata`;
  const redirectURL = `https://${token}.idp.example.com/sso/redirect`;
  const postURL = `https://${token}.idp.example.com/sso/post`;
  const path = `/saml/${token}/metadata.xml`;
  metadataServer.serve(path, idpMetadataXML({ entityID, certificateDER: cert.der, redirectURL, postURL }));
  const before = metadataServer.hits.length;

  const res = await typed(
    sso.saml.updateByURL({ organization_id: org.organization_id, connection_id: created.connection_id, metadata_url: metadataServer.url(path) }),
    'B2BSSOSAMLUpdateByURLResponse',
  );
  const c = connectionOf(res, 'saml.updateByURL');
  checkSAML(c, org);
  const hits = metadataServer.hits.slice(before);
  assert.ok(hits.some((h) => h.method === 'GET' && h.url === path), `the emulator fetched ${path}; requests: ${JSON.stringify(hits.map((h) => `${h.method} ${h.url}`))}`);
  assert.equal(c.idp_entity_id, entityID, 'idp_entity_id is the metadata entityID');
  assert.ok([redirectURL, postURL].includes(c.idp_sso_url), `idp_sso_url ${c.idp_sso_url} is a SingleSignOnService Location of the metadata`);
  assert.equal(c.verification_certificates.length, 1, 'the metadata signing certificate is a verification certificate');
  assert.ok(parseCertificate(c.verification_certificates[0].certificate, 'verification_certificates[0]').raw.equals(cert.der), 'it is the metadata certificate');
  same(c.attribute_mapping, created.attribute_mapping, 'attribute_mapping is not taken from metadata ("must be supplied using Update SAML Connection")');
  // Activation needs idp_sso_url, idp_entity_id, x509_certificate and an
  // attribute_mapping ("Required attributes: email and one of full_name or
  // first_name and last_name").
  const m = c.attribute_mapping || {};
  const mapped = Boolean(m.email && (m.full_name || (m.first_name && m.last_name)));
  assert.equal(c.status, mapped ? 'active' : 'pending', `status with attribute_mapping ${JSON.stringify(m)}`);
  same((await list(org)).saml_connections, [c], 'getConnections answers the connection as updated by URL');
});

test('SAML delete a verification certificate after adding a second one', async () => {
  const org = await createOrg();
  const first = idpCertificate('Oracle IdP first');
  const second = idpCertificate('Oracle IdP second');
  const active = await activeSAML(org, { cert: first });
  const firstID = active.verification_certificates[0].certificate_id;

  const two = await updateSAML(org, active, { x509_certificate: second.pem });
  assert.equal(two.verification_certificates.length, 2, 'a second x509_certificate adds a verification certificate');
  const secondEntry = two.verification_certificates.find((v) => v.certificate_id !== firstID);
  assert.ok(secondEntry, 'the second certificate has its own certificate_id');
  assert.ok(parseCertificate(secondEntry.certificate, 'second').raw.equals(second.der));

  const res = await typed(
    sso.saml.deleteVerificationCertificate({ organization_id: org.organization_id, connection_id: active.connection_id, certificate_id: firstID }),
    'B2BSSOSAMLDeleteVerificationCertificateResponse',
  );
  assert.equal(res.certificate_id, firstID, 'the answer names the deleted certificate');
  const [after] = (await list(org)).saml_connections;
  same(after.verification_certificates, [secondEntry], 'only the second certificate is left');
  assert.equal(after.status, 'active');

  await expectStytchError(
    sso.saml.deleteVerificationCertificate({ organization_id: org.organization_id, connection_id: active.connection_id, certificate_id: firstID }),
    { status: 404, errorType: 'sso_verification_key_not_found' },
  );
  // "There must always be at least one certificate per active connection."
  await expectStytchError(
    sso.saml.deleteVerificationCertificate({ organization_id: org.organization_id, connection_id: active.connection_id, certificate_id: secondEntry.certificate_id }),
    { status: 400, errorType: 'cannot_delete_last_sso_verification_key' },
  );
  same((await list(org)).saml_connections, [after], 'a refused delete changes nothing');
});

test('SAML verification certificates: at most 5 per connection', async () => {
  // "Stytch allows a maximum of 5 certificates per connection."
  const org = await createOrg();
  let c = await activeSAML(org);
  while (c.verification_certificates.length < 5) {
    const n = c.verification_certificates.length;
    c = await updateSAML(org, c, { x509_certificate: idpCertificate().pem });
    assert.equal(c.verification_certificates.length, n + 1, 'each new x509_certificate adds a verification certificate');
  }
  await expectStytchError(
    sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: c.connection_id, x509_certificate: idpCertificate().pem }),
    { status: 400, errorType: 'too_many_sso_verification_certificates' },
  );
  same((await list(org)).saml_connections, [c], 'a refused update changes nothing');
});

test('SAML signing_private_key (PKCS#1) adds a signing certificate of that key', async () => {
  const org = await createOrg();
  const created = await createSAML(org);
  const key = rsaKeyPair();
  const res = await typed(
    sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: created.connection_id, signing_private_key: key.pkcs1PEM }),
    'B2BSSOSAMLUpdateConnectionResponse',
  );
  const c = connectionOf(res, 'saml.updateConnection');
  const { signing } = checkSAML(c, org);
  const before = new Set(created.signing_certificates.map((s) => s.certificate_id));
  const added = c.signing_certificates.map((s, i) => ({ s, x: signing[i] })).filter(({ s }) => !before.has(s.certificate_id));
  assert.equal(added.length, 1, `one new signing certificate; got ${added.length}`);
  assert.ok(samePublicKey(added[0].x.publicKey, key.publicKey), 'the new signing certificate certifies the key sent');
  // The private key is a secret: it must not come back.
  const keyBody = key.pkcs1PEM.split('\n')[1];
  assert.ok(!JSON.stringify(res).includes(keyBody), 'the response echoes signing_private_key');
  same((await list(org)).saml_connections, [c]);

  // "Only PKCS1 format (starting with "-----BEGIN RSA PRIVATE KEY-----") is supported."
  await expectStytchError(
    sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: created.connection_id, signing_private_key: key.pkcs8PEM }),
    { status: 400, errorType: 'saml_signing_private_key_format_not_supported' },
  );
  same((await list(org)).saml_connections, [c], 'a refused update changes nothing');
});

test('SAML saml_encryption_private_key adds an encryption key; deleteEncryptionPrivateKey removes it', async () => {
  const org = await createOrg();
  const created = await createSAML(org);
  const key = rsaKeyPair();
  const c = await updateSAML(org, created, { saml_encryption_private_key: key.pkcs1PEM });
  assert.equal(c.encryption_private_keys.length, 1, 'one encryption private key');
  const entry = c.encryption_private_keys[0];
  if (entry.created_at != null) assert.match(entry.created_at, RFC3339, 'encryption_private_keys[0].created_at');
  same((await list(org)).saml_connections, [c]);

  const res = await typed(
    sso.saml.deleteEncryptionPrivateKey({ organization_id: org.organization_id, connection_id: c.connection_id, private_key_id: entry.private_key_id }),
    'B2BSSOSAMLDeleteEncryptionPrivateKeyResponse',
  );
  assert.equal(res.private_key_id, entry.private_key_id, 'the answer names the deleted key');
  same((await list(org)).saml_connections[0].encryption_private_keys, [], 'the key is gone');
  await expectStytchError(
    sso.saml.deleteEncryptionPrivateKey({ organization_id: org.organization_id, connection_id: c.connection_id, private_key_id: entry.private_key_id }),
    { status: 404, errorType: 'sso_encryption_private_key_not_found' },
  );
});

// ---------------------------------------------------------------------------
// OIDC.

test('OIDC create and update with issuer, client id/secret and the URLs: active', async () => {
  const org = await createOrg();
  const name = uniq('OIDC create');
  const created = await createOIDC(org, { display_name: name, identity_provider: 'okta' });
  assert.equal(created.status, 'pending', 'a new OIDC connection is pending');
  assert.equal(created.display_name, name);
  assert.equal(created.identity_provider, 'okta');
  for (const k of ['client_id', 'client_secret', 'issuer', 'authorization_url', 'token_url', 'userinfo_url', 'jwks_url']) {
    assert.equal(created[k], '', `${k} is empty after Create`);
  }
  same((await list(org)).oidc_connections, [created], 'getConnections lists the pending connection');

  const fields = oidcFields();
  const body = { ...fields, display_name: 'OIDC updated', custom_scopes: 'openid email profile groups', attribute_mapping: { email: 'email', groups: 'groups' } };
  const { connection: c, warning } = await updateOIDC(org, created, body);
  assert.equal(c.status, 'active', 'issuer, client_id, client_secret and the four URLs make the connection active');
  for (const [k, v] of Object.entries(body)) same(c[k], v, `connection.${k} echoes the request`);
  assert.equal(c.redirect_url, created.redirect_url, 'redirect_url does not change');
  assert.ok(warning === undefined || typeof warning === 'string');

  same((await list(org)).oidc_connections, [c], 'getConnections answers the updated connection');
  same(
    (await getOrg(org)).sso_active_connections,
    [{ connection_id: c.connection_id, display_name: 'OIDC updated', identity_provider: 'okta' }],
    'the organization lists the active OIDC connection',
  );
});

test('OIDC update with an issuer whose discovery document cannot be read: warning, still pending', async () => {
  const org = await createOrg();
  const created = await createOIDC(org);
  // .invalid never resolves (RFC 2606), so no discovery document can be read.
  const issuer = `https://${uniq('nowhere')}.invalid`;
  const { connection: c, warning } = await updateOIDC(org, created, { issuer, client_id: 'cid', client_secret: 'csecret' });
  assert.equal(typeof warning, 'string', `warning explains the failed discovery; response connection: ${JSON.stringify(c)}`);
  assert.match(warning, /\S/, 'warning is not empty');
  assert.equal(c.issuer, issuer);
  assert.equal(c.client_id, 'cid');
  assert.equal(c.status, 'pending', 'without the four URLs the connection stays pending');
  for (const k of ['authorization_url', 'token_url', 'userinfo_url', 'jwks_url']) assert.equal(c[k], '', `${k} stays empty`);
  same((await getOrg(org)).sso_active_connections, []);
});

// ---------------------------------------------------------------------------
// External.

test('External connection to an active SAML connection of another organization: create-only and external_* role names', async () => {
  const source = await createOrg();
  const saml = await activeSAML(source, { mapping: { email: 'email', full_name: 'name', groups: 'groups' } });
  const org = await createOrg();
  const name = uniq('External');
  const createBody = {
    organization_id: org.organization_id,
    external_organization_id: source.organization_id,
    external_connection_id: saml.connection_id,
    display_name: name,
    connection_implicit_role_assignments: [{ role_id: 'stytch_member' }],
    group_implicit_role_assignments: [{ role_id: 'stytch_admin', group: 'admins' }],
  };
  const res = await typed(sso.external.createConnection(createBody), 'B2BSSOExternalCreateConnectionResponse');
  const created = connectionOf(res, 'external.createConnection');
  checkExternal(created, org);
  assert.equal(created.external_organization_id, source.organization_id);
  assert.equal(created.external_connection_id, saml.connection_id);
  assert.equal(created.display_name, name);
  same(created.external_connection_implicit_role_assignments, createBody.connection_implicit_role_assignments, 'connection_implicit_role_assignments is answered as external_connection_implicit_role_assignments');
  same(created.external_group_implicit_role_assignments, createBody.group_implicit_role_assignments, 'group_implicit_role_assignments is answered as external_group_implicit_role_assignments');

  const updateRes = await typed(
    sso.external.updateConnection({
      organization_id: org.organization_id,
      connection_id: created.connection_id,
      display_name: 'External renamed',
      external_connection_implicit_role_assignments: [{ role_id: 'stytch_admin' }],
      external_group_implicit_role_assignments: [],
    }),
    'B2BSSOExternalUpdateConnectionResponse',
  );
  const updated = connectionOf(updateRes, 'external.updateConnection');
  checkExternal(updated, org);
  same(
    updated,
    {
      ...created,
      display_name: 'External renamed',
      external_connection_implicit_role_assignments: [{ role_id: 'stytch_admin' }],
      external_group_implicit_role_assignments: [],
    },
    'the update changes display_name and the two lists only',
  );

  const listed = await list(org);
  same(listed.external_connections, [updated]);
  same(listed.saml_connections, []);
  same(listed.oidc_connections, []);
  same((await list(source)).external_connections, [], 'the source organization does not list the link');
  same((await list(source)).saml_connections, [saml], 'the source connection is unchanged');
});

// ---------------------------------------------------------------------------
// All three kinds.

test('getConnections lists SAML, OIDC and External connections; deleteConnection deletes each', async () => {
  const source = await createOrg();
  const sourceSAML = await activeSAML(source);
  const org = await createOrg();
  const saml = await activeSAML(org);
  const oidc = await activeOIDC(org);
  const ext = connectionOf(
    await typed(
      sso.external.createConnection({ organization_id: org.organization_id, external_organization_id: source.organization_id, external_connection_id: sourceSAML.connection_id }),
      'B2BSSOExternalCreateConnectionResponse',
    ),
    'external.createConnection',
  );
  checkExternal(ext, org);

  const listed = await list(org);
  same(listed.saml_connections, [saml]);
  same(listed.oidc_connections, [oidc]);
  same(listed.external_connections, [ext]);
  const active = (await getOrg(org)).sso_active_connections.map((a) => a.connection_id);
  for (const id of [saml.connection_id, oidc.connection_id]) assert.ok(active.includes(id), `sso_active_connections has ${id}: ${JSON.stringify(active)}`);

  let left = { saml: [saml], oidc: [oidc], ext: [ext] };
  for (const [kind, conn] of [['ext', ext], ['oidc', oidc], ['saml', saml]]) {
    const res = await typed(sso.deleteConnection({ organization_id: org.organization_id, connection_id: conn.connection_id }), 'B2BSSODeleteConnectionResponse');
    assert.equal(res.connection_id, conn.connection_id, 'the answer names the deleted connection');
    left = { ...left, [kind]: [] };
    const now = await list(org);
    same(
      { saml: now.saml_connections, oidc: now.oidc_connections, ext: now.external_connections },
      left,
      `after deleting the ${kind} connection`,
    );
    await expectStytchError(sso.deleteConnection({ organization_id: org.organization_id, connection_id: conn.connection_id }), {
      status: 404,
      errorType: 'sso_connection_not_found',
    });
  }
  same((await getOrg(org)).sso_active_connections, [], 'no active connections are left');
  same((await list(source)).saml_connections, [sourceSAML], 'deleting the link leaves the source connection');
});

// ---------------------------------------------------------------------------
// Errors.

test('error: unknown identity_provider', async () => {
  const org = await createOrg();
  await expectStytchError(sso.saml.createConnection({ organization_id: org.organization_id, identity_provider: 'not-an-idp' }), {
    status: 400,
    errorType: 'invalid_sso_idp',
  });
  await expectStytchError(sso.oidc.createConnection({ organization_id: org.organization_id, identity_provider: 'not-an-idp' }), {
    status: 400,
    errorType: 'invalid_sso_idp',
  });
  const saml = await createSAML(org);
  const oidc = await createOIDC(org);
  await expectStytchError(
    sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: saml.connection_id, identity_provider: 'not-an-idp' }),
    { status: 400, errorType: 'invalid_sso_idp' },
  );
  await expectStytchError(
    sso.oidc.updateConnection({ organization_id: org.organization_id, connection_id: oidc.connection_id, identity_provider: 'not-an-idp' }),
    { status: 400, errorType: 'invalid_sso_idp' },
  );
  const listed = await list(org);
  same(listed.saml_connections, [saml], 'failed calls create or change nothing');
  same(listed.oidc_connections, [oidc], 'failed calls create or change nothing');
});

test('error: a malformed x509_certificate', async () => {
  const org = await createOrg();
  const saml = await createSAML(org);
  const good = idpCertificate('Oracle IdP malformed');
  const lines = good.pem.trim().split('\n');
  const truncated = [lines[0], ...lines.slice(1, 4), lines[lines.length - 1]].join('\n');
  for (const [what, pem] of [
    ['not PEM', 'not a certificate'],
    ['a truncated certificate', truncated],
    ['a private key', idpKey().pkcs1PEM],
  ]) {
    try {
      await expectStytchError(
        sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: saml.connection_id, ...idpFields(good), x509_certificate: pem }),
        { status: 400, errorType: 'invalid_x509_certificate' },
      );
    } catch (e) {
      e.message = `x509_certificate is ${what}: ${e.message}`;
      throw e;
    }
  }
  same((await list(org)).saml_connections, [saml], 'a refused update changes nothing');
});

test('error: a connection id of another organization', async () => {
  const owner = await createOrg();
  const saml = await createSAML(owner);
  const oidc = await createOIDC(owner);
  const other = await createOrg();
  const mismatch = { status: 400, errorType: 'sso_connection_organization_mismatch' };
  await expectStytchError(sso.deleteConnection({ organization_id: other.organization_id, connection_id: saml.connection_id }), mismatch);
  await expectStytchError(sso.deleteConnection({ organization_id: other.organization_id, connection_id: oidc.connection_id }), mismatch);
  await expectStytchError(
    sso.saml.updateConnection({ organization_id: other.organization_id, connection_id: saml.connection_id, display_name: 'hijack' }),
    mismatch,
  );
  await expectStytchError(
    sso.oidc.updateConnection({ organization_id: other.organization_id, connection_id: oidc.connection_id, display_name: 'hijack' }),
    mismatch,
  );
  await expectStytchError(
    sso.saml.updateByURL({ organization_id: other.organization_id, connection_id: saml.connection_id, metadata_url: metadataServer.url('/none') }),
    mismatch,
  );
  const listed = await list(owner);
  same(listed.saml_connections, [saml], 'the owner still has its SAML connection, unchanged');
  same(listed.oidc_connections, [oidc], 'the owner still has its OIDC connection, unchanged');
  same((await list(other)).saml_connections, []);
});

test('error: deleting a connection that does not exist', async () => {
  const org = await createOrg();
  for (const id of ['saml-connection-test-00000000-0000-4000-8000-000000000000', 'oidc-connection-test-00000000-0000-4000-8000-000000000000']) {
    await expectStytchError(sso.deleteConnection({ organization_id: org.organization_id, connection_id: id }), {
      status: 404,
      errorType: 'sso_connection_not_found',
    });
  }
});

test('error: deleting the default connection (sso_default_connection_id)', async () => {
  const org = await createOrg();
  const saml = await activeSAML(org);
  const updated = await typed(
    orgs.update({ organization_id: org.organization_id, sso_default_connection_id: saml.connection_id }),
    'B2BOrganizationsUpdateResponse',
  );
  assert.equal(updated.organization.sso_default_connection_id, saml.connection_id);
  await expectStytchError(sso.deleteConnection({ organization_id: org.organization_id, connection_id: saml.connection_id }), {
    status: 400,
    errorType: 'cannot_delete_default_sso_connection',
  });
  same((await list(org)).saml_connections, [saml], 'the default connection is still there');

  // Once another connection is the default, the first one can go.
  const oidc = await activeOIDC(org);
  await typed(orgs.update({ organization_id: org.organization_id, sso_default_connection_id: oidc.connection_id }), 'B2BOrganizationsUpdateResponse');
  const res = await typed(sso.deleteConnection({ organization_id: org.organization_id, connection_id: saml.connection_id }), 'B2BSSODeleteConnectionResponse');
  assert.equal(res.connection_id, saml.connection_id);
  same((await list(org)).saml_connections, []);
});

test('error: a metadata_url that is not on loopback is refused', async () => {
  const org = await createOrg();
  const saml = await createSAML(org);
  for (const url of ['https://idp.example.com/saml/metadata.xml', 'http://192.0.2.1/metadata.xml']) {
    await expectStytchError(sso.saml.updateByURL({ organization_id: org.organization_id, connection_id: saml.connection_id, metadata_url: url }), {
      status: 400,
      errorType: 'invalid_saml_metadata_url',
    });
  }
  // A loopback URL that answers 404 is refused with the same type.
  await expectStytchError(
    sso.saml.updateByURL({ organization_id: org.organization_id, connection_id: saml.connection_id, metadata_url: metadataServer.url(`/missing/${uniq('md')}.xml`) }),
    { status: 400, errorType: 'invalid_saml_metadata_url' },
  );
  same((await list(org)).saml_connections, [saml], 'a refused update changes nothing');
});

test('error: unknown organization, and a connection id of the wrong type', async () => {
  const missing = 'organization-test-00000000-0000-4000-8000-000000000000';
  const notFound = { status: 404, errorType: 'organization_not_found' };
  await expectStytchError(sso.getConnections({ organization_id: missing }), notFound);
  await expectStytchError(sso.saml.createConnection({ organization_id: missing }), notFound);
  await expectStytchError(sso.oidc.createConnection({ organization_id: missing }), notFound);

  const org = await createOrg();
  const saml = await createSAML(org);
  const oidc = await createOIDC(org);
  await expectStytchError(sso.saml.updateConnection({ organization_id: org.organization_id, connection_id: oidc.connection_id, display_name: 'x' }), {
    status: 404,
    errorType: 'saml_connection_not_found',
  });
  await expectStytchError(sso.oidc.updateConnection({ organization_id: org.organization_id, connection_id: saml.connection_id, display_name: 'x' }), {
    status: 404,
    errorType: 'oidc_connection_not_found',
  });
});

test('report: optional properties the emulator answered with null', (t) => {
  for (const line of nullReport()) t.diagnostic(`null for optional ${line}`);
});
