# An external connection is imported as ORGANIZATION/CONNECTION_ID, the
# organization (the one that uses the connection) given by its id ...
terraform import stytch_b2b_external_connection.parent_okta organization-test-2b7c9d4e-1f3a-4b5c-9d8e-7f6a5b4c3d2e/external-connection-test-8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d

# ... or by its slug.
terraform import stytch_b2b_external_connection.parent_okta acme-emea/external-connection-test-8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d
