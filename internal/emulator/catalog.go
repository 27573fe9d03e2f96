package emulator

// This file is the emulator's own copy of the names Stytch's API uses: enum
// values, search filter names and error types. They are written here as
// literals, not taken from the client (internal/stytch), so that a wrong value
// in the client is rejected by the emulator instead of being agreed with.
// TestClientListsMatchEmulator compares the two copies.

// Enumerated values of the Organization object. Source: the field comments of
// stytch-go stytch/b2b/organizations/types.go and the Organization interface
// of the Node SDK (DESIGN.md, "Enumerations").
var (
	ssoJITProvisioningValues         = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
	emailJITProvisioningValues       = []string{"RESTRICTED", "NOT_ALLOWED"}
	emailInvitesValues               = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
	authMethodsValues                = []string{"ALL_ALLOWED", "RESTRICTED"}
	allowedAuthMethodValues          = []string{"sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth", "github_oauth", "hubspot_oauth"}
	mfaPolicyValues                  = []string{"REQUIRED_FOR_ALL", "OPTIONAL"}
	mfaMethodsValues                 = []string{"ALL_ALLOWED", "RESTRICTED"}
	allowedMFAMethodValues           = []string{"sms_otp", "totp"}
	oauthTenantJITProvisioningValues = []string{"RESTRICTED", "NOT_ALLOWED"}
	oauthTenantProviders             = []string{"slack", "hubspot", "github"}
	connectedAppsAllowedTypeValues   = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
)

// Values of the SSO connections (DESIGN.md, "Inferred SSO connections").
// Source: the identity-provider request enums of stytch-go
// stytch/b2b/sso/saml/types.go and sso/oidc/types.go (the same 15 values for
// SAML and OIDC), and the connection status comments of sso/types.go.
var (
	ssoIdentityProviderValues = []string{
		"classlink", "cyberark", "duo", "generic", "google-workspace", "jumpcloud", "keycloak",
		"miniorange", "microsoft-entra", "okta", "onelogin", "pingfederate", "rippling",
		"salesforce", "shibboleth",
	}
)

const (
	ssoStatusPending = "pending"
	ssoStatusActive  = "active"
	// defaultIdentityProvider is identity_provider when Create sends none
	// (the docs' Create examples answer "generic").
	defaultIdentityProvider = "generic"
	// defaultNameIDFormat is nameid_format until set ("Defaults to
	// urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress").
	defaultNameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
)

// Values of the SCIM connection (DESIGN.md, "Inferred SCIM connections and
// organization RBAC policies"). Source: the identity-provider request enum of
// stytch-go stytch/b2b/scim/connection/types.go (a different set from the SSO
// connections'), the SCIMConnection field comments of scim/types.go and the
// SCIM 2.0 schema URNs of RFC 7643 and RFC 7644.
var (
	scimIdentityProviderValues = []string{
		"generic", "okta", "microsoft-entra", "cyberark", "jumpcloud", "onelogin", "pingfederate", "rippling",
	}
)

const (
	scimStatusActive = "active"
	// scimEntraIdentityProvider is the identity provider whose base_url gets
	// scimEntraBaseURLSuffix ("automatically appending ?aadOptscim062020 to
	// the returned BaseURL for microsoft-entra SCIM Connections").
	scimEntraIdentityProvider = "microsoft-entra"
	scimEntraBaseURLSuffix    = "?aadOptscim062020"

	// Id prefixes (the documented forms scim-connection-test-<uuid> and
	// scim-group-test-<uuid>).
	scimConnectionIDPrefix = "scim-connection-test-"
	scimGroupIDPrefix      = "scim-group-test-"

	// SCIM 2.0 schema URNs and the media type of the SCIM protocol API.
	scimSchemaGroup        = "urn:ietf:params:scim:schemas:core:2.0:Group"
	scimSchemaListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimSchemaError        = "urn:ietf:params:scim:api:messages:2.0:Error"
	scimSchemaSPConfig     = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	scimMediaType          = "application/scim+json"
)

