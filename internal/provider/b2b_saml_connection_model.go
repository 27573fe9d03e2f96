package provider

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// b2bSAMLConnectionModel is the Terraform form of a Stytch SAML connection.
// The wire form is stytch.SAMLConnection. Some arguments are not fields of
// the connection but inputs Stytch turns into entries of its lists
// (x509_certificate, the private keys) or an instruction to fetch
// (metadata_url); Stytch never returns them, so state keeps what was sent.
type b2bSAMLConnectionModel struct {
	ID                                    types.String `tfsdk:"id"`
	OrganizationID                        types.String `tfsdk:"organization_id"`
	ConnectionID                          types.String `tfsdk:"connection_id"`
	Status                                types.String `tfsdk:"status"`
	DisplayName                           types.String `tfsdk:"display_name"`
	IdentityProvider                      types.String `tfsdk:"identity_provider"`
	IdPEntityID                           types.String `tfsdk:"idp_entity_id"`
	IdPSSOURL                             types.String `tfsdk:"idp_sso_url"`
	X509Certificate                       types.String `tfsdk:"x509_certificate"`
	MetadataURL                           types.String `tfsdk:"metadata_url"`
	AttributeMapping                      types.Map    `tfsdk:"attribute_mapping"`
	SAMLConnectionImplicitRoleAssignments types.Set    `tfsdk:"saml_connection_implicit_role_assignments"`
	SAMLGroupImplicitRoleAssignments      types.Set    `tfsdk:"saml_group_implicit_role_assignments"`
	AlternativeAudienceURI                types.String `tfsdk:"alternative_audience_uri"`
	AlternativeACSURL                     types.String `tfsdk:"alternative_acs_url"`
	NameIDFormat                          types.String `tfsdk:"nameid_format"`
	IdPInitiatedAuthDisabled              types.Bool   `tfsdk:"idp_initiated_auth_disabled"`
	AllowGatewayCallback                  types.Bool   `tfsdk:"allow_gateway_callback"`
	SigningPrivateKey                     types.String `tfsdk:"signing_private_key"`
	SigningPrivateKeyWO                   types.String `tfsdk:"signing_private_key_wo"`
	SigningPrivateKeyWOVersion            types.Int64  `tfsdk:"signing_private_key_wo_version"`
	SAMLEncryptionPrivateKey              types.String `tfsdk:"saml_encryption_private_key"`
	SAMLEncryptionPrivateKeyWO            types.String `tfsdk:"saml_encryption_private_key_wo"`
	SAMLEncryptionPrivateKeyWOVersion     types.Int64  `tfsdk:"saml_encryption_private_key_wo_version"`
	ACSURL                                types.String `tfsdk:"acs_url"`
	AudienceURI                           types.String `tfsdk:"audience_uri"`
	SigningCertificates                   types.List   `tfsdk:"signing_certificates"`
	VerificationCertificates              types.List   `tfsdk:"verification_certificates"`
	EncryptionPrivateKeys                 types.List   `tfsdk:"encryption_private_keys"`
}

// encryptionPrivateKeyAttrTypes is one entry of encryption_private_keys: the
// key's id and age, never the key.
var encryptionPrivateKeyAttrTypes = map[string]attr.Type{
	"private_key_id": types.StringType,
	"created_at":     types.StringType,
}

