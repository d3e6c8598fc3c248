package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/ui/clipboard"
)

// The accessible driver's steps: the generic step, the mapping table and the handoff sheet.

// steps runs every step after connect, in order, like the TUI's flow.
func (a *accessible) steps() error {
	list := a.m.sess.opts.Steps
	for i := 0; i < len(list); i++ {
		st := list[i]
		facts := steps.FactsOf(st)
		if facts.Page == steps.PageConnect {
			continue
		}
		// Numbered like the side panel, which ends with the test sign-in.
		a.p.say("", fmt.Sprintf("Step %d of %d: %s", i+1, len(a.m.sess.board.entries), st.Title()))
		var err error
		switch facts.Page {
		case steps.PageMappingTable:
			var changed bool
			if changed, err = a.mappings(st); err == nil && changed {
				for _, id := range facts.Prerequisites {
					if dep := a.m.sess.stepByID(id); dep != nil {
						a.p.say(shortTitle(dep) + " again, for the changed table:")
						if err = a.step(dep, labelsFor(steps.FactsOf(dep))); err != nil {
							break
						}
					}
				}
			}
			if err == nil {
				err = a.step(st, labelsFor(facts))
			}
		case steps.PageHandoffSheet:
			err = a.handoff(st)
		default:
			err = a.step(st, labelsFor(facts))
		}
		var edit *editSettingsError
		if errors.As(err, &edit) {
			if err := a.settings(); err != nil {
				return err
			}
			i-- // the same step again
			continue
		}
		if err != nil {
			return err
		}
		if err := a.save(); err != nil {
			return err
		}
	}
	return nil
}

// editSettingsError: the admin wants to change the ID.me settings, then retry the step.
type editSettingsError struct{}

func (*editSettingsError) Error() string { return "edit the ID.me settings" }

// step runs one generic step: check, plan, confirm (twice for overwrites), apply, result.
func (a *accessible) step(st steps.Step, labels stepLabels) error {
	s := a.m.sess
	setup := s.setup
	for {
		fmt.Fprint(a.p.out, "Checking (read-only)… ")
		r, err := st.Check(a.ctx, setup)
		if err == nil && r.Status == steps.StatusError {
			err = reportError(r)
		}
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			if again, err := a.stepFailed(st, "check "+strings.ToLower(st.Title())+" in Okta (read-only)", err); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		setup.RecordStep(st.ID(), r.Status, r.Detail)
		s.board.set(st.ID(), markOf(r.Status), r.Detail)
		shown := r
		if labels.attestation {
			shown = withoutOverwrite(r)
		}
		a.p.say(planLines(a.st, shown, 100, labels.heading)...)
		if r.Status == steps.StatusDone && len(r.Changes) == 0 {
			a.p.say(shortTitle(st) + " is already in place: nothing to write.")
			return nil
		}
		i, err := a.p.choose(labels.question, []string{labels.apply, labels.skip, "Quit"}, 0)
		if err != nil {
			return err
		}
		switch i {
		case 1:
			s.board.set(st.ID(), markSkipped, r.Detail)
			return nil
		case 2:
			return errQuit
		}
		if r.NeedsOverwrite() && !labels.attestation {
			a.p.say("These changes replace existing configuration in Okta:")
			a.p.say(overwriteLines(a.st, r, 100)...)
			j, err := a.p.choose("Whatever an admin set there before is overwritten.", []string{"Back (do not replace)", "Replace it"}, 0)
			if err != nil {
				return err
			}
			if j == 0 {
				continue // check again and show the plan
			}
		}
		fmt.Fprint(a.p.out, "Applying… ")
		res, err := st.Apply(a.ctx, setup, r)
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			if again, err := a.stepFailed(st, strings.ToLower(labels.apply)+": "+st.Title(), err); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		a.p.say(resultLines(a.st, res, 100)...)
		setup.RecordStep(st.ID(), steps.StatusDone, res.Detail)
		s.board.set(st.ID(), markDone, res.Detail)
		return nil
	}
}

// stepFailed records that st failed (progress file and board), then asks as failed does.
func (a *accessible) stepFailed(st steps.Step, tried string, err error) (again bool, _ error) {
	a.p.say("failed.")
	a.m.sess.setup.RecordStep(st.ID(), steps.StatusError, err.Error())
	a.m.sess.board.set(st.ID(), markError, err.Error())
	return a.failed(tried, err, st)
}

// failed explains an error and asks what to do; again reports "retry".
func (a *accessible) failed(tried string, err error, st steps.Step) (again bool, _ error) {
	a.p.say(errorLines(a.st, tried, err, 100)...)
	i, cerr := a.p.choose("What now?", []string{"Retry", "Skip this step", "Edit the ID.me settings", "Quit"}, 0)
	switch {
	case cerr != nil:
		return false, cerr
	case i == 0:
		return true, nil
	case i == 1:
		return false, nil
	case i == 2:
		return false, &editSettingsError{}
	}
	return false, errQuit
}

