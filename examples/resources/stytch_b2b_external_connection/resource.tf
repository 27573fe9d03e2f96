# Acme signs its staff in with its own Okta (SAML). Its European subsidiary
# is an organization of its own, and shares Acme's connection instead of
# configuring a second one.
resource "stytch_b2b_organization" "acme" {
  organization_name = "Acme Corporation"
  organization_slug = "acme"
}

resource "stytch_b2b_saml_connection" "okta" {
  organization_id   = stytch_b2b_organization.acme.organization_id
  display_name      = "Okta"
  identity_provider = "okta"
  idp_entity_id     = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9"
  idp_sso_url       = "https://acme.okta.com/app/acme_stytch/exk1a2b3c4d5e6f7g8h9/sso/saml"
  x509_certificate  = <<-PEM
    -----BEGIN CERTIFICATE-----
    MIIDQTCCAimgAwIBAgIUduresmDkkiObF7VNGU7TwNkFTEcwDQYJKoZIhvcNAQEL
    BQAwMDEYMBYGA1UEAwwPaWRwLmV4YW1wbGUuY29tMRQwEgYDVQQKDAtFeGFtcGxl
    IElkUDAeFw0yNjExMzAyMzM3MjJaFw0zNjExMjcyMzM3MjJaMDAxGDAWBgNVBAMM
    D2lkcC5leGFtcGxlLmNvbTEUMBIGA1UECgwLRXhhbXBsZSBJZFAwggEiMA0GCSqG
    SIb3DQEBAQUAA4IBDwAwggEKAoIBAQCew6E7oy/bNk5sMmWAkyFjWegD7ep+RmDe
    yKz54vAVbKyUgFSdX/ScwRKYK5bwvgfezOjnnZgtNi//AufhtuAyh/AyH2pvCwHa
    Ne3lloGEfHlBhQ/ovsbowhSdbJNOeVSvY7UBNLjfm4HHeDkQ+MpJQnNj11/eEE9P
    xqgEsHD+/E3qP8NfhmNHXLpokwzVse5tk+Mwr9km8bxNsG7DWxRg8FkQvmSa7KJf
    KK0G1ut3gs6hJxEqRW26YYwdPEoRMaP+jGEGKtgDtQfOsi5gWTYgN3NX41ooJS09
    FA8r1Ck/ABhihrsex7Yvy9pSe3IgK5GcbM9dBHLt4yufrxZ2kTVJAgMBAAGjUzBR
    MB0GA1UdDgQWBBSZUYBtWlbhZnchMKMS/uS5XnwiWzAfBgNVHSMEGDAWgBSZUYBt
    WlbhZnchMKMS/uS5XnwiWzAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUA
    A4IBAQBtSdW/kTvU07sDZUzmohVjBPKdMT+xypKnFqes6bCSeNsUdwhVj8Fa/4NW
    ugK3xs45PwkRHRMdna4pDJVnPyjjCjj5xvxaf7p+j6fVoYeqNPsvX5p4kkmspQSb
    iXgTgHBfb7MWR/CUYUftNQ/qjS+MsqdoLMIZgMl2aJNpd5yZwKNPeoedhI21ZN4y
    Fds41UOyUVTNkV3BU4tqHGQqGmAWcRtuimpCB5Crm6/trV0Lgrpdi6SGM6U8PK6S
    UxgEmX/bRVpzCdX7f821i5aMobFyWATHe4JzsQ0dgea+/T1cTPQ+43qnW4Gw1n2t
    qB59kmXb+D/twxjxF6HPYjSezsfk
    -----END CERTIFICATE-----
  PEM
  # The groups key lets the external connection grant roles by IdP group.
  attribute_mapping = {
    email     = "email"
    full_name = "name"
    groups    = "groups"
  }
}

resource "stytch_b2b_organization" "acme_emea" {
  organization_name = "Acme EMEA"
  organization_slug = "acme-emea"
}

# Members of Acme EMEA sign in through Acme's Okta connection.
resource "stytch_b2b_external_connection" "parent_okta" {
  organization_id          = stytch_b2b_organization.acme_emea.organization_id
  external_organization_id = stytch_b2b_organization.acme.organization_id
  external_connection_id   = stytch_b2b_saml_connection.okta.connection_id
  display_name             = "Acme Okta"

  external_connection_implicit_role_assignments = [
    { role_id = "stytch_member" },
  ]
  external_group_implicit_role_assignments = [
    { role_id = "stytch_admin", group = "emea-it-admins" },
  ]
}
