package pluginserver

import (
	"context"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-stytch/internal/provider"
)

// streamingRPCs keep their context after returning and are not wrapped.
var streamingRPCs = map[string]bool{
	"StopProvider": true, "ListResource": true, "InvokeAction": true, "ReadStateBytes": true, "WriteStateBytes": true,
}

type ctxKey struct{}

// rpcPayload stands for what an RPC's context carries (loggers, buffers,
// gRPC stream state): the test watches whether it can be freed.
type rpcPayload struct{ _ [4096]byte }

// callRPC calls method on server with a fresh context holding a payload, and
// returns a channel that is closed once the garbage collector frees the
// payload. Nothing in the test keeps the context.
func callRPC(t *testing.T, server tfprotov6.ProviderServer, method reflect.Method) <-chan struct{} {
	t.Helper()
	freed := make(chan struct{})
	payload := &rpcPayload{}
	runtime.AddCleanup(payload, func(ch chan struct{}) { close(ch) }, freed)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, payload))
	defer cancel() // gRPC cancels the stream context when the RPC ends
	req := reflect.New(method.Type.In(1).Elem())
	if method.Name == "ConfigureProvider" {
		// Terraform always sends the provider's configuration.
		req = reflect.ValueOf(&tfprotov6.ConfigureProviderRequest{Config: nullProviderConfig(t, server)})
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s with an empty request panicked: %v", method.Name, r)
			}
		}()
		reflect.ValueOf(server).MethodByName(method.Name).Call([]reflect.Value{reflect.ValueOf(ctx), req})
	}()
	return freed
}

// nullProviderConfig is a provider configuration with every argument unset.
func nullProviderConfig(t *testing.T, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
	t.Helper()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ, ok := resp.Provider.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("the provider schema is a %T, not an object", resp.Provider.ValueType())
	}
	attrs := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
	}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return &config
}

// freedSoon reports whether freed closes within a few garbage collections.
func freedSoon(freed <-chan struct{}) bool {
	for range 20 {
		runtime.GC()
		select {
		case <-freed:
			return true
		case <-time.After(10 * time.Millisecond):
		}
	}
	return false
}

// unaryMethods lists the methods of the framework's server that the wrapper
// must cover: every method of every protocol 6 interface but the streaming ones.
func unaryMethods() []reflect.Method {
	var out []reflect.Method
	typ := reflect.TypeFor[frameworkServer]()
	for i := range typ.NumMethod() {
		if m := typ.Method(i); !streamingRPCs[m.Name] {
			out = append(out, m)
		}
	}
	return out
}

// TestReleasingServerFreesRPCContexts calls every unary RPC through the
// wrapper that main.go serves and checks that nothing keeps the RPC's context
// once it returned, so a provider process's memory does not grow with the
// number of resources it serves.
func TestReleasingServerFreesRPCContexts(t *testing.T) {
	server := releaseContexts(providerserver.NewProtocol6(provider.New("test")())())
	if _, ok := server.(releasingServer); !ok {
		t.Fatalf("releaseContexts did not wrap the framework's server (%T)", server)
	}
	methods := unaryMethods()
	// The RPCs a plan and an apply of every resource go through must be among
	// those checked, or the loop below would prove nothing about them.
	for _, name := range []string{"ReadResource", "PlanResourceChange", "ApplyResourceChange", "ImportResourceState", "ReadDataSource"} {
		if !slices.ContainsFunc(methods, func(m reflect.Method) bool { return m.Name == name }) {
			t.Errorf("%s is not among the methods checked", name)
		}
	}
	for _, m := range methods {
		if !freedSoon(callRPC(t, server, m)) {
			t.Errorf("%s: the RPC's context is still reachable after it returned; wrap the method in releasingServer", m.Name)
		}
	}
}

// TestFrameworkStillRetainsRPCContexts is the control: the framework's own
// server keeps the contexts (terraform-plugin-framework v1.19.0). When this
// fails after an upgrade, the framework no longer leaks and server.go can go.
func TestFrameworkStillRetainsRPCContexts(t *testing.T) {
	server := providerserver.NewProtocol6(provider.New("test")())()
	typ := reflect.TypeFor[frameworkServer]()
	// The RPCs Terraform sends for every resource.
	for _, name := range []string{"ValidateResourceConfig", "PlanResourceChange", "ApplyResourceChange", "ReadResource"} {
		m, _ := typ.MethodByName(name)
		if freedSoon(callRPC(t, server, m)) {
			t.Fatalf("the framework's server freed the context of %s; if it frees every RPC's now, remove releasingServer (server.go) and this test", name)
		}
	}
}

// TestReleasingServerKeepsCancellation checks that a provider still sees its
// RPC canceled (Terraform gone, or StopProvider) while the call runs, and
// that the context's values are there during the call.
func TestReleasingServerKeepsCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	_, _ = unary(ctx, 0, func(inner context.Context, _ int) (int, error) {
		if inner.Value(ctxKey{}) != "v" {
			t.Error("the RPC context's values are not visible during the call")
		}
		child, stop := context.WithCancel(inner) // what the framework does
		defer stop()
		cancel()
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("canceling the RPC context did not reach the provider")
		}
		if inner.Err() == nil {
			t.Error("Err() is nil after cancellation")
		}
		return 0, nil
	})
}
