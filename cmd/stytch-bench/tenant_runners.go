package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// tenantRunners prepares the subjects of the tenant phase in the order each
// phase runs them: for each layout (one state, then shards of G tenants
// unless -shard-size is 0), reference (a) terraform_data, reference (c) the
// no-op twins and the provider; reference (b), the direct client, once
// between the two layouts. -references=false leaves out (a), (b) and (c),
// -noop=false leaves out (c), and the rate-limit scenario leaves out (a) and
// (c), which make no API calls.
func (b *bench) tenantRunners(ctx context.Context) ([]runner, error) {
	t := b.opts.tenants
	withData := b.opts.references && b.opts.rateLimit == 0
	withNoop := b.noopProvider != nil
	env := providerEnv(b.opts.rateLimit, b.opts.env)
	type spec struct {
		name  string
		noop  bool
		build func(prefix string, from, to int) tfSubject
	}
	var specs []spec
	if withData {
		specs = append(specs, spec{name: subjectData, build: func(_ string, from, to int) tfSubject {
			return tfSubject{config: func(renamed bool) string { return tenantDataConfig(from, to, b.certificate, renamed) }}
		}})
	}
	if withNoop {
		specs = append(specs, spec{name: subjectNoop, noop: true, build: func(_ string, from, to int) tfSubject {
			return tfSubject{noop: true, env: env, config: func(renamed bool) string {
				return tenantConfig(typesNoop, "noop", from, to, b.certificate, renamed)
			}}
		}})
	}
	specs = append(specs, spec{name: subjectProvider, build: func(prefix string, from, to int) tfSubject {
		return tfSubject{slugPrefix: prefix, env: env, config: func(renamed bool) string {
			return tenantConfig(typesProvider, prefix, from, to, b.certificate, renamed)
		}}
	}})

	var out []runner
	for _, sp := range specs {
		s := sp.build(tenantPrefixSingle, 0, t)
		s.name, s.scenario, s.layout, s.dir = sp.name, scenarioTenants, layoutSingle, filepath.Join("tenants-single", sp.name)
		r, err := b.newTFRunner(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("preparing the tenants (%s, one state): %w", sp.name, err)
		}
		out = append(out, r)
	}
	if b.opts.references {
		r, err := b.newTenantDirectRunner()
		if err != nil {
			return nil, fmt.Errorf("preparing the direct client (tenants): %w", err)
		}
		out = append(out, r)
	}
	if b.opts.shardSize == 0 {
		return out, nil
	}
	for _, sp := range specs {
		sharded := &shardedRunner{subject: sp.name}
		for i, rng := range shardRanges(t, b.opts.shardSize) {
			s := sp.build(tenantPrefixSharded, rng[0], rng[1])
			s.name, s.scenario, s.layout = sp.name, scenarioTenants, layoutSharded
			s.shard = tenantKey(rng[0]) + "-" + tenantKey(rng[1]-1)
			s.dir = filepath.Join("tenants-sharded", sp.name, s.shard)
			// The shards' configurations differ only in their tenants:
			// warming up the first one warms the caches for all.
			r, err := b.prepareTFRunner(ctx, s, i == 0)
			if err != nil {
				return nil, fmt.Errorf("preparing the tenants (%s, shard %s): %w", sp.name, s.shard, err)
			}
			sharded.shards = append(sharded.shards, r)
		}
		out = append(out, sharded)
	}
	return out, nil
}

// shardedRunner measures a subject in the sharded layout: each phase runs
// in every shard, one shard after the other, as a pipeline that applies
// the shards in turn; the measurement adds them up and keeps each one.
type shardedRunner struct {
	subject string
	shards  []*tfRunner
}

func (s *shardedRunner) name() string { return s.subject + " (sharded)" }

func (s *shardedRunner) run(ctx context.Context, phase string) measurement {
	parts := make([]measurement, 0, len(s.shards))
	for _, r := range s.shards {
		m := r.run(ctx, phase)
		logPhase(&m)
		parts = append(parts, m)
	}
	return sumShards(s.subject, scenarioTenants, phase, parts)
}

// tenantDirectRunner is reference (b) of the tenant phase: the API calls of
// each phase made by P workers through internal/stytch, each worker taking
// one tenant at a time and making its calls in the order their
// dependencies need. It makes the calls the provider makes:
//
//	create   POST organization, POST SAML connection, PUT SAML connection
//	         (IdP fields, certificate, attribute mapping), PUT organization
//	         (SSO settings), 3 × POST member
//	refresh  GET organization, GET the SSO connections, GET organization
//	         (SSO settings), 3 × GET member
//	update   PUT organization (name), PUT SAML connection (display name),
//	         3 × PUT member (name)
//	destroy  3 × DELETE member, PUT organization (SSO settings cleared),
//	         DELETE SAML connection, DELETE organization
type tenantDirectRunner struct {
	b       *bench
	client  *stytch.Client
	tenants []directTenant
}

// directTenant is what the direct client created for one tenant.
type directTenant struct {
	organizationID string
	connectionID   string
	memberIDs      [tenantMembers]string
}

// newTenantDirectRunner builds the client (with the direct client's
// settings, newDirectClient).
func (b *bench) newTenantDirectRunner() (*tenantDirectRunner, error) {
	client, err := b.newDirectClient()
	if err != nil {
		return nil, err
	}
	return &tenantDirectRunner{b: b, client: client, tenants: make([]directTenant, b.opts.tenants)}, nil
}

func (d *tenantDirectRunner) name() string { return subjectDirect + " (tenants)" }

