package testfixtures

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	cases := []struct {
		name      string
		want, got string
		mode      Mode
		ignore    []string
		diffs     []string
	}{
		{"equal", `{"a":1,"b":[{"c":"x"}]}`, `{"b":[{"c":"x"}],"a":1}`, Exact, nil, nil},
		{"missing key", `{"a":1,"b":2}`, `{"a":1}`, Exact, nil, []string{"b: missing"}},
		{"unexpected key", `{"a":1}`, `{"a":1,"z":2}`, Shape, nil, []string{"z: unexpected key"}},
		{"nested missing key", `{"o":{"l":[{"k":1,"m":2}]}}`, `{"o":{"l":[{"k":1}]}}`, Shape, nil, []string{"o.l[0].m: missing"}},
		{"other value", `{"a":"x"}`, `{"a":"y"}`, Exact, nil, []string{`a: want "x", got "y"`}},
		{"other value in shape mode", `{"a":"x"}`, `{"a":"y"}`, Shape, nil, nil},
		{"other kind", `{"a":"1"}`, `{"a":1}`, Shape, nil, []string{`a: want string "1", got number 1`}},
		{"null matches in shape mode", `{"a":{"b":1}}`, `{"a":null}`, Shape, nil, nil},
		{"null differs when exact", `{"a":{"b":1}}`, `{"a":null}`, Exact, nil, []string{`a: want object {"b":1}, got null null`}},
		{"ignored value", `{"id":"x","a":1}`, `{"id":"y","a":1}`, Exact, []string{"id"}, nil},
		{"ignored key must still exist", `{"id":"x"}`, `{}`, Exact, []string{"id"}, []string{"id: missing"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diffs, err := Diff([]byte(tc.want), []byte(tc.got), tc.mode, tc.ignore...)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(diffs, "\n") != strings.Join(tc.diffs, "\n") {
				t.Errorf("diffs = %q, want %q", diffs, tc.diffs)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	if data := Load(t, "error_response.json"); !strings.Contains(string(data), "organization_slug_already_used") {
		t.Errorf("error_response.json = %s", data)
	}
}
