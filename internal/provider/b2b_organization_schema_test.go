package provider

import (
	"slices"
	"strings"
	"testing"
)

// organizationAttributeNames are the resource's attributes that are part of
// the organization (deletion_protection is not), sorted: the ones the resource
// and the data sources share.
func organizationAttributeNames() []string {
	var names []string
	for name := range organizationResourceSchema().Attributes {
		if name != "deletion_protection" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// sharedDescription is the part of an attribute's description that the
// resource and the data sources have in common: the resource's without its
// resource notes.
func sharedDescription(name string) string {
	desc := organizationResourceSchema().Attributes[name].GetMarkdownDescription()
	return dataSourceDescriptions{resourceNotes: organizationResourceNotes}.trimResourceNotes(desc)
}

// TestOrganizationResourceNotes checks that every resource note ends the
// description of an argument, and of no read-only attribute, so that a reworded
// description cannot leave a resource note in the data sources.
func TestOrganizationResourceNotes(t *testing.T) {
	attrs := organizationResourceSchema().Attributes
	for _, note := range organizationResourceNotes {
		used := false
		for name, a := range attrs {
			if !strings.Contains(a.GetMarkdownDescription(), note) {
				continue
			}
			used = true
			if !a.IsOptional() && !a.IsRequired() {
				t.Errorf("the resource note %q is in the description of %s, which is read-only", note, name)
			}
		}
		if !used {
			t.Errorf("no attribute has the resource note %q", note)
		}
	}
	for name, a := range organizationDataSourceAttributes(nil) {
		for _, note := range organizationResourceNotes {
			if strings.Contains(a.GetMarkdownDescription(), note) {
				t.Errorf("the data source description of %s keeps the resource note %q", name, note)
			}
		}
	}
}