func (d *tenantDirectRunner) run(ctx context.Context, phase string) measurement {
	m := measurement{Subject: subjectDirect, Scenario: scenarioTenants, Phase: phase}
	d.b.emu.reset()
	cpuStart := markCPU()
	start := time.Now()
	m.Errors, m.FirstError = parallel(ctx, len(d.tenants), d.b.opts.parallelism, func(ctx context.Context, i int) error {
		return d.call(ctx, phase, i)
	})
	m.Wall = time.Since(start)
	m.BackgroundCPU = backgroundCPU(cpuStart, markCPU(), 0)
	d.b.recordAPI(&m, tenantPrefixDirect)
	if m.Errors > 0 {
		m.ExitCode = 1
	}
	return m
}

// call makes the calls of phase for tenant i.
func (d *tenantDirectRunner) call(ctx context.Context, phase string, i int) error {
	t := &d.tenants[i]
	c := d.client
	switch phase {
	case phaseCreate:
		return d.create(ctx, i)
	case phaseRefresh:
		if _, err := c.GetOrganization(ctx, t.organizationID); err != nil {
			return err
		}
		if _, err := c.ListSSOConnections(ctx, t.organizationID); err != nil {
			return err
		}
		if _, err := c.GetOrganization(ctx, t.organizationID); err != nil {
			return err
		}
		for _, id := range t.memberIDs {
			if _, err := c.GetMember(ctx, t.organizationID, id); err != nil {
				return err
			}
		}
		return nil
	case phaseUpdate:
		name := tenantOrgName(i, true)
		if _, err := c.UpdateOrganization(ctx, t.organizationID, stytch.UpdateRequest{OrganizationName: &name}); err != nil {
			return err
		}
		display := tenantConnectionName(i, true)
		if _, err := c.UpdateSAMLConnection(ctx, t.organizationID, t.connectionID, stytch.UpdateSAMLConnectionRequest{DisplayName: &display}); err != nil {
			return err
		}
		for j, id := range t.memberIDs {
			name := tenantMemberName(i, j, true)
			if _, err := c.UpdateMember(ctx, t.organizationID, id, stytch.UpdateMemberRequest{Name: &name}); err != nil {
				return err
			}
		}
		return nil
	default:
		for _, id := range t.memberIDs {
			if err := c.DeleteMember(ctx, t.organizationID, id); err != nil {
				return err
			}
		}
		empty, none := "", []string{}
		if _, err := c.UpdateOrganization(ctx, t.organizationID, stytch.UpdateRequest{SSODefaultConnectionID: &empty,
			SSOJITProvisioningAllowedConnections: &none}); err != nil {
			return err
		}
		if err := c.DeleteSSOConnection(ctx, t.organizationID, t.connectionID); err != nil {
			return err
		}
		return c.DeleteOrganization(ctx, t.organizationID)
	}
}

// create makes tenant i: the same arguments as tenantConfig, with the
// direct client's prefix.
func (d *tenantDirectRunner) create(ctx context.Context, i int) error {
	t := &d.tenants[i]
	c := d.client
	key, prefix := tenantKey(i), tenantPrefixDirect
	org, err := c.CreateOrganization(ctx, stytch.CreateRequest{
		OrganizationName:       tenantOrgName(i, false),
		OrganizationSlug:       fmt.Sprintf("%s-tenant-%d", prefix, i),
		OrganizationExternalID: fmt.Sprintf("crm|%s|%d", prefix, i),
		EmailAllowedDomains:    []string{fmt.Sprintf("%s.%s.example.com", key, prefix)},
		EmailJITProvisioning:   "RESTRICTED",
		SSOJITProvisioning:     "RESTRICTED",
	})
	if err != nil {
		return err
	}
	t.organizationID = org.OrganizationID
	conn, err := c.CreateSAMLConnection(ctx, t.organizationID, stytch.CreateSAMLConnectionRequest{
		DisplayName: tenantConnectionName(i, false), IdentityProvider: "okta"})
	if err != nil {
		return err
	}
	t.connectionID = conn.ConnectionID
	entity := "http://www.okta.com/exk" + key
	ssoURL := "https://" + key + ".okta.example.com/app/stytch/sso/saml"
	mapping := map[string]string{"email": "email", "full_name": "name"}
	if _, err := c.UpdateSAMLConnection(ctx, t.organizationID, t.connectionID, stytch.UpdateSAMLConnectionRequest{
		IdPEntityID: &entity, IdPSSOURL: &ssoURL, X509Certificate: &d.b.certificate, AttributeMapping: &mapping}); err != nil {
		return err
	}
	allowed := []string{t.connectionID}
	if _, err := c.UpdateOrganization(ctx, t.organizationID, stytch.UpdateRequest{SSODefaultConnectionID: &t.connectionID,
		SSOJITProvisioningAllowedConnections: &allowed}); err != nil {
		return err
	}
	for j := range tenantMembers {
		req := stytch.CreateMemberRequest{
			EmailAddress: fmt.Sprintf("member-%d@%s.%s.example.com", j, key, prefix),
			Name:         tenantMemberName(i, j, false),
		}
		if j == 0 {
			req.Roles = []string{"stytch_admin"}
		}
		member, err := c.CreateMember(ctx, t.organizationID, req)
		if err != nil {
			return err
		}
		t.memberIDs[j] = member.MemberID
	}
	return nil
}

// tenantOrgName, tenantConnectionName and tenantMemberName are the names of
// tenant i's organization, connection and member j, as in tenantConfig.
func tenantOrgName(i int, renamed bool) string { return fmt.Sprintf("Tenant %d%s", i, suffix(renamed)) }

func tenantConnectionName(i int, renamed bool) string {
	return fmt.Sprintf("Okta %s%s", tenantKey(i), suffix(renamed))
}

func tenantMemberName(i, j int, renamed bool) string {
	return fmt.Sprintf("Member %d of %s%s", j, tenantKey(i), suffix(renamed))
}
