package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// tenantsMarkdown renders the tenant phase: the provider against the
// references in both layouts, the layouts against each other, and every
// shard's wall time.
func (r *report) tenantsMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Tenants: T = %d tenants, %d resources\n\n", r.Tenants, r.Tenants*tenantResources)
	b.WriteString(r.tenantTable().markdown())
	fmt.Fprintf(&b, "\nA tenant is an organization, its SAML connection (by fields), its SSO settings and %d members. "+
		"(a) = the same phase for %d terraform_data resources per tenant with the same dependencies; (c) = the same "+
		"configuration with the no-op twins of the resource types (stytch_noop_..., same schemas, no API call); (b) = the "+
		"calls of the phase from P workers, one tenant at a time each, through internal/stytch (one run, no state). "+
		"Shards run one after the other; their row adds them up.\n\n", tenantMembers, tenantResources)
	if t := r.layoutTable(); len(t.rows) > 0 {
		shards := len(shardRanges(r.Tenants, r.ShardSize))
		fmt.Fprintf(&b, "### State layout: one state against %d shards of %d tenants\n\n", shards, r.ShardSize)
		b.WriteString(t.markdown())
		b.WriteString("\nShards = the shards' commands one after the other, added up; per shard = the fastest, median and " +
			"slowest shard. CPU = terraform and every process it waited for (the provider's included).\n\n")
		b.WriteString("### Every shard's wall time\n\n")
		b.WriteString(r.shardTable().markdown())
		b.WriteString("\n")
	}
	return b.String()
}

// tenantTable is the provider's phases of the tenant phase, one row per
// phase and layout, next to references (a), (c) and (b).
func (r *report) tenantTable() *table {
	t := &table{header: []string{"phase", "layout", "wall", "API requests", "req/tenant", "(a) tf_data", "÷ (a)", "(c) noop", "÷ (c)",
		"(b) direct", "÷ (b)", "provider CPU", "(c) CPU", "CPU ÷ (c)", "provider peak RSS", "state file"}}
	for _, phase := range phases {
		d := r.findIn(scenarioTenants, "", subjectDirect, phase)
		for _, layout := range []string{layoutSingle, layoutSharded} {
			p := r.findIn(scenarioTenants, layout, subjectProvider, phase)
			if p == nil {
				continue
			}
			row := []string{phase + failMark(p), strings.TrimPrefix(r.layoutLabel(layout), ", "), fmtDuration(p.Wall), p.methodsLabel(),
				fmtFloat(float64(p.total())/float64(r.Tenants), 2)}
			if a := r.findIn(scenarioTenants, layout, subjectData, phase); a != nil {
				row = append(row, fmtDuration(a.Wall), fmtRatio(p.Wall, a.Wall))
			} else {
				row = append(row, "—", "—")
			}
			c := r.findIn(scenarioTenants, layout, subjectNoop, phase)
			row = append(row, noopWall(c), noopRatio(p.Wall, c, false))
			if d != nil {
				row = append(row, fmtDuration(d.Wall), fmtRatio(p.Wall, d.Wall))
			} else {
				row = append(row, "—", "—")
			}
			row = append(row, fmtDuration(p.ProviderCPU), noopCPU(c), noopRatio(p.ProviderCPU, c, true),
				fmtMiB(p.ProviderPeakRSS), fmtKiB(p.StateBytes))
			t.rows = append(t.rows, row)
		}
	}
	return t
}

// layoutTable compares the layouts for each Terraform subject and phase.
func (r *report) layoutTable() *table {
	t := &table{header: []string{"subject", "phase", "one state", "shards", "shards ÷ one state", "per shard (min / median / max)",
		"CPU one state", "CPU shards", "state file: one / largest shard"}}
	for _, subject := range []string{subjectData, subjectNoop, subjectProvider} {
		for _, phase := range phases {
			one := r.findIn(scenarioTenants, layoutSingle, subject, phase)
			sh := r.findIn(scenarioTenants, layoutSharded, subject, phase)
			if one == nil || sh == nil {
				continue
			}
			largest := int64(0)
			for i := range sh.Shards {
				largest = max(largest, sh.Shards[i].StateBytes)
			}
			t.rows = append(t.rows, []string{subject, phase + failMark(sh), fmtDuration(one.Wall), fmtDuration(sh.Wall),
				fmtRatio(sh.Wall, one.Wall), spread(sh.shardWalls()), fmtDuration(one.CPU), fmtDuration(sh.CPU),
				fmtKiB(one.StateBytes) + " / " + fmtKiB(largest)})
		}
	}
	return t
}

// shardTable lists the wall time of every shard, in the order they ran.
func (r *report) shardTable() *table {
	t := &table{header: []string{"subject", "phase", "shards' wall times, in order"}}
	for _, m := range r.Measurements {
		if m.Scenario != scenarioTenants || m.Layout != layoutSharded {
			continue
		}
		walls := make([]string, len(m.Shards))
		for i := range m.Shards {
			walls[i] = fmtDuration(m.Shards[i].Wall) + failMark(&m.Shards[i])
		}
		t.rows = append(t.rows, []string{m.Subject, m.Phase, strings.Join(walls, ", ")})
	}
	return t
}

// spread renders the smallest, the median and the largest of ds.
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "—"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmtDuration(s[0]) + " / " + fmtDuration(median(s)) + " / " + fmtDuration(s[len(s)-1])
}

// median is the median of sorted, which is not empty.
func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
