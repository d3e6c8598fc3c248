package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `sim` (and `demo`, which starts the same world) checks requests against Okta's spec on a
// machine without Go: without a module cache and with a `go` on PATH that only leaves a mark,
// a request the spec rejects is still answered 400, nothing runs the go command (it used to
// run `go env`, whose telemetry wrote into the user's home), and nothing is said on stderr.
func TestSimChecksTheSpecWithoutGo(t *testing.T) {
	dir := t.TempDir()
	mark := filepath.Join(dir, "go-was-run")
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte("#!/bin/sh\ntouch "+mark+"\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	for _, k := range []string{"HOME", "GOPATH", "GOMODCACHE"} {
		t.Setenv(k, filepath.Join(dir, "empty"))
	}

	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	c := &cli{stdin: strings.NewReader(""), stdout: pw, stderr: &errOut, getenv: func(string) string { return "" }}
	go func() { done <- c.main(ctx, []string{"sim", "--json"}); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var info simInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, info.OrgURL+"/api/v1/idps", strings.NewReader(`{"name":123}`))
	req.Header.Set("Authorization", "SSWS "+info.APIToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	cancel()
	go io.Copy(io.Discard, pr)
	if code := <-done; code != exitOK {
		t.Errorf("sim exited %d after interrupt", code)
	}

	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "E0000001") {
		t.Errorf("a body the spec rejects: %d %s, want 400 E0000001", resp.StatusCode, body)
	}
	if _, err := os.Stat(mark); err == nil {
		t.Error("sim ran the go command")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "empty")); len(entries) != 0 {
		t.Errorf("sim wrote into $HOME: %v", entries)
	}
	if errOut.Len() != 0 {
		t.Errorf("sim printed on stderr: %q", errOut.String())
	}
}
