package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/idme-okta/idme-okta/steps/remove"
	"github.com/idme-okta/idme-okta/ui/termtext"
)

// removeOptions are the flags of `remove`.
type removeOptions struct {
	answers    answerFlags
	planOnly   bool // --plan
	yes        bool // --yes
	attributes bool // --attributes
	testApp    bool // --test-app
	json       bool // --json
}

func parseRemove(c *cli, args []string) (*removeOptions, error) {
	fs := newFlagSet(c, "remove",
		"Take the ID.me integration out of the org again: what idme-okta made or adopted (as its\n"+
			"progress file records, and only while each object still is what idme-okta made), in a\n"+
			"safe order: the routing rule, the test app, then the identity provider (Okta deletes\n"+
			"its profile attributes and mappings with it). Custom user attributes hold user data:\n"+
			"they go only with --attributes. Objects made by hand are never touched. Shows the plan\n"+
			"first; the progress file is archived as <file>.removed. Running it again after a\n"+
			"failure finishes the job.",
		connectionEnv...)
	o := &removeOptions{}
	o.answers.addConnection(fs)
	fs.BoolVar(&o.planOnly, "plan", false, "print what would be removed and remove nothing")
	fs.BoolVar(&o.yes, "yes", false, "remove without asking (for scripts)")
	fs.BoolVar(&o.attributes, "attributes", false, "also delete the custom Okta user attributes the setup added, and every user's value in them")
	fs.BoolVar(&o.testApp, "test-app", false, "remove only the test sign-in app (the clean-up after testing); the integration and the progress file stay")
	fs.BoolVar(&o.json, "json", false, `print {"org_url","items":[{"kind","name","id","status","steps","result"}],"left":[…],"gone":[…],"archived"}`)
	if err := o.answers.parse(fs, args); err != nil {
		return o, err
	}
	if o.json && !o.planOnly && !o.yes {
		return o, usagef("--json cannot ask for a confirmation: add --plan to see the plan, or --yes to remove")
	}
	if o.testApp && o.attributes {
		return o, usagef("--test-app removes the test app alone: leave out --attributes, or --test-app to remove everything")
	}
	return o, nil
}

// removeJSON is the `remove --json` document.
type removeJSON struct {
	OrgURL   string           `json:"org_url"`
	Items    []removeItemJSON `json:"items"`
	Left     []removeLeftJSON `json:"left"`
	Gone     []string         `json:"gone"`
	Archived string           `json:"archived,omitempty"`
}

type removeItemJSON struct {
	Kind   string                   `json:"kind"`
	Name   string                   `json:"name"`
	ID     string                   `json:"id,omitempty"`
	Status string                   `json:"status,omitempty"`
	Steps  []string                 `json:"steps"`
	Users  map[string]userCountJSON `json:"users_with_value,omitempty"`
	Result string                   `json:"result"` // planned | removed | gone | failed | not_reached
}

type userCountJSON struct {
	Count int  `json:"count"`
	Exact bool `json:"exact"` // false: the count stopped at its bound (at least count)
}

type removeLeftJSON struct {
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
	ID   string `json:"id"`
	Why  string `json:"why"`
}

func runRemove(ctx context.Context, c *cli, o *removeOptions) error {
	setup, err := c.prepare(&o.answers, false)
	if err != nil {
		return err
	}
	plan, err := remove.MakePlan(ctx, setup, remove.Options{Attributes: o.attributes, TestAppOnly: o.testApp})
	if err != nil {
		if ctx.Err() != nil {
			return errAborted
		}
		return err
	}
	doc := removeDoc(plan)
	if !o.json {
		printRemovePlan(c.stdout, plan, setup.StatePath)
	}
	if o.planOnly || plan.NoProgress {
		if o.json {
			return writeJSON(c.stdout, doc)
		}
		if !plan.NoProgress {
			fmt.Fprintln(c.stdout, "\nNothing was removed (--plan).")
		}
		return nil
	}

	prompt, want := fmt.Sprintf("Remove these %d object(s) from %s?", len(plan.Items), setup.OrgURL()), "yes"
	switch {
	case plan.Empty() && plan.TestAppOnly:
		if o.json {
			return writeJSON(c.stdout, doc)
		}
		fmt.Fprintln(c.stdout, "\nThere is no test app to remove.")
		return nil
	case plan.Empty():
		prompt = "Archive the progress file?"
	}
	if has(plan, remove.KindAttributes) {
		// User data goes: the person types the org's host, not just yes.
		host := orgHost(setup.OrgURL())
		prompt, want = attributesWarning(plan), host
	}
	if !o.json {
		fmt.Fprintln(c.stdout)
	}
	if err := c.confirmWrites(o.yes, prompt, want); err != nil {
		return err
	}

	results := map[int]string{}
	index := map[string]int{}
	for i, it := range plan.Items {
		index[it.Kind+"/"+it.ID] = i
		results[i] = "not_reached"
	}
	res, applyErr := plan.Apply(ctx, setup, func(e remove.Event) {
		i := index[e.Item.Kind+"/"+e.Item.ID]
		switch {
		case e.Err != nil:
			results[i] = "failed"
		case !e.Gone:
			results[i] = "removed"
		case results[i] != "removed":
			results[i] = "gone"
		}
		if o.json {
			return
		}
		what := fmt.Sprintf("%s %s %s", e.Step, e.Item.Kind, termtext.Quoted(e.Item.Name))
		switch {
		case e.Err != nil:
			fmt.Fprintf(c.stdout, "[failed]  %s\n", what)
		case e.Gone:
			fmt.Fprintf(c.stdout, "[gone]    %s: Okta no longer has it\n", what)
		default:
			fmt.Fprintf(c.stdout, "[done]    %s\n", what)
		}
	})
	for i := range doc.Items {
		doc.Items[i].Result = results[i]
	}
	if res != nil {
		doc.Archived = res.Archived
	}
	if o.json {
		if err := writeJSON(c.stdout, doc); err != nil {
			return err
		}
	}
	switch {
	case applyErr == nil:
		if !o.json {
			fmt.Fprintf(c.stdout, "\nRemoved: %d Okta write(s), %d already gone.\n", res.Writes, res.Gone)
			if res.Archived != "" {
				fmt.Fprintf(c.stdout, "The progress file is archived as %s.\n", res.Archived)
			}
		}
		return nil
	case errors.Is(applyErr, context.Canceled):
		return errAborted
	default:
		if o.json {
			return errSilent
		}
		return fmt.Errorf("%w\nRun the same command again to finish: what is removed stays removed, and what is gone is no error", applyErr)
	}
}