// fromAPI overwrites every attribute Stytch returns with the connection's
// values, so that drift shows in plans. organization_id is left alone: it
// holds what the configuration says (see the resource's Read for import).
// The inputs Stytch does not return (x509_certificate, metadata_url, the
// private keys and their versions) are left alone too.
func (m *b2bSAMLConnectionModel) fromAPI(conn *stytch.SAMLConnection, diags *diag.Diagnostics) {
	m.ID = types.StringValue(conn.ConnectionID)
	m.ConnectionID = types.StringValue(conn.ConnectionID)
	m.Status = types.StringValue(conn.Status)
	m.DisplayName = types.StringValue(conn.DisplayName)
	m.IdentityProvider = types.StringValue(conn.IdentityProvider)
	m.IdPEntityID = types.StringValue(conn.IdPEntityID)
	m.IdPSSOURL = types.StringValue(conn.IdPSSOURL)
	m.AttributeMapping = stringMapFromAPI(conn.AttributeMapping, diags)
	m.SAMLConnectionImplicitRoleAssignments = connectionRoleAssignmentsFromAPI(conn.SAMLConnectionImplicitRoleAssignments, diags)
	m.SAMLGroupImplicitRoleAssignments = groupRoleAssignmentsFromAPI(conn.SAMLGroupImplicitRoleAssignments, diags)
	m.AlternativeAudienceURI = types.StringValue(conn.AlternativeAudienceURI)
	m.AlternativeACSURL = types.StringValue(conn.AlternativeACSURL)
	m.NameIDFormat = types.StringValue(conn.NameIDFormat)
	m.IdPInitiatedAuthDisabled = types.BoolValue(conn.IdPInitiatedAuthDisabled)
	m.AllowGatewayCallback = types.BoolValue(conn.AllowGatewayCallback)
	m.ACSURL = types.StringValue(conn.ACSURL)
	m.AudienceURI = types.StringValue(conn.AudienceURI)
	m.SigningCertificates = certificatesFromAPI(conn.SigningCertificates, diags)
	m.VerificationCertificates = certificatesFromAPI(conn.VerificationCertificates, diags)
	m.EncryptionPrivateKeys = encryptionPrivateKeysFromAPI(conn.EncryptionPrivateKeys, diags)
	// The write-only values are never kept, whatever the caller passed in.
	m.SigningPrivateKeyWO = types.StringNull()
	m.SAMLEncryptionPrivateKeyWO = types.StringNull()
}

// withoutInputs returns m with the inputs Stytch does not return set to null:
// the state of a connection before any of them has been sent.
func (m b2bSAMLConnectionModel) withoutInputs() b2bSAMLConnectionModel {
	m.X509Certificate = types.StringNull()
	m.MetadataURL = types.StringNull()
	m.SigningPrivateKey = types.StringNull()
	m.SigningPrivateKeyWO = types.StringNull()
	m.SigningPrivateKeyWOVersion = types.Int64Null()
	m.SAMLEncryptionPrivateKey = types.StringNull()
	m.SAMLEncryptionPrivateKeyWO = types.StringNull()
	m.SAMLEncryptionPrivateKeyWOVersion = types.Int64Null()
	return m
}

// withInputsOf returns m with the inputs of plan: what state records once
// they have all been sent.
func (m b2bSAMLConnectionModel) withInputsOf(plan *b2bSAMLConnectionModel) b2bSAMLConnectionModel {
	m.X509Certificate = plan.X509Certificate
	m.MetadataURL = plan.MetadataURL
	m.SigningPrivateKey = plan.SigningPrivateKey
	m.SigningPrivateKeyWOVersion = plan.SigningPrivateKeyWOVersion
	m.SAMLEncryptionPrivateKey = plan.SAMLEncryptionPrivateKey
	m.SAMLEncryptionPrivateKeyWOVersion = plan.SAMLEncryptionPrivateKeyWOVersion
	m.SigningPrivateKeyWO = types.StringNull()
	m.SAMLEncryptionPrivateKeyWO = types.StringNull()
	return m
}

func encryptionPrivateKeysFromAPI(in []stytch.EncryptionPrivateKey, diags *diag.Diagnostics) types.List {
	return objectList(in, encryptionPrivateKeyAttrTypes, func(k stytch.EncryptionPrivateKey) map[string]attr.Value {
		return map[string]attr.Value{
			"private_key_id": types.StringValue(k.PrivateKeyID),
			"created_at":     types.StringValue(k.CreatedAt),
		}
	}, diags)
}

