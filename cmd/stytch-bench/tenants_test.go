package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestShardRanges(t *testing.T) {
	for _, c := range []struct {
		t, g int
		want [][2]int
	}{
		{100, 10, nil},
		{5, 2, [][2]int{{0, 2}, {2, 4}, {4, 5}}},
		{3, 3, [][2]int{{0, 3}}},
		{3, 10, [][2]int{{0, 3}}},
		{3, 1, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
		{3, 0, nil},
		{0, 3, nil},
	} {
		got := shardRanges(c.t, c.g)
		if c.t == 100 {
			// Ten shards of ten that cover 0 to 99 once.
			if len(got) != 10 || got[0] != [2]int{0, 10} || got[9] != [2]int{90, 100} {
				t.Errorf("shardRanges(100, 10) = %v", got)
			}
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("shardRanges(%d, %d) = %v, want %v", c.t, c.g, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("shardRanges(%d, %d) = %v, want %v", c.t, c.g, got, c.want)
			}
		}
	}
	if tenantKey(7) != "t0007" || tenantKey(12345) != "t12345" {
		t.Errorf("tenantKey = %s, %s", tenantKey(7), tenantKey(12345))
	}
}

func TestTenantConfig(t *testing.T) {
	const cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	hcl := tenantConfig(typesProvider, "ts", 10, 20, cert, false)
	for _, want := range []string{
		orgConfigHeader,
		`tenants = { for i in range(10, 20) : format("t%04d", i) => i }`,
		"for pair in setproduct(keys(local.tenants), range(3)) :",
		`certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"`,
		`resource "stytch_b2b_organization" "tenant" {`,
		`organization_slug        = "ts-tenant-${each.value}"`,
		"deletion_protection      = false",
		`resource "stytch_b2b_saml_connection" "tenant" {`,
		"organization_id   = stytch_b2b_organization.tenant[each.key].organization_id",
		"x509_certificate  = local.certificate",
		`resource "stytch_b2b_organization_sso_settings" "tenant" {`,
		"default_connection_id                = stytch_b2b_saml_connection.tenant[each.key].connection_id",
		`resource "stytch_b2b_member" "tenant" {`,
		"organization_id = stytch_b2b_organization.tenant[each.value.tenant].organization_id",
		`email_address   = "member-${each.value.index}@${each.value.tenant}.ts.example.com"`,
	} {
		if !strings.Contains(hcl, want) {
			t.Errorf("tenant config lacks %q:\n%s", want, hcl)
		}
	}
	if got := strings.Count(hcl, "resource "); got != 4 {
		t.Errorf("%d resource blocks, want 4", got)
	}
	// The update phase renames the organization, the connection and the
	// members, and changes nothing else.
	renamed := tenantConfig(typesProvider, "ts", 10, 20, cert, true)
	if got := strings.Count(renamed, renamedSuffix); got != 3 {
		t.Errorf("the renamed config has %d renamed names, want 3", got)
	}
	if strings.ReplaceAll(renamed, renamedSuffix, "") != hcl {
		t.Error("the renamed config differs in more than the names")
	}
	// The no-op twins: the same configuration with the types renamed.
	noop := tenantConfig(typesNoop, "ts", 10, 20, cert, false)
	if strings.Contains(noop, "stytch_b2b_") || strings.ReplaceAll(noop, "stytch_noop_b2b_", "stytch_b2b_") != hcl {
		t.Errorf("the no-op config is not the provider's with the types renamed:\n%s", noop)
	}
	// Reference (a): the same tenants, resources and renames.
	data := tenantDataConfig(10, 20, cert, false)
	for _, want := range []string{
		`tenants = { for i in range(10, 20) : format("t%04d", i) => i }`,
		`resource "terraform_data" "organization" {`,
		"organization_id   = terraform_data.organization[each.key].id",
		"default_connection_id                = terraform_data.saml_connection[each.key].id",
		"organization_id = terraform_data.organization[each.value.tenant].id",
		"x509_certificate  = local.certificate",
	} {
		if !strings.Contains(data, want) {
			t.Errorf("terraform_data config lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(data, "stytch_b2b") || strings.Contains(data, `provider "stytch"`) {
		t.Error("the terraform_data config uses the provider")
	}
	if got := strings.Count(tenantDataConfig(10, 20, cert, true), renamedSuffix); got != 3 {
		t.Errorf("the renamed terraform_data config has %d renamed names, want 3", got)
	}
	// The direct client's names are the configuration's.
	for _, want := range []string{`"Tenant ${each.value}"`, `"Okta ${each.key}"`, `"Member ${each.value.index} of ${each.value.tenant}"`} {
		if !strings.Contains(hcl, want) {
			t.Errorf("tenant config lacks %s", want)
		}
	}
	if tenantOrgName(3, true) != "Tenant 3"+renamedSuffix || tenantConnectionName(3, false) != "Okta t0003" ||
		tenantMemberName(3, 2, false) != "Member 2 of t0003" {
		t.Errorf("names: %q, %q, %q", tenantOrgName(3, true), tenantConnectionName(3, false), tenantMemberName(3, 2, false))
	}
}

func TestIdPCertificate(t *testing.T) {
	cert, err := idpCertificate()
	if err != nil {
		t.Fatal(err)
	}
	block, rest := pem.Decode([]byte(cert))
	if block == nil || block.Type != "CERTIFICATE" || len(rest) != 0 {
		t.Fatalf("not one PEM certificate:\n%s", cert)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if time.Now().Before(c.NotBefore) || time.Now().After(c.NotAfter) {
		t.Errorf("certificate valid from %s to %s", c.NotBefore, c.NotAfter)
	}
}

func TestSumShards(t *testing.T) {
	shards := []measurement{
		{Shard: "t0000-t0001", Command: "terraform apply", Wall: time.Second, Requests: map[string]int{"POST /a": 2}, Statuses: map[int]int{200: 2},
			ProviderPeakRSS: 30, ProviderCPU: time.Second, ProviderProcesses: 4, CPU: 2 * time.Second, StateBytes: 100, OrganizationsAfter: 2},
		{Shard: "t0002-t0003", Command: "terraform apply", Wall: 3 * time.Second, Requests: map[string]int{"POST /a": 2, "PUT /b": 1},
			Statuses: map[int]int{200: 2, 500: 1}, ProviderPeakRSS: 40, ProviderCPU: 2 * time.Second, ProviderProcesses: 4, CPU: 3 * time.Second,
			StateBytes: 120, OrganizationsAfter: 4, ExitCode: 1, Errors: 1, FirstError: "Error: boom"},
	}
	m := sumShards(subjectProvider, scenarioTenants, phaseCreate, shards)
	if m.Subject != subjectProvider || m.Scenario != scenarioTenants || m.Layout != layoutSharded || m.Phase != phaseCreate ||
		m.Wall != 4*time.Second || m.Requests["POST /a"] != 4 || m.Requests["PUT /b"] != 1 || m.Statuses[200] != 4 ||
		m.ProviderPeakRSS != 40 || m.ProviderCPU != 3*time.Second || m.ProviderProcesses != 8 || m.CPU != 5*time.Second ||
		m.StateBytes != 220 || m.OrganizationsAfter != 4 || m.ExitCode != 1 || m.Errors != 1 ||
		m.FirstError != "t0002-t0003: Error: boom" || len(m.Shards) != 2 {
		t.Errorf("sum = %+v", m)
	}
	if !m.failed() {
		t.Error("a sum with a failed shard does not count as failed")
	}
	if got := m.shardWalls(); len(got) != 2 || got[0] != time.Second || got[1] != 3*time.Second {
		t.Errorf("shard walls = %v", got)
	}
	if m.label() != "tenants sharded provider" || shards[0].label() != "t0000-t0001" {
		t.Errorf("labels %q, %q", m.label(), shards[0].label())
	}
}

func TestSpread(t *testing.T) {
	if got := spread([]time.Duration{3 * time.Second, time.Second, 2 * time.Second}); got != "1.00 s / 2.00 s / 3.00 s" {
		t.Errorf("spread = %s", got)
	}
	if got := spread([]time.Duration{4 * time.Second, time.Second}); got != "1.00 s / 2.50 s / 4.00 s" {
		t.Errorf("spread of two = %s", got)
	}
	if spread(nil) != "—" {
		t.Error("spread of none")
	}
}

// TestTenantDirectAgainstEmulator runs reference (b) of the tenant phase
// against the emulator: the calls per tenant that the provider makes.
func TestTenantDirectAgainstEmulator(t *testing.T) {
	emu, err := startEmulator(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	cert, err := idpCertificate()
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{opts: options{tenants: 3, parallelism: 2}, emu: emu, certificate: cert}
	d, err := b.newTenantDirectRunner()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		phaseCreate: "3 POST /v1/b2b/organizations; 9 POST /v1/b2b/organizations/{organization_id}/members; " +
			"3 POST /v1/b2b/sso/saml/{organization_id}; 3 PUT /v1/b2b/organizations/{organization_id}; " +
			"3 PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
		phaseRefresh: "6 GET /v1/b2b/organizations/{organization_id}; 9 GET /v1/b2b/organizations/{organization_id}/member; " +
			"3 GET /v1/b2b/sso/{organization_id}",
		phaseUpdate: "3 PUT /v1/b2b/organizations/{organization_id}; 9 PUT /v1/b2b/organizations/{organization_id}/members/{member_id}; " +
			"3 PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
		phaseDestroy: "3 DELETE /v1/b2b/organizations/{organization_id}; 9 DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}; " +
			"3 DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}; 3 PUT /v1/b2b/organizations/{organization_id}",
	}
	for _, phase := range phases {
		m := d.run(context.Background(), phase)
		if m.failed() || m.Scenario != scenarioTenants || m.Subject != subjectDirect {
			t.Fatalf("%s: failed=%v %s (%+v)", phase, m.failed(), m.FirstError, m)
		}
		if got := routesLabel(m.Requests); got != want[phase] {
			t.Errorf("%s requests:\n got %s\nwant %s", phase, got, want[phase])
		}
		wantOrgs := 3
		if phase == phaseDestroy {
			wantOrgs = 0
		}
		if m.OrganizationsAfter != wantOrgs {
			t.Errorf("%s: %d organizations after, want %d", phase, m.OrganizationsAfter, wantOrgs)
		}
	}
	conns, err := d.client.ListSSOConnections(context.Background(), d.tenants[0].organizationID)
	if err == nil && len(conns.SAMLConnections) > 0 {
		t.Errorf("a connection is left: %+v", conns)
	}
}

func TestReportTenants(t *testing.T) {
	r := &report{N: 0, Tenants: 4, ShardSize: 2, Latency: 20 * time.Millisecond, Parallelism: 10, Refresh: true, Machine: machine{CPUs: 2}}
	for _, phase := range phases {
		for _, subject := range []string{subjectData, subjectNoop, subjectProvider} {
			single := measurement{Subject: subject, Scenario: scenarioTenants, Layout: layoutSingle, Phase: phase, Wall: 4 * time.Second,
				ProviderCPU: 2 * time.Second, CPU: 5 * time.Second, StateBytes: 40 << 10}
			if subject == subjectProvider {
				single.Requests = map[string]int{expectedMethod[phase] + " /v1/b2b/organizations": 24}
			}
			if subject == subjectNoop {
				single.Wall, single.ProviderCPU = 2*time.Second, time.Second
			}
			shard := single
			shard.Layout, shard.Wall, shard.StateBytes = "", 3*time.Second, 20<<10
			shard.Shard = "t0000-t0001"
			other := shard
			other.Shard, other.Wall = "t0002-t0003", time.Second
			r.add(single, sumShards(subject, scenarioTenants, phase, []measurement{shard, other}))
		}
		r.add(measurement{Subject: subjectDirect, Scenario: scenarioTenants, Phase: phase, Wall: 500 * time.Millisecond})
	}
	md := r.markdown()
	if !strings.Contains(r.title(), "T = 4 tenants (one state, and shards of G = 2)") {
		t.Errorf("title = %s", r.title())
	}
	if strings.Contains(md, "## Provider against the references") {
		t.Error("a run with -n 0 has the organizations' table")
	}
	for _, want := range []string{
		"## Tenants: T = 4 tenants, 24 resources",
		// provider one state: 4 s, 24 requests = 6 per tenant, ÷ (a) 1.00, (c) 2 s so ÷ (c) 2.00, (b) 500 ms so ÷ (b) 8.00,
		// provider CPU 2 s ÷ (c) CPU 1 s.
		"| create  | one state   | 4.00 s | 24 POST      | 6.00       | 4.00 s      | 1.00  | 2.00 s   | 2.00  | 500 ms     | 8.00  | 2.00 s       | 1.00 s  | 2.00      |",
		// sharded: 3 s + 1 s.
		"| create  | shards of 2 | 4.00 s | 48 POST ",
		"### State layout: one state against 2 shards of 2 tenants",
		"| provider       | update  | 4.00 s    | 4.00 s | 1.00               | 1.00 s / 2.00 s / 3.00 s       | 5.00 s        | 10.00 s    | 40 KiB / 20 KiB",
		"### Every shard's wall time",
		"| noop           | destroy | 3.00 s, 1.00 s",
		"| tenants, shards of 2 | provider ",
		"| tenants, one state   | noop ",
		"| tenants              | direct ",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	for _, verdict := range []string{"Target", "target", "met**", "missed"} {
		if strings.Contains(md, verdict) {
			t.Errorf("the report holds a verdict (%q)", verdict)
		}
	}
	r.outDir = t.TempDir()
	r.Started = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	path, err := r.write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Base(path); got != "bench-20261201-100000-n0-l20ms-p10-t4-g2.md" {
		t.Errorf("report file %s", got)
	}
	data, err := os.ReadFile(strings.TrimSuffix(path, ".md") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"tenants": 4`, `"shard_size": 2`, `"scenario": "tenants"`, `"layout": "sharded"`, `"shard": "t0002-t0003"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the JSON lacks %s", want)
		}
	}
}