func removeDoc(p *remove.Plan) removeJSON {
	doc := removeJSON{OrgURL: p.OrgURL, Items: []removeItemJSON{}, Left: []removeLeftJSON{}, Gone: append([]string{}, p.Gone...)}
	for _, it := range p.Items {
		j := removeItemJSON{Kind: it.Kind, Name: it.Name, ID: it.ID, Status: it.Status, Steps: it.Steps, Result: "planned"}
		if it.Users != nil {
			j.Users = map[string]userCountJSON{}
			for k, n := range it.Users {
				j.Users[k] = userCountJSON{n.N, n.Exact}
			}
		}
		doc.Items = append(doc.Items, j)
	}
	for _, l := range p.Left {
		doc.Left = append(doc.Left, removeLeftJSON(l))
	}
	return doc
}

func printRemovePlan(w io.Writer, p *remove.Plan, statePath string) {
	fmt.Fprintf(w, "idme-okta remove: %s\n", p.OrgURL)
	if p.NoProgress {
		fmt.Fprintf(w, "\nNo progress file for this org (%s): idme-okta removes only what it made or adopted, which that file records. Nothing to remove.\n", statePath)
	}
	if len(p.Items) > 0 {
		fmt.Fprintln(w, "\nTo remove, in this order:")
	}
	for _, it := range p.Items {
		line := fmt.Sprintf("  %s %s %s", strings.Join(it.Steps, " and "), it.Kind, termtext.Quoted(it.Name))
		if it.ID != "" {
			line += " (" + termtext.Line(it.ID) + ")"
		}
		if it.Status != "" {
			line += ", now " + termtext.Line(it.Status)
		}
		fmt.Fprintln(w, line)
		for _, name := range strings.Split(it.Name, ", ") {
			if n, ok := it.Users[name]; ok {
				fmt.Fprintf(w, "    %s: %s user(s) have a value, which is deleted with it\n", name, n)
			}
		}
	}
	for _, g := range p.Gone {
		fmt.Fprintf(w, "  already gone: %s\n", termtext.Line(g))
	}
	if len(p.Left) > 0 {
		fmt.Fprintln(w, "\nLeft alone:")
		for _, l := range p.Left {
			fmt.Fprintf(w, "  %s %s (%s): %s\n", l.Kind, termtext.Quoted(l.Name), termtext.Line(l.ID), termtext.Line(l.Why))
		}
	}
	if p.CountFailed != "" {
		fmt.Fprintf(w, "\nThe users holding a value could not be counted (%s).\n", termtext.Line(p.CountFailed))
	}
}

func attributesWarning(p *remove.Plan) string {
	n := "an unknown number of"
	if p.CountFailed == "" {
		n = p.AttributeUsers().String()
	}
	return fmt.Sprintf("This deletes custom user attributes and the values %s user(s) hold in them, for good: Okta keeps no copy.", n)
}

func has(p *remove.Plan, kind string) bool {
	for _, it := range p.Items {
		if it.Kind == kind {
			return true
		}
	}
	return false
}

// orgHost is the host of the org URL, which the person types to confirm deleting user data.
func orgHost(org string) string {
	u, err := url.Parse(org)
	if err != nil || u.Host == "" {
		return org
	}
	return u.Host
}

// writeJSON prints v as indented JSON; values from Okta may hold characters encoding/json
// leaves raw for a terminal to act on, so they go out escaped (termtext.JSON).
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(termtext.JSON(b), '\n'))
	return err
}
