# An organization has at most one SCIM connection, so it is imported by the
# organization's id ...
terraform import stytch_b2b_scim_connection.okta organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931

# ... or by its slug. Stytch never returns the bearer token, so it is null
# after an import: set or change rotation_trigger and apply to rotate the token
# and get the new one into state.
terraform import stytch_b2b_scim_connection.okta acme
