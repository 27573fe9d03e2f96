# The custom roles of an organization are imported by its organization id ...
terraform import stytch_b2b_organization_rbac_policy.acme organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931

# ... or by its slug.
terraform import stytch_b2b_organization_rbac_policy.acme acme