// Default project RBAC policy: the resources and roles Stytch defines in
// every project (DESIGN.md, "Inferred SCIM connections and organization RBAC
// policies"). Source: the PolicyResource and PolicyRole comments of stytch-go
// stytch/b2b/rbac/types.go ("Reserved actions that are predefined by
// Stytch", "Reserved role_ids") and the stytch-default RBAC guide, which adds
// stytch.scim; stytch.sso and stytch.scim get create, get, update and delete.
var (
	// defaultPolicyResources are in the order of the guide.
	defaultPolicyResources = []PolicyResource{
		{ResourceID: "stytch.organization", Description: "Stytch's default resource: the member's organization.", Actions: []string{
			"update.info.name", "update.info.slug", "update.info.untrusted_metadata", "update.info.email_jit_provisioning",
			"update.info.logo_url", "update.info.email_invites", "update.info.allowed_domains",
			"update.info.default_sso_connection", "update.info.sso_jit_provisioning", "update.info.mfa_policy",
			"update.info.implicit_roles", "delete",
		}},
		{ResourceID: "stytch.member", Description: "Stytch's default resource: the members of the organization.", Actions: []string{
			"create", "update.info.name", "update.info.untrusted_metadata", "update.info.mfa-phone",
			"update.info.delete.mfa-phone", "update.settings.is-breakglass", "update.settings.mfa_enrolled",
			"update.settings.roles", "search", "delete",
		}},
		{ResourceID: "stytch.sso", Description: "Stytch's default resource: the organization's SSO connections.", Actions: []string{"create", "get", "update", "delete"}},
		{ResourceID: "stytch.scim", Description: "Stytch's default resource: the organization's SCIM connection.", Actions: []string{"create", "get", "update", "delete"}},
		{ResourceID: "stytch.self", Description: "Stytch's default resource: the logged-in member.", Actions: []string{
			"update.info.name", "update.info.untrusted_metadata", "update.info.mfa-phone", "update.info.delete.mfa-phone",
			"update.info.delete.password", "update.settings.mfa_enrolled", "delete",
		}},
	}
	// defaultPolicyRoles are the roles Stytch defines in every project
	// ("Reserved role_ids that are predefined by Stytch"): stytch_member
	// ("by default, it contains all stytch.self permissions") and
	// stytch_admin ("all permissions for the stytch.organization,
	// stytch.member, and stytch.sso resources", and stytch.scim, which the
	// guide lists among the default resources).
	defaultPolicyRoles = []PolicyRole{
		{RoleID: roleStytchMember, Description: "Stytch's default role, assigned to every member.", Permissions: []PolicyPermission{
			{ResourceID: "stytch.self", Actions: []string{wildcardAction}},
		}},
		{RoleID: roleStytchAdmin, Description: "Stytch's default role for the organization's administrators.", Permissions: []PolicyPermission{
			{ResourceID: "stytch.organization", Actions: []string{wildcardAction}},
			{ResourceID: "stytch.member", Actions: []string{wildcardAction}},
			{ResourceID: "stytch.sso", Actions: []string{wildcardAction}},
			{ResourceID: "stytch.scim", Actions: []string{wildcardAction}},
		}},
	}
)

const (
	// wildcardAction grants every action of a resource; it must be a
	// permission's only action.
	wildcardAction = "*"
	// reservedRolePrefix starts the ids of Stytch's own roles, which an
	// organization's policy may not define or edit.
	reservedRolePrefix = "stytch_"
	// maxRBACRoleIDLen bounds an organization role's role_id, in Unicode code
	// points (INFERRED: Stytch has rbac_role_id_too_long but documents no limit).
	maxRBACRoleIDLen = 100
	// maxRBACDescriptionLen bounds a role's description, in Unicode code
	// points (INFERRED: Stytch has rbac_description_too_long but documents no limit).
	maxRBACDescriptionLen = 1000
)

// Values of the Member object (DESIGN.md, "Inferred members"). Source: the
// field comments of stytch-go stytch/b2b/organizations/types.go (Member,
// MemberRole, MemberRoleSource) and of organizations/members/types.go.
var (
	// memberStatusValues are the statuses a member can have.
	memberStatusValues = []string{memberStatusPending, memberStatusInvited, memberStatusActive, memberStatusDeleted}
	// defaultMFAMethodValues are the values of default_mfa_method ("The
	// current possible values are sms_otp and totp").
	defaultMFAMethodValues = []string{mfaMethodSMSOTP, mfaMethodTOTP}
)

