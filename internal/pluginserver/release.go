package pluginserver

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// This file works around a memory leak in terraform-plugin-framework v1.19.0
// (internal/proto6server/serve.go, registerContext): every RPC derives its
// context with context.WithCancel and appends the cancel function to a slice
// on the long-lived server. Only StopProvider (Ctrl-C) empties that slice, so
// each RPC's whole context chain stays reachable for the life of the process:
// terraform-plugin-go's logging contexts and go-hclog loggers with their
// buffers, and gRPC's stream state. Terraform starts one provider process per
// command and sends it every resource, so the heap grows with the number of
// resources (BENCHMARKS.md, "Memory").
//
// releasingServer hands the framework a small context per unary RPC that
// forwards to the RPC's real context while the call runs and lets go of it
// when the call returns. The framework's slice then pins about a hundred
// bytes per RPC instead of the chain. Remove this file when the framework
// forgets contexts on its own; TestFrameworkStillRetainsRPCContexts says when.

// releasedContext is what a releasableContext reports after its RPC returned:
// canceled and without values, as the real RPC context is by then.
var releasedContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// releasableContext forwards to the RPC's context until release.
type releasableContext struct {
	rpc atomic.Pointer[context.Context]
}

func (c *releasableContext) current() context.Context {
	if ctx := c.rpc.Load(); ctx != nil {
		return *ctx
	}
	return releasedContext
}

func (c *releasableContext) Deadline() (time.Time, bool) { return c.current().Deadline() }
func (c *releasableContext) Done() <-chan struct{}       { return c.current().Done() }
func (c *releasableContext) Err() error                  { return c.current().Err() }
func (c *releasableContext) Value(key any) any           { return c.current().Value(key) }

// unary runs one unary RPC with a context that is released when it returns.
// Cancellation still reaches the provider: Done is the RPC context's channel,
// which gRPC closes when Terraform goes away and tf6server closes on
// StopProvider.
func unary[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := &releasableContext{}
	rc.rpc.Store(&ctx)
	defer rc.rpc.Store(nil)
	return call(rc, req)
}

// frameworkServer is every protocol 6 interface the framework's server
// implements. Embedding it keeps tf6server's checks for optional interfaces
// (list resources, actions, state stores) answering as before.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer wraps every unary RPC of the framework's server with unary.
// StopProvider registers no context. The four streaming RPCs (ListResource,
// InvokeAction, ReadStateBytes, WriteStateBytes) keep using their context
// after the method returns, so they pass through unchanged; this provider
// has no list resources, actions or state stores.
type releasingServer struct {
	frameworkServer
}

// releaseContexts wraps server when it is the framework's server, and
// returns it unchanged otherwise.
func releaseContexts(server tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if fs, ok := server.(frameworkServer); ok {
		return releasingServer{fs}
	}
	return server
}

func (s releasingServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return unary(ctx, req, s.frameworkServer.GetMetadata)
}

func (s releasingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return unary(ctx, req, s.frameworkServer.GetProviderSchema)
}

func (s releasingServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return unary(ctx, req, s.frameworkServer.GetResourceIdentitySchemas)
}

func (s releasingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateProviderConfig)
}

func (s releasingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return unary(ctx, req, s.frameworkServer.ConfigureProvider)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return unary(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return unary(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return unary(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return unary(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.GenerateResourceConfig)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return unary(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s releasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateEphemeralResourceConfig)
}

func (s releasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return unary(ctx, req, s.frameworkServer.OpenEphemeralResource)
}

func (s releasingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return unary(ctx, req, s.frameworkServer.RenewEphemeralResource)
}

func (s releasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return unary(ctx, req, s.frameworkServer.CloseEphemeralResource)
}

func (s releasingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return unary(ctx, req, s.frameworkServer.CallFunction)
}

func (s releasingServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return unary(ctx, req, s.frameworkServer.GetFunctions)
}

func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateListResourceConfig)
}

func (s releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateActionConfig)
}

func (s releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return unary(ctx, req, s.frameworkServer.PlanAction)
}

func (s releasingServer) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return unary(ctx, req, s.frameworkServer.ValidateStateStoreConfig)
}

func (s releasingServer) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return unary(ctx, req, s.frameworkServer.ConfigureStateStore)
}

func (s releasingServer) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return unary(ctx, req, s.frameworkServer.GetStates)
}

func (s releasingServer) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.DeleteState)
}

func (s releasingServer) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.LockState)
}

func (s releasingServer) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return unary(ctx, req, s.frameworkServer.UnlockState)
}