// toUpdateRequest builds the smallest Update body that turns prior into plan:
// only what differs is sent, cleared strings as "", emptied sets as [] and an
// emptied mapping as {}. config supplies the write-only keys, which are null
// in plan and state. Create uses it too, with prior being the connection
// that the create answered.
//
// idp_entity_id and idp_sso_url are unknown in the plan while metadata_url
// fills them, and are then not sent.
func (m *b2bSAMLConnectionModel) toUpdateRequest(ctx context.Context, prior, config *b2bSAMLConnectionModel, diags *diag.Diagnostics) stytch.UpdateSAMLConnectionRequest {
	var req stytch.UpdateSAMLConnectionRequest
	req.IdPEntityID = changedString(m.IdPEntityID, prior.IdPEntityID)
	req.DisplayName = changedString(m.DisplayName, prior.DisplayName)
	if !m.AttributeMapping.IsUnknown() && !m.AttributeMapping.IsNull() && !m.AttributeMapping.Equal(prior.AttributeMapping) {
		mapping := stringMapToAPI(ctx, m.AttributeMapping, diags)
		req.AttributeMapping = &mapping
	}
	if certificateAdded(m.X509Certificate, prior.X509Certificate) {
		cert := m.X509Certificate.ValueString()
		req.X509Certificate = &cert
	}
	req.IdPSSOURL = changedString(m.IdPSSOURL, prior.IdPSSOURL)
	if changedValue(m.SAMLConnectionImplicitRoleAssignments, prior.SAMLConnectionImplicitRoleAssignments) {
		roles := connectionRoleAssignmentsToAPI(ctx, m.SAMLConnectionImplicitRoleAssignments, diags)
		req.SAMLConnectionImplicitRoleAssignments = &roles
	}
	if changedValue(m.SAMLGroupImplicitRoleAssignments, prior.SAMLGroupImplicitRoleAssignments) {
		groups := groupRoleAssignmentsToAPI(ctx, m.SAMLGroupImplicitRoleAssignments, diags)
		req.SAMLGroupImplicitRoleAssignments = &groups
	}
	req.AlternativeAudienceURI = changedString(m.AlternativeAudienceURI, prior.AlternativeAudienceURI)
	req.IdentityProvider = changedString(m.IdentityProvider, prior.IdentityProvider)
	req.SigningPrivateKey = keyToSend(m.SigningPrivateKey, prior.SigningPrivateKey,
		m.SigningPrivateKeyWOVersion, prior.SigningPrivateKeyWOVersion, config.SigningPrivateKeyWO)
	req.NameIDFormat = changedString(m.NameIDFormat, prior.NameIDFormat)
	req.AlternativeACSURL = changedString(m.AlternativeACSURL, prior.AlternativeACSURL)
	req.IdPInitiatedAuthDisabled = changedBool(m.IdPInitiatedAuthDisabled, prior.IdPInitiatedAuthDisabled)
	req.SAMLEncryptionPrivateKey = keyToSend(m.SAMLEncryptionPrivateKey, prior.SAMLEncryptionPrivateKey,
		m.SAMLEncryptionPrivateKeyWOVersion, prior.SAMLEncryptionPrivateKeyWOVersion, config.SAMLEncryptionPrivateKeyWO)
	req.AllowGatewayCallback = changedBool(m.AllowGatewayCallback, prior.AllowGatewayCallback)
	return req
}

// changedValue reports whether a planned value is known and differs from state.
func changedValue(plan, state attr.Value) bool {
	return !plan.IsUnknown() && !plan.IsNull() && !plan.Equal(state)
}

// changedBool returns the planned value when it is known and differs from state.
func changedBool(plan, state types.Bool) *bool {
	if !changedValue(plan, state) {
		return nil
	}
	v := plan.ValueBool()
	return &v
}

// keyToSend returns the private key an update must send, or nil. The
// Sensitive form is sent when its value changes; the write-only form, which
// Terraform never keeps, when its version changes.
func keyToSend(sensitive, priorSensitive types.String, version, priorVersion types.Int64, writeOnly types.String) *string {
	if changedValue(sensitive, priorSensitive) {
		v := sensitive.ValueString()
		return &v
	}
	if changedValue(version, priorVersion) && !writeOnly.IsNull() && !writeOnly.IsUnknown() {
		v := writeOnly.ValueString()
		return &v
	}
	return nil
}

