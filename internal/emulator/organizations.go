package emulator

import (
	"net/http"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// handleCreate serves POST /v1/b2b/organizations (DESIGN.md, "Create an organization").
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request, _ routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	org := newOrganization("organization-test-"+newUUID(), now)
	// DESIGN.md, "Create defaults": with no authentication setting in the request email_invites
	// defaults to ALL_ALLOWED, otherwise to NOT_ALLOWED.
	if sentNonNull(body, authSettingFields) {
		org.EmailInvites = "NOT_ALLOWED"
	}
	if err := applyFields(&org, body, modeCreate); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := validateOrganization(&org); err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.store.create(org)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrganization(w, r, created)
}

// newOrganization returns an organization with Stytch's Create defaults (DESIGN.md, "Create defaults")
// for a request without authentication settings.
//
// INFERRED: sso_jit_provisioning defaults to ALL_ALLOWED as the current SDK
// docs say (DESIGN.md, "Create defaults", lists contradicting examples).
func newOrganization(id string, now time.Time) stytch.Organization {
	ts := now.Format(time.RFC3339)
	return cloneOrganization(stytch.Organization{
		OrganizationID:                     id,
		SSOJITProvisioning:                 "ALL_ALLOWED",
		EmailJITProvisioning:               "NOT_ALLOWED",
		EmailInvites:                       "ALL_ALLOWED",
		AuthMethods:                        "ALL_ALLOWED",
		MFAPolicy:                          "OPTIONAL",
		MFAMethods:                         "ALL_ALLOWED",
		OAuthTenantJITProvisioning:         "NOT_ALLOWED",
		FirstPartyConnectedAppsAllowedType: "ALL_ALLOWED",
		ThirdPartyConnectedAppsAllowedType: "ALL_ALLOWED",
		CreatedAt:                          ts,
		UpdatedAt:                          ts,
	})
}

// handleGet serves GET /v1/b2b/organizations/{organization_id} (DESIGN.md, "Get an organization").
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request, p routeParams) {
	org, err := s.store.get(p.org)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrganization(w, r, org)
}

// handleUpdate serves PUT /v1/b2b/organizations/{organization_id} with the
// partial-update semantics (DESIGN.md, "Update semantics"): omitted fields are unchanged, lists are
// replaced, trusted_metadata is merged, and the merged state is validated as
// a whole. A failed update changes nothing.
//
// INFERRED: updated_at is bumped on every successful update, even one that
// changes no field.
func (s *Server) handleUpdate(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	org, err := s.store.update(p.org, func(o *stytch.Organization) *apiError {
		if err := applyFields(o, body, modeUpdate); err != nil {
			return err
		}
		if err := validateOrganization(o); err != nil {
			return err
		}
		o.UpdatedAt = now.Format(time.RFC3339)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrganization(w, r, org)
}

// handleDelete serves DELETE /v1/b2b/organizations/{organization_id}
// (DESIGN.md, "Delete an organization"). The body may be absent or {} (the Node SDK sends {}).
//
// INFERRED: a body that is not a JSON object is a bad_request, as on the
// other endpoints.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	id, err := s.store.remove(p.org)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, stytch.DeleteResponse{
		RequestID:      requestID(r),
		StatusCode:     http.StatusOK,
		OrganizationID: id,
	})
}

// handleDeleteExternalID serves
// DELETE /v1/b2b/organizations/{organization_id}/external_id (DESIGN.md, "Delete the external id"): it
// clears organization_external_id and answers the organization.
//
// INFERRED: the semantics (inferred from the name: DESIGN.md, "Delete the external id"); an
// organization without external id is answered unchanged, and updated_at is
// bumped only when the id was set.
func (s *Server) handleDeleteExternalID(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	org, err := s.store.update(p.org, func(o *stytch.Organization) *apiError {
		if o.OrganizationExternalID != "" {
			o.OrganizationExternalID = ""
			o.UpdatedAt = now.Format(time.RFC3339)
		}
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeOrganization(w, r, org)
}

// writeOrganization answers the {request_id, organization, status_code}
// envelope.
func (s *Server) writeOrganization(w http.ResponseWriter, r *http.Request, org stytch.Organization) {
	s.writeJSON(w, r, stytch.OrganizationResponse{
		RequestID:    requestID(r),
		StatusCode:   http.StatusOK,
		Organization: cloneOrganization(org),
	})
}
