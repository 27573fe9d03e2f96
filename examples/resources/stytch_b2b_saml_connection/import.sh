# A SAML connection is imported by its organization's id and its connection
# id, separated by a slash ...
terraform import stytch_b2b_saml_connection.okta organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931/saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9

# ... or with the organization's slug in place of its id.
terraform import stytch_b2b_saml_connection.okta globex/saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9