// sendsKey reports whether an update from prior to plan sends a private key
// (see keyToSend); an unknown value may, so it counts.
func sendsKey(sensitive, priorSensitive types.String, version, priorVersion types.Int64) bool {
	return sensitive.IsUnknown() || version.IsUnknown() ||
		changedValue(sensitive, priorSensitive) || changedValue(version, priorVersion)
}

// certificateAdded reports whether the planned x509_certificate is one that
// state does not hold: a certificate to send. A change of formatting only
// (line breaks, white space around the PEM) is not.
func certificateAdded(plan, state types.String) bool {
	if plan.IsNull() {
		return false
	}
	if plan.IsUnknown() || state.IsNull() || state.IsUnknown() {
		return true
	}
	return !sameCertificate(plan.ValueString(), state.ValueString())
}

// certificateDER returns the DER bytes of a PEM certificate, or nil.
func certificateDER(s string) []byte {
	block, _ := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil
	}
	return block.Bytes
}

// sameCertificate reports whether two PEM texts hold the same certificate.
// Stytch answers certificates re-encoded, so they are compared by their DER
// bytes; text that is not PEM is compared as it is.
func sameCertificate(a, b string) bool {
	da, db := certificateDER(a), certificateDER(b)
	if da == nil || db == nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return bytes.Equal(da, db)
}

// certificateIDs returns the ids of the certificates that match keep.
func certificateIDs(certs []stytch.X509Certificate, keep func(stytch.X509Certificate) bool) []string {
	var ids []string
	for _, c := range certs {
		if keep(c) {
			ids = append(ids, c.CertificateID)
		}
	}
	return ids
}

// certificatesOf reads a verification_certificates or signing_certificates
// list of state back into the wire form (id and PEM are what matter).
func certificatesOf(ctx context.Context, l types.List, diags *diag.Diagnostics) []stytch.X509Certificate {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var models []struct {
		CertificateID types.String `tfsdk:"certificate_id"`
		Certificate   types.String `tfsdk:"certificate"`
		Issuer        types.String `tfsdk:"issuer"`
		CreatedAt     types.String `tfsdk:"created_at"`
		ExpiresAt     types.String `tfsdk:"expires_at"`
	}
	diags.Append(l.ElementsAs(ctx, &models, false)...)
	out := make([]stytch.X509Certificate, 0, len(models))
	for _, c := range models {
		out = append(out, stytch.X509Certificate{CertificateID: c.CertificateID.ValueString(), Certificate: c.Certificate.ValueString()})
	}
	return out
}

// replacedCertificates returns the ids of the verification certificates that
// a change of the certificate's source leaves behind, to delete once the new
// certificate is on the connection: deleting after adding means the
// connection is never without one, which Stytch would refuse for an active
// connection anyway (cannot_delete_last_sso_verification_key).
//
// The certificates of the previous source are the one equal to the previous
// x509_certificate, or, while metadata_url was used, every certificate the
// connection had: the metadata is then the only source. They are replaced
// when x509_certificate takes a new value, or when a metadata fetch brought a
// certificate the connection did not have (a fetch of the same certificate
// replaces nothing). The certificates the update added, and the one equal to
// the new x509_certificate, are never replaced.
func replacedCertificates(prior, plan *b2bSAMLConnectionModel, before, after []stytch.X509Certificate, fetched bool) []string {
	beforeIDs := certificateIDs(before, func(stytch.X509Certificate) bool { return true })
	added := certificateIDs(after, func(c stytch.X509Certificate) bool { return !slices.Contains(beforeIDs, c.CertificateID) })
	newCertificate := certificateAdded(plan.X509Certificate, prior.X509Certificate)
	fetchedNew := fetched && len(added) > 0
	if !newCertificate && !fetchedNew {
		return nil
	}
	var previous []string
	switch {
	case !prior.MetadataURL.IsNull():
		previous = beforeIDs
	case !prior.X509Certificate.IsNull():
		old := prior.X509Certificate.ValueString()
		previous = certificateIDs(before, func(c stytch.X509Certificate) bool { return sameCertificate(c.Certificate, old) })
	}
	return certificateIDs(after, func(c stytch.X509Certificate) bool {
		if !slices.Contains(previous, c.CertificateID) || slices.Contains(added, c.CertificateID) {
			return false
		}
		return plan.X509Certificate.IsNull() || !sameCertificate(c.Certificate, plan.X509Certificate.ValueString())
	})
}

