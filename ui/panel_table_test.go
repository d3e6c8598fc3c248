package ui

import (
	"strings"
	"testing"
)

// The mapping table is shown before the IdP attributes exist (by design: the attributes
// follow the table). The side panel must mark "Profile mappings" as work to do then, never as
// an error, in any frame drawn while the table is shown or after it is kept. A guard: the
// error mark reported in a first-time walk was not reproduced on this code (sim or demo).
func TestPanelMarksMappingsToDoWhileTheTableComesFirst(t *testing.T) {
	_, d := toTheMappingTable(t)
	d.waitFor("Okta attribute", "ID.me claim it reads")
	f := d.frame()
	var row string
	for _, line := range strings.Split(f, "\n") {
		if strings.Contains(line, "Profile mappings") && strings.Contains(line, "│") {
			row = line
		}
	}
	if row == "" || strings.Contains(row, "✗") || strings.Contains(row, "error") {
		t.Errorf("the panel's Profile mappings line is %q, want to do / in progress, not an error:\n%s", row, f)
	}
	d.enter() // keep the table: the user attributes' page
	d.waitFor("idme_uuid (string")
	d.press('p')
	d.frame()
	for _, line := range strings.Split(d.text(), "\n") {
		if strings.Contains(line, "Profile mappings") && (strings.Contains(line, "✗") || strings.Contains(line, "error")) {
			t.Errorf("a frame marked Profile mappings as an error: %q", line)
		}
	}
	ctrlC(d)
	d.final()
}