const (
	memberStatusPending = "pending"
	memberStatusInvited = "invited"
	memberStatusActive  = "active"
	memberStatusDeleted = "deleted"

	mfaMethodSMSOTP = "sms_otp"
	mfaMethodTOTP   = "totp"

	// roleStytchMember is "automatically assigned to all Members" and cannot
	// be assigned explicitly; roleStytchAdmin makes is_admin true.
	roleStytchMember = "stytch_member"
	roleStytchAdmin  = "stytch_admin"

	// Types of a member role's sources.
	roleSourceDirect   = "direct_assignment"
	roleSourceEmail    = "email_assignment"
	roleSourceSSO      = "sso_connection"
	roleSourceSSOGroup = "sso_connection_group"

	// Id prefixes of members and email addresses (the documented forms
	// member-test-<uuid> and email-test-<uuid>; member-live- is the live
	// form the member search tells member ids by).
	memberIDPrefixTest = "member-test-"
	memberIDPrefixLive = "member-live-"
	emailIDPrefix      = "email-test-"

	// maxMemberExternalLen bounds a member's external_id ("a maximum length
	// of 128 characters").
	maxMemberExternalLen = 128
)

// Member search filter names. Source: the member search operand union of the
// Node SDK (lib/b2b/organizations.ts) and
// https://stytch.com/docs/api-reference/b2b/api/members/search-members.
const (
	filterMemberIDs                 = "member_ids"
	filterMemberIsBreakglass        = "member_is_breakglass"
	filterStatuses                  = "statuses"
	filterMemberMFAPhoneNumbers     = "member_mfa_phone_numbers"
	filterMemberMFAPhoneNumberFuzzy = "member_mfa_phone_number_fuzzy"
	filterMemberPasswordExists      = "member_password_exists"
	filterMemberRoles               = "member_roles"
	// member_emails and member_email_fuzzy share their names with the
	// organization search (filterMemberEmails, filterMemberEmailFuzzy).
)

// Search filter names. Source: the filter table of
// https://stytch.com/docs/b2b/api/search-organizations and the
// OrganizationSearchOperand type of the Node SDK (DESIGN.md, "Search").
const (
	filterOrganizationIDs        = "organization_ids"
	filterOrganizationSlugs      = "organization_slugs"
	filterOrganizationSlugFuzzy  = "organization_slug_fuzzy"
	filterOrganizationNameFuzzy  = "organization_name_fuzzy"
	filterMemberEmails           = "member_emails"
	filterMemberEmailFuzzy       = "member_email_fuzzy"
	filterAllowedDomains         = "allowed_domains"
	filterAllowedDomainFuzzy     = "allowed_domain_fuzzy"
	filterClaimedEmailDomains    = "claimed_email_domains"
	filterHasActiveSSOConnection = "has_active_sso_connection"
	filterSSOConnectionID        = "sso_connection_id"
)

// errorType is one of Stytch's error_type values. It is a struct rather than a
// string so that every error the emulator answers names an entry of the
// catalog below: an invented or misspelled name does not compile.
type errorType struct{ name string }

