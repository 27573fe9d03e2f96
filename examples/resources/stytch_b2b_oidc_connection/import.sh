# An OIDC connection is imported as ORGANIZATION/CONNECTION_ID, the
# organization given by its id ...
terraform import stytch_b2b_oidc_connection.okta organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931/oidc-connection-test-5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f

# ... or by its slug. The client secret cannot be imported: the first apply
# after the import sends the configured one to Stytch.
terraform import stytch_b2b_oidc_connection.okta acme/oidc-connection-test-5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f
