'use strict';
// A stand-in identity provider for the SSO scenarios: RSA keys, self-signed
// X.509 certificates and a SAML metadata document served over HTTP on
// loopback.
//
// Node's crypto parses X.509 certificates (crypto.X509Certificate) but does
// not make them, so selfSignedCertificate encodes a minimal v3 certificate
// in DER here (RFC 5280 section 4.1: TBSCertificate, sha256WithRSAEncryption,
// no extensions) and signs it with crypto.sign. Every certificate is parsed
// back with crypto.X509Certificate and its signature verified before it is
// used, so a bug here cannot pass for an emulator bug. No openssl needed.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');

// ---------------------------------------------------------------------------
// DER (X.690) encoding of the few ASN.1 types a certificate needs.

function derLength(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const sequence = (...c) => tlv(0x30, ...c);
const set = (...c) => tlv(0x31, ...c);
const derNull = () => tlv(0x05);
const utf8String = (s) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (bytes) => tlv(0x03, Buffer.from([0]), bytes);
const explicit = (n, ...c) => tlv(0xa0 + n, ...c);

/** A non-negative INTEGER from big-endian bytes. */
function integer(bytes) {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function objectIdentifier(dotted) {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const b = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) b.unshift((v & 0x7f) | 0x80);
    out.push(...b);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
function derTime(d) {
  const p = (n) => String(n).padStart(2, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const y = d.getUTCFullYear();
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(`${p(y % 100)}${rest}`, 'ascii'));
  return tlv(0x18, Buffer.from(`${y}${rest}`, 'ascii'));
}

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';

function distinguishedName({ commonName, organization }) {
  const rdns = [set(sequence(objectIdentifier(OID_COMMON_NAME), utf8String(commonName)))];
  if (organization) rdns.unshift(set(sequence(objectIdentifier(OID_ORGANIZATION), utf8String(organization))));
  return sequence(...rdns);
}

function toPEM(type, der) {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${type}-----\n${b64}-----END ${type}-----\n`;
}

// ---------------------------------------------------------------------------

/**
 * A fresh RSA 2048 key pair: the private key as PKCS #1 PEM
 * ("-----BEGIN RSA PRIVATE KEY-----", the only format Stytch accepts for
 * signing_private_key and saml_encryption_private_key), as PKCS #8 PEM (a
 * format Stytch refuses), and the key objects.
 */
function rsaKeyPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' });
  assert.match(pkcs1, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  return {
    privateKey,
    publicKey,
    pkcs1PEM: pkcs1,
    pkcs8PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    spkiPEM: publicKey.export({ type: 'spki', format: 'pem' }),
  };
}

/**
 * A self-signed X.509 v3 certificate of key (from rsaKeyPair) with subject
 * and issuer CN=commonName, valid from one hour ago for `days` days. Returns
 * { pem, der, x509 } (x509: the crypto.X509Certificate, already verified).
 */
function selfSignedCertificate(key, { commonName, organization, days = 365 } = {}) {
  assert.ok(commonName, 'selfSignedCertificate needs a commonName');
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive, non-zero, 16 bytes
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const notAfter = new Date(notBefore.getTime() + days * 86400_000);
  const algorithm = sequence(objectIdentifier(OID_SHA256_WITH_RSA), derNull());
  const name = distinguishedName({ commonName, organization });
  const tbs = sequence(
    explicit(0, integer([2])), // version v3
    integer(serial),
    algorithm,
    name, // issuer
    sequence(derTime(notBefore), derTime(notAfter)),
    name, // subject
    key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = crypto.sign('sha256', tbs, key.privateKey); // RSASSA-PKCS1-v1_5
  const der = sequence(tbs, algorithm, bitString(signature));
  const pem = toPEM('CERTIFICATE', der);
  const x509 = new crypto.X509Certificate(pem);
  assert.ok(x509.verify(key.publicKey), 'the generated certificate does not verify with its own key');
  assert.ok(x509.subject.includes(`CN=${commonName}`), `unexpected subject ${x509.subject}`);
  return { pem, der, x509, notBefore, notAfter };
}

/**
 * Parses a PEM certificate answered by the emulator; fails the test with a
 * precise message when it does not parse.
 */
function parseCertificate(pem, where) {
  assert.equal(typeof pem, 'string', `${where}: certificate is not a string`);
  assert.match(pem, /^-----BEGIN CERTIFICATE-----/, `${where}: certificate is not a PEM CERTIFICATE block`);
  try {
    return new crypto.X509Certificate(pem);
  } catch (e) {
    assert.fail(`${where}: the certificate does not parse as X.509: ${e.message}`);
  }
}

/** Whether two public keys (KeyObjects) are the same key. */
function samePublicKey(a, b) {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

// ---------------------------------------------------------------------------
// SAML 2.0 IdP metadata.

function xmlAttr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An IdP metadata document (an EntityDescriptor with one IDPSSODescriptor):
 * entityID, a signing certificate (DER), and SingleSignOnService locations
 * for the HTTP-Redirect and HTTP-POST bindings.
 */
function idpMetadataXML({ entityID, certificateDER, redirectURL, postURL }) {
  const cert = certificateDER.toString('base64').replace(/.{1,76}/g, '$&\n          ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${xmlAttr(entityID)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>
          ${cert.trim()}
          </ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${xmlAttr(postURL)}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${xmlAttr(redirectURL)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

/**
 * An HTTP server on 127.0.0.1 (random port) that serves documents set with
 * serve(path, body) and records every request. Returns
 * { url(path), serve(path, body, contentType), hits, close() }.
 */
async function startMetadataServer() {
  const docs = new Map();
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push({ method: req.method, url: req.url, headers: req.headers });
    const doc = docs.get(req.url);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': doc.contentType });
    res.end(doc.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    serve: (p, body, contentType = 'application/samlmetadata+xml') => docs.set(p, { body, contentType }),
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

module.exports = {
  idpMetadataXML,
  parseCertificate,
  rsaKeyPair,
  samePublicKey,
  selfSignedCertificate,
  startMetadataServer,
};