// mappings reviews the mapping table; changed reports whether the admin changed it.
func (a *accessible) mappings(st steps.Step) (changed bool, _ error) {
	setup := a.m.sess.setup
	ms := newMappingsScreen(a.m.sess, st)
	for {
		a.p.say("At each sign-in with ID.me, Okta fills these user attributes from claims in the ID token:")
		for i, r := range ms.rows {
			a.p.say(fmt.Sprintf("  %d. %s ← %s", i+1, r.Attribute, r.Claim))
		}
		a.p.say("Note: Okta's \"Apply updates now\" button has no public API: the mappings apply to each user at their next sign-in.")
		i, err := a.p.choose("The mapping table:", []string{"Keep this table", "Add a row", "Edit a row", "Remove a row", "Reset to the guide's table"}, 0)
		if err != nil {
			return false, err
		}
		switch i {
		case 0:
			if err := steps.ValidateMappings(ms.rows); err != nil {
				a.p.say("  Not accepted: " + err.Error())
				continue
			}
			setup.Answers.Mappings = slices.Clone(ms.rows)
			return !slices.Equal(ms.rows, ms.original), nil
		case 1:
			row, err := a.newRow(ms)
			if err != nil {
				return false, err
			}
			ms.rows = append(slices.Clone(ms.rows), row)
		case 2, 3:
			n, err := a.p.ask(fmt.Sprintf("Row number (1-%d)", len(ms.rows)), "", func(v string) error {
				if k, err := strconv.Atoi(v); err != nil || k < 1 || k > len(ms.rows) {
					return fmt.Errorf("type a row number from 1 to %d", len(ms.rows))
				}
				return nil
			})
			if err != nil {
				return false, err
			}
			k, _ := strconv.Atoi(n)
			rows := slices.Clone(ms.rows)
			if i == 3 {
				ms.rows = slices.Delete(rows, k-1, k)
				continue
			}
			if rows[k-1].Attribute, err = a.p.ask("Okta attribute", rows[k-1].Attribute, nonEmpty("the Okta attribute")); err != nil {
				return false, err
			}
			if rows[k-1].Claim, err = a.p.ask("ID.me claim", rows[k-1].Claim, nonEmpty("the ID.me claim")); err != nil {
				return false, err
			}
			ms.rows = rows
		case 4:
			ms.rows = steps.DefaultMappings()
		}
	}
}

func (a *accessible) newRow(ms *mappingsScreen) (steps.MappingRow, error) {
	sugg := ms.suggestions()
	labels := make([]string, 0, len(sugg)+1)
	for _, c := range sugg {
		labels = append(labels, fmt.Sprintf("%s ← %s (%s)", c.OktaAttribute, c.Claim, c.Title))
	}
	labels = append(labels, "Another claim (type the names)")
	i, err := a.p.choose("Add which ID.me claim?", labels, 0)
	if err != nil {
		return steps.MappingRow{}, err
	}
	if i < len(sugg) {
		return steps.MappingRow{Attribute: sugg[i].OktaAttribute, Claim: sugg[i].Claim}, nil
	}
	attr, err := a.p.ask("Okta attribute", "", nonEmpty("the Okta attribute"))
	if err != nil {
		return steps.MappingRow{}, err
	}
	claim, err := a.p.ask("ID.me claim", "", nonEmpty("the ID.me claim"))
	return steps.MappingRow{Attribute: attr, Claim: claim}, err
}

// handoff saves, shows and copies the sheet for the ID.me Solution Consultant.
func (a *accessible) handoff(st steps.Step) error {
	s := a.m.sess
	setup := s.setup
	for {
		fmt.Fprint(a.p.out, "Saving the handoff sheet… ")
		r, err := st.Check(a.ctx, setup)
		if err == nil {
			_, err = setup.Handoff()
		}
		detail := r.Detail
		if err == nil && r.Status != steps.StatusDone {
			var res steps.Result
			res, err = st.Apply(a.ctx, setup, r)
			detail = res.Detail
		}
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		if err != nil {
			a.p.say("failed.")
			s.board.set(st.ID(), markError, err.Error())
			if again, err := a.failed("save the handoff sheet", err, st); err != nil || !again {
				return err
			}
			continue
		}
		a.p.say("done.")
		setup.RecordStep(st.ID(), steps.StatusDone, detail)
		s.board.set(st.ID(), markDone, detail)
		break
	}
	h, err := setup.Handoff()
	if err != nil {
		return err
	}
	text, err := steps.RenderHandoff(h, "text")
	if err != nil {
		return err
	}
	a.p.say("ID.me must register Okta's redirect URI for your client before anyone can sign in. Send them this sheet; it contains no secrets.", "")
	a.p.say(strings.Split(strings.TrimRight(string(text), "\n"), "\n")...)
	a.p.say("")
	if f := setup.HandoffFile(); f != "" {
		a.p.say("Saved to " + f)
	}
	for {
		res := clipboard.Result{Method: clipboard.MethodNone, Err: errNoClipboard}
		if s.opts.Copy != nil {
			res = s.opts.Copy(string(text))
		}
		a.p.say(res.Message())
		i, err := a.p.choose("The handoff sheet:", []string{"Continue", "Copy it again"}, 0)
		if err != nil || i == 0 {
			return err
		}
	}
}
