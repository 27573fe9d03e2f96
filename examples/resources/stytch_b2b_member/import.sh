# A member is imported as ORGANIZATION/MEMBER: the organization's id and the
# member id ...
terraform import stytch_b2b_member.admin organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931/member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f

# ... or the organization's slug and the member's email address.
terraform import stytch_b2b_member.admin initech/peter.gibbons@initech.com
