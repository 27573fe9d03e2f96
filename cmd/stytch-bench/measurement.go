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
)

// measurement is one phase of one subject.
type measurement struct {
	Subject string `json:"subject"`
	Phase   string `json:"phase"`
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
