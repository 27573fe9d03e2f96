package main

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Phases, in the order they run.
const (
	phaseCreate  = "create"
	phaseRefresh = "refresh"
	phaseUpdate  = "update"
	phaseDestroy = "destroy"
)

var phases = []string{phaseCreate, phaseRefresh, phaseUpdate, phaseDestroy}

// expectedMethod is the one HTTP method each phase needs per organization.
var expectedMethod = map[string]string{
	phaseCreate:  "POST",
	phaseRefresh: "GET",
	phaseUpdate:  "PUT",
	phaseDestroy: "DELETE",
}

// Subjects: what is measured.
const (
	subjectProvider = "provider"
	subjectData     = "terraform_data"
	subjectDirect   = "direct"
	// subjectMembers is one organization and M stytch_b2b_member resources
	// in it, through the provider (-members M).
	subjectMembers = "members"
	// subjectNoop is reference (c): the same configuration with the no-op
	// twins of the provider's resource types (stytch_noop_...), which a
	// benchmark build of the provider adds: the plugin framework's cost.
	subjectNoop = "noop"
)

// The tenant phase's scenario and state layouts (-tenants T).
const (
	scenarioTenants = "tenants"
	// layoutSingle is one state holding every tenant.
	layoutSingle = "single"
	// layoutSharded is one state per shard of G tenants (-shard-size G),
	// the shards applied one after the other.
	layoutSharded = "sharded"
)

// measurement is one phase of one subject.
type measurement struct {
	Subject string `json:"subject"`
	// Scenario is "" for the organizations (-n) and the members (-members),
	// scenarioTenants for the tenant phase (-tenants).
	Scenario string `json:"scenario,omitempty"`
	// Layout is the tenant phase's state layout: layoutSingle or
	// layoutSharded; "" for the direct client and outside the tenant phase.
	Layout string `json:"layout,omitempty"`
	// Shard names the tenants of one shard, such as "t0000-t0009".
	Shard string `json:"shard,omitempty"`
	Phase string `json:"phase"`
	// Command is the Terraform command line, empty for the direct client.
	Command string        `json:"command,omitempty"`
	Wall    time.Duration `json:"wall_ns"`
	// Requests counts API requests by "METHOD ROUTE" (the emulator's stats).
	Requests map[string]int `json:"requests"`
	// Statuses counts answers by HTTP status.
	Statuses map[int]int `json:"statuses"`
	// RateLimited is the number of 429s the emulator's rate limit answered.
	RateLimited int `json:"rate_limited"`
	// APIWindow is the time from the first API request to the last answer.
	APIWindow time.Duration `json:"api_window_ns"`
	// OrganizationsAfter is how many organizations the emulator held after the phase.
	OrganizationsAfter int `json:"organizations_after"`

	// ExitCode of the Terraform command (plan: 0 no changes, 2 changes).
	ExitCode int `json:"exit_code"`
	// Errors is the number of "Error:" diagnostics Terraform printed, or the
	// number of failed calls of the direct client.
	Errors int `json:"errors"`
	// FirstError is the first failure, for the report.
	FirstError string `json:"first_error,omitempty"`

	// Provider processes: how many were seen, their largest peak resident set
	// size (VmHWM) and their CPU time (user+system) added up.
	ProviderProcesses int           `json:"provider_processes"`
	ProviderPeakRSS   uint64        `json:"provider_peak_rss_bytes"`
	ProviderCPU       time.Duration `json:"provider_cpu_ns"`
	// TerraformPeakRSS is the peak resident set size of the terraform process.
	TerraformPeakRSS uint64 `json:"terraform_peak_rss_bytes"`
	// CPU is the user+system time of terraform and every child it waited for
	// (the provider processes included).
	CPU time.Duration `json:"cpu_ns"`
	// StateBytes is the size of terraform.tfstate after the phase. Terraform
	// rewrites the whole file after every resource it changes, so its cost per
	// resource grows with this size.
	StateBytes int64 `json:"state_bytes"`
	// BackgroundCPU is the CPU time that processes outside the benchmark used
	// during the phase: noise on a shared machine.
	BackgroundCPU time.Duration `json:"background_cpu_ns"`

	// Shards are the measurements of the shards of a sharded layout, in the
	// order they ran; the measurement itself adds them up (sumShards).
	Shards []measurement `json:"shards,omitempty"`
}