// configuredCertificate is the x509_certificate state records after a read:
// the value of prior state while the connection still has that certificate,
// null once it is gone, so that the plan shows it being added again.
func configuredCertificate(prior types.String, conn *stytch.SAMLConnection) types.String {
	if prior.IsNull() || prior.IsUnknown() {
		return prior
	}
	for _, c := range conn.VerificationCertificates {
		if sameCertificate(c.Certificate, prior.ValueString()) {
			return prior
		}
	}
	return types.StringNull()
}

// pemCertificateValidator checks, when the value is known, that it is one
// X.509 certificate in PEM (-----BEGIN CERTIFICATE-----) and nothing else, as
// Stytch requires (invalid_x509_certificate).
type pemCertificateValidator struct{}

var _ validator.String = pemCertificateValidator{}

func (pemCertificateValidator) Description(context.Context) string {
	return "value must be one X.509 certificate in PEM format"
}

func (v pemCertificateValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (pemCertificateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := certificateProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid X.509 Certificate",
			problem+" Stytch takes the IdP's signing certificate as one PEM block that starts with "+
				"-----BEGIN CERTIFICATE-----, as the IdP's SAML settings or metadata show it; "+
				"use file(\"idp-certificate.pem\") or a heredoc to keep its line breaks.")
	}
}

// certificateProblem says what is wrong with a PEM certificate, or "".
func certificateProblem(s string) string {
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	switch {
	case block == nil:
		return "The value is not PEM."
	case block.Type != "CERTIFICATE":
		return fmt.Sprintf("The PEM block is a %q, not a \"CERTIFICATE\".", block.Type)
	case len(bytes.TrimSpace(rest)) > 0:
		return "The value holds more than one PEM block; give only the signing certificate."
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		return "The certificate does not parse: " + err.Error() + "."
	}
	return ""
}

// rsaPrivateKeyValidator checks, when the value is known, that it is a PKCS #1
// RSA private key in PEM (-----BEGIN RSA PRIVATE KEY-----), the only form
// Stytch accepts. It runs on the write-only form too: Terraform passes
// write-only values to validation. Its messages never quote the value.
type rsaPrivateKeyValidator struct{}

var _ validator.String = rsaPrivateKeyValidator{}

func (rsaPrivateKeyValidator) Description(context.Context) string {
	return "value must be a PKCS #1 RSA private key in PEM format"
}

func (v rsaPrivateKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (rsaPrivateKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := rsaPrivateKeyProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RSA Private Key",
			problem+" Stytch takes only PKCS #1 RSA keys (-----BEGIN RSA PRIVATE KEY-----). "+
				"Convert a PKCS #8 key (-----BEGIN PRIVATE KEY-----) with "+
				"`openssl rsa -in key.pem -traditional -out key-pkcs1.pem`.")
	}
}

// rsaPrivateKeyProblem says what is wrong with a PEM RSA private key, or "".
// Errors of the parser are not repeated: they could quote key material.
func rsaPrivateKeyProblem(s string) string {
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	switch {
	case block == nil:
		return "The value is not PEM."
	case block.Type != "RSA PRIVATE KEY":
		return fmt.Sprintf("The PEM block is a %q, not an \"RSA PRIVATE KEY\".", block.Type)
	case len(bytes.TrimSpace(rest)) > 0:
		return "The value holds more than one PEM block; give only the private key."
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
		return "The PEM block does not hold a valid PKCS #1 RSA private key."
	}
	return ""
}
