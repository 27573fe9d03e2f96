//go:build !stytchbench

package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestDefaultBuildHasNoNoopResources checks that the no-op twins of the
// benchmark (noop_resources_bench.go) exist only in a build with the tag
// stytchbench: the provider users get lists none.
func TestDefaultBuildHasNoNoopResources(t *testing.T) {
	if noopResources != nil {
		t.Fatal("noopResources is set in a build without the stytchbench tag")
	}
	p := &stytchProvider{}
	resources := p.Resources(t.Context())
	if len(resources) == 0 {
		t.Fatal("no resources")
	}
	for _, newResource := range resources {
		var resp resource.MetadataResponse
		newResource().Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "stytch"}, &resp)
		if strings.Contains(resp.TypeName, "noop") {
			t.Errorf("the provider's build lists %s", resp.TypeName)
		}
	}
}