// sumShards adds up the measurements of the shards of one phase, run one
// after the other: times, requests, statuses, CPU, provider processes and
// state sizes are summed, peak RSS is the largest, the exit code and first
// error are the first failed shard's, and the organizations after the phase
// are as the last shard left them (each shard counts every organization of
// the subject).
func sumShards(subject, scenario, phase string, shards []measurement) measurement {
	m := measurement{Subject: subject, Scenario: scenario, Layout: layoutSharded, Phase: phase,
		Requests: map[string]int{}, Statuses: map[int]int{}, Shards: shards}
	for i := range shards {
		s := &shards[i]
		if m.Command == "" {
			m.Command = s.Command
		}
		m.Wall += s.Wall
		m.APIWindow += s.APIWindow
		for k, c := range s.Requests {
			m.Requests[k] += c
		}
		for k, c := range s.Statuses {
			m.Statuses[k] += c
		}
		m.RateLimited += s.RateLimited
		m.OrganizationsAfter = s.OrganizationsAfter
		if m.ExitCode == 0 && s.ExitCode != 0 {
			m.ExitCode = s.ExitCode
		}
		m.Errors += s.Errors
		if m.FirstError == "" && s.FirstError != "" {
			m.FirstError = s.Shard + ": " + s.FirstError
		}
		m.ProviderProcesses += s.ProviderProcesses
		m.ProviderPeakRSS = max(m.ProviderPeakRSS, s.ProviderPeakRSS)
		m.ProviderCPU += s.ProviderCPU
		m.TerraformPeakRSS = max(m.TerraformPeakRSS, s.TerraformPeakRSS)
		m.CPU += s.CPU
		m.StateBytes += s.StateBytes
		m.BackgroundCPU += s.BackgroundCPU
	}
	return m
}

// shardWalls are the wall times of the shards.
func (m *measurement) shardWalls() []time.Duration {
	out := make([]time.Duration, len(m.Shards))
	for i := range m.Shards {
		out[i] = m.Shards[i].Wall
	}
	return out
}

// label names the measurement in progress lines: the subject, and in the
// tenant phase the scenario, the layout and the shard.
func (m *measurement) label() string {
	parts := []string{m.Scenario, m.Layout, m.Shard, m.Subject}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), " ")
}

// backgroundCores is the background CPU time as a number of busy cores.
func (m *measurement) backgroundCores() float64 {
	if m.Wall <= 0 {
		return 0
	}
	return m.BackgroundCPU.Seconds() / m.Wall.Seconds()
}

// failed reports whether the phase did not do its job.
func (m *measurement) failed() bool {
	if m.Errors > 0 {
		return true
	}
	if m.Phase == phaseRefresh && m.Subject != subjectDirect {
		return m.ExitCode != 0 // 2 means the plan was not empty
	}
	return m.ExitCode != 0
}

// total is the number of API requests.
func (m *measurement) total() int {
	n := 0
	for _, c := range m.Requests {
		n += c
	}
	return n
}

// byMethod adds the requests up by HTTP method.
func (m *measurement) byMethod() map[string]int {
	out := map[string]int{}
	for key, c := range m.Requests {
		method, _, _ := strings.Cut(key, " ")
		out[method] += c
	}
	return out
}

// methodsLabel renders the requests by method, e.g. "500 GET + 500 PUT",
// methods in a fixed order.
func (m *measurement) methodsLabel() string {
	by := m.byMethod()
	if len(by) == 0 {
		return "0"
	}
	order := []string{"POST", "GET", "PUT", "DELETE"}
	for _, k := range slices.Sorted(maps.Keys(by)) {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	var parts []string
	for _, method := range order {
		if c := by[method]; c > 0 {
			parts = append(parts, itoa(c)+" "+method)
		}
	}
	return strings.Join(parts, " + ")
}

// isMemberRoute reports whether a Requests key ("METHOD ROUTE") is one of
// the member routes below an organization: .../{organization_id}/members,
// .../members/{member_id} and .../{organization_id}/member.
func isMemberRoute(key string) bool {
	_, route, _ := strings.Cut(key, " ")
	return strings.Contains(route, "/members") || strings.HasSuffix(route, "/member") || strings.Contains(route, "/member/")
}

// splitMemberRoutes divides the requests into those of member routes and
// the others (the organization's routes).
func (m *measurement) splitMemberRoutes() (members, others map[string]int) {
	members, others = map[string]int{}, map[string]int{}
	for key, c := range m.Requests {
		if isMemberRoute(key) {
			members[key] = c
		} else {
			others[key] = c
		}
	}
	return members, others
}

// successes is the number of 2xx answers.
func (m *measurement) successes() int {
	n := 0
	for status, c := range m.Statuses {
		if status >= 200 && status < 300 {
			n += c
		}
	}
	return n
}
