package main

import (
	"bytes"
	"strings"
	"testing"
)

const stream = `{"Action":"start","Package":"example.com/p"}
{"Action":"run","Package":"example.com/p","Test":"TestA"}
{"Action":"output","Package":"example.com/p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"example.com/p","Test":"TestA","Elapsed":0.1}
{"Action":"run","Package":"example.com/p","Test":"TestB"}
{"Action":"run","Package":"example.com/p","Test":"TestB/sub"}
{"Action":"output","Package":"example.com/p","Test":"TestB/sub","Output":"    b_test.go:9: boom\n"}
{"Action":"fail","Package":"example.com/p","Test":"TestB/sub","Elapsed":0.2}
{"Action":"fail","Package":"example.com/p","Test":"TestB","Elapsed":0.2}
{"Action":"run","Package":"example.com/p","Test":"TestC"}
{"Action":"output","Package":"example.com/p","Test":"TestC","Output":"    c_test.go:3: acceptance test against the emulator\n"}
{"Action":"output","Package":"example.com/p","Test":"TestC","Output":"    c_test.go:4: needs Terraform: OpenTofu lacks X\n"}
{"Action":"output","Package":"example.com/p","Test":"TestC","Output":"--- SKIP: TestC (0.00s)\n"}
{"Action":"skip","Package":"example.com/p","Test":"TestC"}
{"Action":"run","Package":"example.com/p","Test":"TestD"}
{"Action":"output","Package":"example.com/p","Test":"TestD","Output":"    d_test.go:12: needs Terraform: OpenTofu lacks X\n"}
{"Action":"skip","Package":"example.com/p","Test":"TestD"}
{"Action":"output","Package":"example.com/p","Output":"FAIL\n"}
{"Action":"fail","Package":"example.com/p","Elapsed":1.5}
{"Action":"build-output","ImportPath":"example.com/q","Output":"q.go:1:1: syntax error\n"}
{"Action":"fail","Package":"example.com/q","Elapsed":0}
not json at all
`

func TestSummarize(t *testing.T) {
	var out, log bytes.Buffer
	c, err := summarize(strings.NewReader(stream), &out, &log)
	if err != nil {
		t.Fatal(err)
	}
	if c.passed != 1 || c.failed != 2 || c.skipped != 2 {
		t.Errorf("counts %d/%d/%d, want 1 passed, 2 failed, 2 skipped", c.passed, c.failed, c.skipped)
	}
	// The same reason from two places counts once, without file and line.
	if len(c.skipReasons) != 1 || c.skipReasons["needs Terraform: OpenTofu lacks X"] != 2 {
		t.Errorf("skip reasons %v, want one reason counted twice", c.skipReasons)
	}
	if len(c.brokenPackages) != 1 || c.brokenPackages[0] != "example.com/q" {
		t.Errorf("broken packages %v, want only example.com/q (p failed through its tests)", c.brokenPackages)
	}
	for _, want := range []string{
		"--- FAIL: TestB/sub", "b_test.go:9: boom",
		"--- SKIP: TestC: c_test.go:4: needs Terraform: OpenTofu lacks X",
		"FAIL example.com/p (1.5s)", "q.go:1:1: syntax error", "not json at all",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("progress output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Count(out.String(), "FAIL\n") != 0 {
		t.Errorf("the bare FAIL framing line was repeated:\n%s", out.String())
	}
	if !strings.Contains(log.String(), "=== RUN   TestA\n") || !strings.Contains(log.String(), "boom") {
		t.Errorf("the log is not the plain test output:\n%s", log.String())
	}
}
