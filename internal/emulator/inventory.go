package emulator

import (
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Holdings is what the emulator holds for one organization, by id: what a
// test counts to prove that an apply under faults duplicated nothing. It is
// read from the store directly, so that neither the API's faults nor its
// request statistics are involved.
type Holdings struct {
	Organization stytch.Organization
	// SAMLConnections, OIDCConnections and ExternalConnections are connection
	// ids, in creation order.
	SAMLConnections, OIDCConnections, ExternalConnections []string
	// Members maps the email address of every member that is not deleted to
	// its member id.
	Members map[string]string
	// MemberCount is the number of members that are not deleted (two with one
	// address would show here, not in Members).
	MemberCount int
	// SCIMConnection is the SCIM connection's id, "" for none.
	SCIMConnection string
}

// Holdings returns what every organization holds, in creation order.
func (s *Server) Holdings() []Holdings {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Holdings, 0, len(st.recs))
	for _, rec := range st.recs {
		h := Holdings{Organization: cloneOrganization(rec.org), Members: map[string]string{}}
		for _, c := range rec.conns {
			switch c.kind {
			case connSAML:
				h.SAMLConnections = append(h.SAMLConnections, c.id())
			case connOIDC:
				h.OIDCConnections = append(h.OIDCConnections, c.id())
			default:
				h.ExternalConnections = append(h.ExternalConnections, c.id())
			}
		}
		if rec.members != nil {
			for _, m := range rec.members.list {
				if !m.deleted() {
					h.MemberCount++
					h.Members[m.m.EmailAddress] = m.m.MemberID
				}
			}
		}
		if rec.scim != nil {
			h.SCIMConnection = rec.scim.id
		}
		out = append(out, h)
	}
	return out
}
