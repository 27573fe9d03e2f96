# Import an existing SAML connection with an import block. The id is
# ORGANIZATION/CONNECTION_ID, where ORGANIZATION is the organization's id or
# slug. Stytch never returns the private keys or metadata_url, so they cannot
# be imported: if the configuration sets them, the first apply sends them
# again.
import {
  to = stytch_b2b_saml_connection.okta
  id = "globex/saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9"
}