// The error types the emulator answers. Every name is in the StytchAPIErrorType
// enum of Stytch's Android SDK (source/sdk/src/main/java/com/stytch/sdk/common/
// errors/StytchAPIErrorType.kt in stytchauth/stytch-android), the generated
// list of all API error types. Which rule answers which type is documented
// where a source ties them, and a choice otherwise (DESIGN.md, "Errors" and
// "Emulator inferred behaviors").
var (
	// Transport, authentication and routing.
	etBadRequest            = errorType{"bad_request"}
	etUnauthorized          = errorType{"unauthorized_credentials"}
	etRouteNotFound         = errorType{"route_not_found"}
	etMethodNotAllowed      = errorType{"method_not_allowed"}
	etTooManyRequests       = errorType{"too_many_requests"}
	etInternalServerError   = errorType{"internal_server_error"}
	etServerUnavailable     = errorType{"server_unavailable"}
	etOrganizationNotFound  = errorType{"organization_not_found"}
	etInvalidEmail          = errorType{"invalid_email"}
	etMetadataInvalidFormat = errorType{"metadata_invalid_format"}
	etMetadataTooManyKeys   = errorType{"metadata_too_many_keys"}
	etMetadataTooLarge      = errorType{"metadata_too_large"}

	// The organization's own fields.
	etOrganizationNameMissing           = errorType{"organization_name_missing"}
	etInvalidOrganizationName           = errorType{"invalid_organization_name"}
	etInvalidOrganizationSlug           = errorType{"invalid_organization_slug"}
	etOrganizationSlugAlreadyUsed       = errorType{"organization_slug_already_used"}
	etOrganizationLogoURLTooLong        = errorType{"organization_logo_url_too_long"}
	etInvalidOrganizationExternalID     = errorType{"invalid_organization_external_id"}
	etOrganizationExternalIDAlreadyUsed = errorType{"organization_external_id_already_used"}
	etExternalIDSameAsOrganizationID    = errorType{"external_organization_id_same_as_organization_id"}

	// Settings and the rules between them.
	etInvalidAuthFactorSetting         = errorType{"invalid_organization_auth_factor_setting"}
	etInvalidAuthMethodSettings        = errorType{"invalid_organization_auth_method_settings"}
	etInvalidMFAPolicy                 = errorType{"invalid_organization_mfa_policy"}
	etInvalidMFAFactorSetting          = errorType{"invalid_organization_mfa_factor_setting"}
	etInvalidAllowedAuthMethods        = errorType{"invalid_organization_allowed_auth_methods"}
	etInvalidAllowedMFAMethods         = errorType{"invalid_organization_allowed_mfa_methods"}
	etAllowedAuthMethodsRequired       = errorType{"allowed_auth_methods_required_for_restricted"}
	etAllowedMFAMethodsRequired        = errorType{"allowed_mfa_methods_required_for_restricted"}
	etInvalidRestrictedEmailSetting    = errorType{"invalid_restricted_email_setting"}
	etInvalidRestrictedOAuthTenants    = errorType{"invalid_restricted_oauth_tenants_setting"}
	etInvalidOAuthAllowedTenantsFormat = errorType{"invalid_oauth_allowed_tenants_format"}
	etInvalidSSODefaultConnectionID    = errorType{"invalid_sso_default_connection_id"}
	etInvalidConnectionForJIT          = errorType{"invalid_connection_for_jit_provisioning"}
	etDomainInvalid                    = errorType{"organization_settings_invalid_domain"}
	etDomainTooCommon                  = errorType{"organization_settings_domain_too_common"}
	etDomainDuplicate                  = errorType{"organization_settings_duplicate_domain"}
	etClaimedDomainInvalid             = errorType{"organization_settings_invalid_claimed_domain"}
	etClaimedDomainTooCommon           = errorType{"organization_settings_claimed_domain_too_common"}
	etClaimedDomainDuplicate           = errorType{"organization_settings_duplicate_claimed_domain"}
	etRBACInvalidDomain                = errorType{"rbac_invalid_domain"}
	etRBACDomainTooCommon              = errorType{"rbac_domain_too_common"}
	etInvalidRBACRoleID                = errorType{"invalid_rbac_role_id"}
	etSearchInvalidCursor              = errorType{"user_search_invalid_cursor"}
	etSearchInvalidOperator            = errorType{"user_search_invalid_operator"}
	etSearchMissingFilterName          = errorType{"organization_search_missing_filter_name"}
	etSearchFilterNameMustBeString     = errorType{"organization_search_filter_name_must_be_string"}
	etSearchFilterNameNotRecognized    = errorType{"organization_search_filter_name_not_recognized"}
	etSearchMissingFilterValue         = errorType{"organization_search_missing_filter_value"}
	etSearchExpectedArrayOfStrings     = errorType{"organization_search_expected_array_of_strings"}
	etSearchExpectedString             = errorType{"organization_search_expected_string"}
	etSearchExpectedBoolean            = errorType{"organization_search_expected_boolean"}
	etSearchMissingOrganizationIDs     = errorType{"organization_search_missing_organization_ids"}
	etSearchMissingOrganizationSlugs   = errorType{"organization_search_missing_organization_slugs"}
	etSearchMissingOrganizationSlugFzy = errorType{"organization_search_missing_organization_slug_fuzzy"}
	etSearchMissingOrganizationNameFzy = errorType{"organization_search_missing_organization_name_fuzzy"}
	etSearchMissingMemberEmails        = errorType{"organization_search_missing_member_emails"}
	etSearchMissingMemberEmailFuzzy    = errorType{"organization_search_missing_member_email_fuzzy"}
	etSearchMissingAllowedDomains      = errorType{"organization_search_missing_allowed_domains"}
	etSearchMissingAllowedDomainFuzzy  = errorType{"organization_search_missing_allowed_domain_fuzzy"}
	etSearchMissingClaimedEmailDomains = errorType{"organization_search_missing_claimed_email_domains"}
	etSearchMissingSSOConnectionID     = errorType{"organization_search_missing_sso_connection_id"}
	etSearchOrganizationSlugFuzzyShort = errorType{"organization_search_organization_slug_fuzzy_too_short"}
	etSearchOrganizationNameFuzzyShort = errorType{"organization_search_organization_name_fuzzy_too_short"}
	etSearchMemberEmailFuzzyTooShort   = errorType{"organization_search_member_email_fuzzy_too_short"}
	etSearchAllowedDomainFuzzyTooShort = errorType{"organization_search_allowed_domain_fuzzy_too_short"}

	// SSO connections, all types (DESIGN.md, "Inferred SSO connections").
	etSSOConnectionNotFound            = errorType{"sso_connection_not_found"}
	etSSOConnectionOrgMismatch         = errorType{"sso_connection_organization_mismatch"}
	etCannotDeleteDefaultSSOConnection = errorType{"cannot_delete_default_sso_connection"}
	etInvalidSSOIdP                    = errorType{"invalid_sso_idp"}
	etInvalidRBACRoleAssignment        = errorType{"invalid_rbac_role_assignment"}

	// SAML connections.
	etSAMLConnectionNotFound          = errorType{"saml_connection_not_found"}
	etInvalidIdPEntityID              = errorType{"invalid_idp_entity_id"}
	etIdPSSOURLRequired               = errorType{"saml_connection_idp_sso_url_required"}
	etIdPSSOURLInvalidFormat          = errorType{"saml_connection_idp_sso_url_invalid_format"}
	etIdPSSOURLNotHTTPS               = errorType{"saml_connection_idp_sso_url_not_https"}
	etInvalidX509Certificate          = errorType{"invalid_x509_certificate"}
	etTooManyVerificationCertificates = errorType{"too_many_sso_verification_certificates"}
	etVerificationKeyNotFound         = errorType{"sso_verification_key_not_found"}
	etCannotDeleteLastVerificationKey = errorType{"cannot_delete_last_sso_verification_key"}
	etEncryptionPrivateKeyNotFound    = errorType{"sso_encryption_private_key_not_found"}
	etTooManyEncryptionCertificates   = errorType{"too_many_encryption_certificates"}
	etSigningKeyFormatNotSupported    = errorType{"saml_signing_private_key_format_not_supported"}
	etSigningKeyInvalid               = errorType{"saml_signing_private_key_invalid"}
	etAttributeMappingRequired        = errorType{"saml_connection_attribute_mapping_required"}
	etEmailMappingRequired            = errorType{"saml_connection_email_mapping_required"}
	etNameMappingRequired             = errorType{"saml_connection_name_mapping_required"}
	etNoNestedKeysInAttributeMapping  = errorType{"saml_connection_no_nested_keys_in_attribute_mapping"}
	etAttributeMappingMissingGroups   = errorType{"saml_connection_attribute_mapping_missing_groups_key"}
	etInvalidSAMLMetadataURL          = errorType{"invalid_saml_metadata_url"}
	etInvalidXMLFromSAMLMetadataURL   = errorType{"invalid_xml_from_saml_metadata_url"}
	etSAMLMetadataInvalidFormat       = errorType{"saml_connection_metadata_invalid_format"}

	// OIDC connections.
	etOIDCConnectionNotFound         = errorType{"oidc_connection_not_found"}
	etOIDCIssuerRequired             = errorType{"oidc_connection_issuer_required"}
	etOIDCClientIDRequired           = errorType{"oidc_connection_client_id_required"}
	etOIDCClientSecretRequired       = errorType{"oidc_connection_client_secret_required"}
	etOIDCAuthorizationURLRequired   = errorType{"oidc_connection_authorization_url_required"}
	etOIDCTokenURLRequired           = errorType{"oidc_connection_token_url_required"}
	etOIDCJWKSURLRequired            = errorType{"oidc_connection_jwks_url_required"}
	etInvalidUserinfoURL             = errorType{"invalid_userinfo_url"}
	etOIDCIssuerURLInvalidFormat     = errorType{"oidc_connection_issuer_url_invalid_format"}
	etOIDCAuthorizationURLInvalidFmt = errorType{"oidc_connection_authorization_url_invalid_format"}
	etOIDCTokenURLInvalidFormat      = errorType{"oidc_connection_token_url_invalid_format"}
	etOIDCUserinfoURLInvalidFormat   = errorType{"oidc_connection_userinfo_url_invalid_format"}
	etOIDCJWKSURLInvalidFormat       = errorType{"oidc_connection_jwks_url_invalid_format"}

	// Members (DESIGN.md, "Inferred members").
	etMemberNotFound                   = errorType{"member_not_found"}
	etInvalidMemberGetFields           = errorType{"invalid_member_get_fields"}
	etDuplicateMemberEmail             = errorType{"duplicate_member_email"}
	etRetiredMemberEmail               = errorType{"retired_member_email"}
	etDuplicateMemberExternalID        = errorType{"duplicate_member_external_id"}
	etDuplicateMemberPhoneNumber       = errorType{"duplicate_member_phone_number"}
	etDuplicateMemberPhoneForMember    = errorType{"duplicate_member_phone_number_for_member"}
	etInvalidPhoneNumber               = errorType{"invalid_phone_number"}
	etActionOnlyForActiveMembers       = errorType{"action_available_only_for_active_members"}
	etInvalidMFADefaultMethod          = errorType{"invalid_mfa_default_method"}
	etDefaultMFAMemberMissingFactor    = errorType{"default_mfa_member_missing_factor"}
	etCannotAssignDefaultRBACRoleID    = errorType{"cannot_assign_default_rbac_role_id"}
	etEmailUpdatesOnlyForActiveMembers = errorType{"email_updates_available_only_for_active_members"}
	etNoDeletedMemberForReactivation   = errorType{"no_deleted_member_found_for_reactivation"}
	etReactivationEmailOfAnotherMember = errorType{"reactivation_email_belongs_to_another_member"}
	etMemberPhoneNumberNotFound        = errorType{"member_phone_number_not_found"}
	etMemberSearchOrganizationIDsEmpty = errorType{"member_search_organization_ids_empty"}
	etMemberSearchMissingFilterName    = errorType{"member_search_missing_filter_name"}
	etMemberSearchFilterNameMustBeStr  = errorType{"member_search_filter_name_must_be_string"}
	etMemberSearchFilterNameUnknown    = errorType{"member_search_filter_name_not_recognized"}
	etMemberSearchMissingFilterValue   = errorType{"member_search_missing_filter_value"}
	etMemberSearchExpectedStrings      = errorType{"member_search_expected_array_of_strings"}
	etMemberSearchExpectedString       = errorType{"member_search_expected_string"}
	etMemberSearchExpectedBoolean      = errorType{"member_search_expected_boolean"}
	etMemberSearchMissingMemberIDs     = errorType{"member_search_missing_member_ids"}
	etMemberSearchMissingMemberEmails  = errorType{"member_search_missing_member_emails"}
	etMemberSearchMissingEmailFuzzy    = errorType{"member_search_missing_member_email_fuzzy"}
	etMemberSearchEmailFuzzyTooShort   = errorType{"member_search_member_email_fuzzy_too_short"}
	etMemberSearchMissingStatuses      = errorType{"member_search_missing_statuses"}
	etMemberSearchMissingPhoneNumbers  = errorType{"member_search_missing_mfa_member_phone_numbers"}
	etMemberSearchMissingPhoneFuzzy    = errorType{"member_search_missing_mfa_member_phone_number_fuzzy"}
	etMemberSearchPhoneFuzzyTooShort   = errorType{"member_search_member_mfa_phone_number_fuzzy_too_short"}
	etMemberSearchMissingMemberRoles   = errorType{"member_search_missing_member_roles"}
	etMemberSearchCannotMixMemberIDs   = errorType{"member_search_cannot_mix_internal_and_external_member_ids"}
	etSearchInvalidStatusFilter        = errorType{"search_invalid_status_filter"}

	// External connections. A link to the connection's own organization is
	// external_organization_id_same_as_organization_id
	// (etExternalIDSameAsOrganizationID above: one name, two rules).
	etExternalConnectionIDNotFound = errorType{"external_connection_id_not_found"}
	etExternalConnectionNotActive  = errorType{"external_connection_not_active"}
	etDuplicateExternalConnection  = errorType{"duplicate_external_sso_connection"}

	// SCIM connections (DESIGN.md, "Inferred SCIM connections and
	// organization RBAC policies").
	etActiveSCIMConnectionExists     = errorType{"active_scim_connection_exists"}
	etNoActiveSCIMConnection         = errorType{"no_active_scim_connection"}
	etInvalidSCIMIdP                 = errorType{"invalid_scim_idp"}
	etSCIMConnectionNotRotatingToken = errorType{"scim_connection_not_rotating_token"}
	etSCIMGroupAssignmentNoGroupID   = errorType{"scim_group_role_assignment_does_not_contain_group_id"}
	etSCIMGroupAssignmentNoGroup     = errorType{"scim_group_role_assignment_group_does_not_exist"}

	// Organization RBAC policies.
	etRBACRoleDuplicate               = errorType{"rbac_role_duplicate"}
	etRBACOrgCustomRolesOnly          = errorType{"rbac_org_custom_roles_only"}
	etInvalidRBACStytchRoleEdit       = errorType{"invalid_rbac_stytch_role_edit"}
	etEmptyRBACRoleID                 = errorType{"empty_rbac_role_id"}
	etEmptyRBACResourceID             = errorType{"empty_rbac_resource_id"}
	etRBACRoleIDTooLong               = errorType{"rbac_role_id_too_long"}
	etRBACDescriptionTooLong          = errorType{"rbac_description_too_long"}
	etRBACPermissionMissingActions    = errorType{"rbac_permission_missing_actions"}
	etCannotSpecifyWildcardWithOthers = errorType{"cannot_specify_wildcard_with_other_actions"}
	etInvalidPermissionResource       = errorType{"invalid_permission_resource"}
	etInvalidPermissionAction         = errorType{"invalid_permission_action"}
	etRBACActionDuplicate             = errorType{"rbac_action_duplicate"}
)

// errorTypes lists the catalog, for the tests.
var errorTypes = []errorType{
	etBadRequest, etUnauthorized, etRouteNotFound, etMethodNotAllowed, etTooManyRequests,
	etInternalServerError, etServerUnavailable, etOrganizationNotFound, etInvalidEmail,
	etMetadataInvalidFormat, etMetadataTooManyKeys, etMetadataTooLarge,
	etOrganizationNameMissing, etInvalidOrganizationName, etInvalidOrganizationSlug,
	etOrganizationSlugAlreadyUsed, etOrganizationLogoURLTooLong, etInvalidOrganizationExternalID,
	etOrganizationExternalIDAlreadyUsed, etExternalIDSameAsOrganizationID,
	etInvalidAuthFactorSetting, etInvalidAuthMethodSettings, etInvalidMFAPolicy,
	etInvalidMFAFactorSetting, etInvalidAllowedAuthMethods, etInvalidAllowedMFAMethods,
	etAllowedAuthMethodsRequired, etAllowedMFAMethodsRequired, etInvalidRestrictedEmailSetting,
	etInvalidRestrictedOAuthTenants, etInvalidOAuthAllowedTenantsFormat,
	etInvalidSSODefaultConnectionID, etInvalidConnectionForJIT,
	etDomainInvalid, etDomainTooCommon, etDomainDuplicate,
	etClaimedDomainInvalid, etClaimedDomainTooCommon, etClaimedDomainDuplicate,
	etRBACInvalidDomain, etRBACDomainTooCommon, etInvalidRBACRoleID,
	etSearchInvalidCursor, etSearchInvalidOperator,
	etSearchMissingFilterName, etSearchFilterNameMustBeString, etSearchFilterNameNotRecognized,
	etSearchMissingFilterValue, etSearchExpectedArrayOfStrings, etSearchExpectedString,
	etSearchExpectedBoolean, etSearchMissingOrganizationIDs, etSearchMissingOrganizationSlugs,
	etSearchMissingOrganizationSlugFzy, etSearchMissingOrganizationNameFzy,
	etSearchMissingMemberEmails, etSearchMissingMemberEmailFuzzy, etSearchMissingAllowedDomains,
	etSearchMissingAllowedDomainFuzzy, etSearchMissingClaimedEmailDomains,
	etSearchMissingSSOConnectionID,
	etSearchOrganizationSlugFuzzyShort, etSearchOrganizationNameFuzzyShort,
	etSearchMemberEmailFuzzyTooShort, etSearchAllowedDomainFuzzyTooShort,
	etSSOConnectionNotFound, etSSOConnectionOrgMismatch, etCannotDeleteDefaultSSOConnection,
	etInvalidSSOIdP, etInvalidRBACRoleAssignment,
	etSAMLConnectionNotFound, etInvalidIdPEntityID, etIdPSSOURLRequired, etIdPSSOURLInvalidFormat,
	etIdPSSOURLNotHTTPS, etInvalidX509Certificate, etTooManyVerificationCertificates,
	etVerificationKeyNotFound, etCannotDeleteLastVerificationKey, etEncryptionPrivateKeyNotFound,
	etTooManyEncryptionCertificates, etSigningKeyFormatNotSupported, etSigningKeyInvalid,
	etAttributeMappingRequired, etEmailMappingRequired, etNameMappingRequired,
	etNoNestedKeysInAttributeMapping, etAttributeMappingMissingGroups,
	etInvalidSAMLMetadataURL, etInvalidXMLFromSAMLMetadataURL, etSAMLMetadataInvalidFormat,
	etOIDCConnectionNotFound, etOIDCIssuerRequired, etOIDCClientIDRequired, etOIDCClientSecretRequired,
	etOIDCAuthorizationURLRequired, etOIDCTokenURLRequired, etOIDCJWKSURLRequired, etInvalidUserinfoURL,
	etOIDCIssuerURLInvalidFormat, etOIDCAuthorizationURLInvalidFmt, etOIDCTokenURLInvalidFormat,
	etOIDCUserinfoURLInvalidFormat, etOIDCJWKSURLInvalidFormat,
	etExternalConnectionIDNotFound, etExternalConnectionNotActive, etDuplicateExternalConnection,
	etMemberNotFound, etInvalidMemberGetFields, etDuplicateMemberEmail, etRetiredMemberEmail,
	etDuplicateMemberExternalID, etDuplicateMemberPhoneNumber, etDuplicateMemberPhoneForMember,
	etInvalidPhoneNumber, etActionOnlyForActiveMembers, etInvalidMFADefaultMethod,
	etDefaultMFAMemberMissingFactor, etCannotAssignDefaultRBACRoleID, etEmailUpdatesOnlyForActiveMembers,
	etNoDeletedMemberForReactivation, etReactivationEmailOfAnotherMember, etMemberPhoneNumberNotFound,
	etMemberSearchOrganizationIDsEmpty, etMemberSearchMissingFilterName, etMemberSearchFilterNameMustBeStr,
	etMemberSearchFilterNameUnknown, etMemberSearchMissingFilterValue, etMemberSearchExpectedStrings,
	etMemberSearchExpectedString, etMemberSearchExpectedBoolean, etMemberSearchMissingMemberIDs,
	etMemberSearchMissingMemberEmails, etMemberSearchMissingEmailFuzzy, etMemberSearchEmailFuzzyTooShort,
	etMemberSearchMissingStatuses, etMemberSearchMissingPhoneNumbers, etMemberSearchMissingPhoneFuzzy,
	etMemberSearchPhoneFuzzyTooShort, etMemberSearchMissingMemberRoles, etMemberSearchCannotMixMemberIDs,
	etSearchInvalidStatusFilter,
	etActiveSCIMConnectionExists, etNoActiveSCIMConnection, etInvalidSCIMIdP, etSCIMConnectionNotRotatingToken,
	etSCIMGroupAssignmentNoGroupID, etSCIMGroupAssignmentNoGroup,
	etRBACRoleDuplicate, etRBACOrgCustomRolesOnly, etInvalidRBACStytchRoleEdit, etEmptyRBACRoleID,
	etEmptyRBACResourceID, etRBACRoleIDTooLong, etRBACDescriptionTooLong, etRBACPermissionMissingActions,
	etCannotSpecifyWildcardWithOthers, etInvalidPermissionResource, etInvalidPermissionAction, etRBACActionDuplicate,
}
