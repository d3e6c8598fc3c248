package steps

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/idme-okta/idme-okta/okta"
)

// IDTestApp is the test-app step's ID (progress file, `status --json`).
const IDTestApp = "test-app"

// testApp is the OIDC app the live sign-in test signs in to (okta-api.md §6): a public browser
// client whose only redirect URIs are loopback callbacks of idme-okta itself. It stands in for
// the guide's jwt.ms, so the Okta-issued ID token is checked on this machine and never shown
// to a third-party site.
type testApp struct{}

// TestApp returns the step that creates (or repairs) the test sign-in app.
func TestApp() Step { return testApp{} }

func (testApp) ID() string    { return IDTestApp }
func (testApp) Title() string { return "Create the app for the test sign-in" }
func (testApp) Facts() Facts  { return Facts{ShortTitle: "Test app", SignInApp: true} }

// CallbackURI is the redirect URI of the test sign-in's loopback listener on port. Okta
// compares redirect URIs exactly, port included, so this exact string must be registered on
// the test app.
func CallbackURI(port int) string {
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
}

// testAppLabel and callbackPort fall back to the defaults for answers saved before these
// fields existed.
func (a Answers) testAppLabel() string {
	if a.TestAppLabel == "" {
		return DefaultTestAppLabel
	}
	return a.TestAppLabel
}

func (a Answers) callbackPort() int {
	if a.CallbackPort == 0 {
		return DefaultCallbackPort
	}
	return a.CallbackPort
}

// desiredTestApp is a public browser client: no secret (token auth "none") so nothing secret
// exists on this machine, PKCE for the code flow, and implicit + id_token for the guide's own
// response_type=id_token URL.
func desiredTestApp(a Answers) okta.OIDCApp {
	return okta.OIDCApp{
		Label:           a.testAppLabel(),
		ApplicationType: "browser",
		TokenAuthMethod: "none",
		PKCERequired:    true,
		GrantTypes:      []string{"authorization_code", "implicit"},
		ResponseTypes:   []string{"code", "id_token"},
		RedirectURIs:    []string{CallbackURI(a.callbackPort())},
		// Nobody needs a tile for it: the test opens it by URL.
		HideTile: true,
	}
}

// whoMayUse says, for the plan, who may sign in to the test app through its group: a user
// created just in time by an ID.me sign-in is in Everyone from the first moment, which is
// why Everyone is the default; a narrower group works only for users already in it when
// they sign in (unverified on a real org: that Okta evaluates a JIT user's app assignment
// after the identity provider's group assignments, as its docs for policy.provisioning.groups
// ASSIGN suggest).
func whoMayUse(groupID, groupName string, everyone bool) string {
	if everyone {
		return fmt.Sprintf("to the group %s (%s): every user of the org may sign in to the test app, which a user created just in time by ID.me sign-in needs (they are in Everyone from the start); the tile is hidden, so nobody sees it on their dashboard. Narrow it with --test-group-id, and remove it after testing (idme-okta remove --test-app)", groupName, groupID)
	}
	return fmt.Sprintf("to the group %s (%s): only its members may sign in to the test app; a user created just in time by ID.me sign-in must be in it when they sign in (for example through the identity provider's group assignment), or the test fails with user_not_assigned", groupName, groupID)
}

type testAppObservation struct {
	found       *okta.OIDCApp // nil: to be created
	label       string        // the label to create it with (ours may be taken)
	groupID     string
	addRedirect string // redirect URI to add; "" when registered
	assign      bool
	duplicates  []Duplicate // copies of found to delete
}

func testAppObject(label string) string { return fmt.Sprintf("test app %q", label) }

// Cache keys of this step's reads. Only this step and EnsureTestAppCallback write apps, so a
// recheck after another step's write needs no new read.
const keyEveryoneGroup = "everyone-group"

func keyTestAppsByLabel(label string) string { return "test-apps-by-label:" + label }
func keyGroup(id string) string              { return "group:" + id }
func keyApp(id string) string                { return "app:" + id }
func keyAppGroup(appID, groupID string) string {
	return "app-group:" + appID + ":" + groupID
}

func (st testApp) Check(ctx context.Context, s *Setup) (Report, error) {
	a := s.Answers
	want := desiredTestApp(a)
	found, label, dups, notes, err := st.find(ctx, s, want.Label)
	if err != nil {
		return Report{}, err
	}
	want.Label = label
	groupID, groupName, err := testGroup(ctx, s)
	if err != nil {
		return Report{}, err
	}

	if found == nil {
		s.Record(func(o *Objects) { o.TestAppID, o.TestAppClientID = "", "" })
		details := []string{
			"type: browser (public client, no secret), PKCE required",
			"grant types: " + strings.Join(want.GrantTypes, ", "),
			"response types: " + strings.Join(want.ResponseTypes, ", "),
			"redirect URI: " + want.RedirectURIs[0],
			"dashboard tile: hidden from every user",
			"status: ACTIVE",
		}
		return Report{
			Status: StatusMissing,
			Detail: fmt.Sprintf("no app labelled %q yet", want.Label),
			Changes: []Change{
				{Action: "create", Object: testAppObject(want.Label), Details: details},
				{Action: "assign", Object: testAppObject(want.Label), Details: []string{whoMayUse(groupID, groupName, a.TestGroupID == "")}},
			},
			Notes:    notes,
			observed: &testAppObservation{groupID: groupID, assign: true, label: label},
		}, nil
	}

	s.Record(func(o *Objects) { o.TestAppID, o.TestAppClientID = found.ID, found.ClientID })
	obs := &testAppObservation{found: found, groupID: groupID, duplicates: dups}
	r := Report{Notes: append(notes, testAppNotes(*found)...), Duplicates: dups, observed: obs}
	if uri := want.RedirectURIs[0]; !slices.Contains(found.RedirectURIs, uri) {
		obs.addRedirect = uri
		r.Changes = append(r.Changes, Change{Action: "add", Object: testAppObject(found.Label),
			Details: []string{"redirect URI: " + uri + " (the others are kept)"}})
	}
	assigned, err := cachedRead(ctx, s, keyAppGroup(found.ID, groupID), func(ctx context.Context) (bool, error) {
		return s.Okta.AppGroupAssigned(ctx, found.ID, groupID)
	})
	if err != nil {
		return Report{}, fmt.Errorf("read the groups assigned to %s: %w", testAppObject(found.Label), err)
	}
	if !assigned {
		obs.assign = true
		r.Changes = append(r.Changes, Change{Action: "assign", Object: testAppObject(found.Label),
			Details: []string{whoMayUse(groupID, groupName, a.TestGroupID == "")}})
	}
	for _, d := range dups {
		r.Changes = append(r.Changes, deletion(d))
	}
	switch {
	case len(r.Changes) == 0:
		r.Status = StatusDone
		r.Detail = fmt.Sprintf("%s (client id %s) is ready for the test sign-in", testAppObject(found.Label), found.ClientID)
	case len(r.Changes) == len(dups):
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s (client id %s) is ready for the test sign-in", testAppObject(found.Label), found.ClientID) + duplicatesNote(dups)
	default:
		r.Status = StatusDrifted
		r.Detail = fmt.Sprintf("%s needs %d change(s) before the test sign-in", testAppObject(found.Label), len(r.Changes)-len(dups)) + duplicatesNote(dups)
	}
	return r, nil
}

// find looks the app up among the apps labelled label or "label (n)" (one search, which
// also shows copies), by the id from the last run (read by id when the search does not show
// it: renamed since, or not yet searchable), else as the oldest ACTIVE one that carries one
// of idme-okta's loopback callbacks, else the oldest such. Several never make another: the
// others labelled like it and made exactly as idme-okta makes the app are its duplicates.
// An app with the label but none of those callbacks is not ours: it is named in a note,
// never changed, and ours is created under another label (the returned one).
func (testApp) find(ctx context.Context, s *Setup, label string) (found *okta.OIDCApp, newLabel string, dups []Duplicate, notes []string, err error) {
	apps, err := cachedRead(ctx, s, keyTestAppsByLabel(label), func(ctx context.Context) ([]okta.OIDCApp, error) {
		return s.Okta.FindOIDCAppsByLabelPrefix(ctx, label)
	})
	if err != nil {
		return nil, "", nil, nil, fmt.Errorf("look for the test app: %w", err)
	}
	if hint := s.Known().TestAppID; hint != "" {
		if i := slices.IndexFunc(apps, func(a okta.OIDCApp) bool { return a.ID == hint }); i >= 0 {
			found = &apps[i]
		} else if found, notes, err = (testApp{}).findByHint(ctx, s, label); err != nil {
			return nil, "", nil, nil, err
		}
		if found != nil {
			dups = appDuplicates(apps, found)
			return found, found.Label, dups, append(notes, lookAlikeNotes(apps, found, dups)...), nil
		}
	}
	taken := map[string]bool{}
	var ours []*okta.OIDCApp
	for i := range apps {
		taken[apps[i].Label] = true
		switch {
		case idmeOktaApp(apps[i]) && (apps[i].Label == label || strings.HasPrefix(apps[i].Label, label+" (")):
			ours = append(ours, &apps[i])
		case apps[i].Label == label:
			notes = append(notes, fmt.Sprintf("%s (%s) has none of idme-okta's loopback redirect URIs: it is not idme-okta's test app and stays as it is.", testAppObject(label), apps[i].ID))
		}
	}
	if len(ours) == 0 {
		newLabel = freeName(label, taken)
		if newLabel != label {
			notes = append(notes, fmt.Sprintf("idme-okta's test app is labelled %q.", newLabel))
		}
		return nil, newLabel, nil, notes, nil
	}
	slices.SortStableFunc(ours, func(a, b *okta.OIDCApp) int {
		if (a.Status == "ACTIVE") != (b.Status == "ACTIVE") {
			if a.Status == "ACTIVE" {
				return -1
			}
			return 1
		}
		return oldestFirst(a.Created, b.Created)
	})
	pick := ours[0]
	dups = appDuplicates(apps, pick)
	return pick, pick.Label, dups, append(notes, lookAlikeNotes(apps, pick, dups)...), nil
}

// lookAlikeNotes name the apps labelled like kept that carry idme-okta's loopback callback
// but are not its duplicates: a person made or changed them, so they stay as they are.
func lookAlikeNotes(apps []okta.OIDCApp, kept *okta.OIDCApp, dups []Duplicate) []string {
	var notes []string
	for _, a := range apps {
		if a.ID == kept.ID || a.Label != kept.Label || !idmeOktaApp(a) || slices.ContainsFunc(dups, func(d Duplicate) bool { return d.ID == a.ID }) {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s (%s) carries idme-okta's label and loopback callback but not the settings idme-okta gives its test app: a person made or changed it, so it stays as it is (idme-okta uses %s).", testAppObject(a.Label), a.ID, kept.ID))
	}
	return notes
}

// appDuplicates are the apps labelled exactly like kept, other than kept, made exactly as
// idme-okta makes the test app: a public browser client with PKCE, the guide's grant and
// response types, its tile hidden, and only idme-okta's loopback callbacks as redirect URIs.
// One that differs in any of these was changed or made by a person and is not a duplicate.
func appDuplicates(apps []okta.OIDCApp, kept *okta.OIDCApp) []Duplicate {
	want := desiredTestApp(Answers{})
	var dups []Duplicate
	for _, a := range apps {
		madeByUs := a.ApplicationType == want.ApplicationType && a.TokenAuthMethod == want.TokenAuthMethod &&
			a.PKCERequired && sameSet(a.GrantTypes, want.GrantTypes) && sameSet(a.ResponseTypes, want.ResponseTypes) &&
			a.Detail.HideWeb && a.Detail.HideIOS && len(a.RedirectURIs) > 0 &&
			!slices.ContainsFunc(a.RedirectURIs, func(u string) bool { _, ours := callbackPort(u); return !ours })
		if a.ID != kept.ID && a.Label == kept.Label && madeByUs {
			dups = append(dups, Duplicate{Kind: kindTestApp, Name: a.Label, ID: a.ID, Status: a.Status, Keeps: kept.ID})
		}
	}
	return dups
}

// idmeOktaApp reports whether the app carries one of idme-okta's loopback callbacks.
func idmeOktaApp(app okta.OIDCApp) bool {
	return slices.ContainsFunc(app.RedirectURIs, func(u string) bool { _, ours := callbackPort(u); return ours })
}

// findByHint reads the app from the last run, if there is one and it still exists.
func (testApp) findByHint(ctx context.Context, s *Setup, label string) (*okta.OIDCApp, []string, error) {
	var notes []string
	if hint := s.Known().TestAppID; hint != "" {
		app, err := cachedRead(ctx, s, keyApp(hint), func(ctx context.Context) (*okta.OIDCApp, error) {
			return s.Okta.GetOIDCApp(ctx, hint)
		})
		switch {
		case err == nil:
			return app, nil, nil
		case okta.IsNotFound(err):
			notes = append(notes, fmt.Sprintf("The test app %s from the last run no longer exists; looking for one labelled %q instead.", hint, label))
		default:
			return nil, nil, fmt.Errorf("read the test app from the last run: %w", err)
		}
	}
	return nil, notes, nil
}

// testGroup is the group the test app is assigned to: the admin's choice, else Everyone
// (which includes every user just-in-time created by an ID.me sign-in).
func testGroup(ctx context.Context, s *Setup) (id, name string, err error) {
	if id := s.Answers.TestGroupID; id != "" {
		// Read now, while checking: a wrong id found only when the app is assigned would
		// stop the run after every other step had written.
		g, err := cachedRead(ctx, s, keyGroup(id), func(ctx context.Context) (*okta.Group, error) {
			return s.Okta.GetGroup(ctx, id)
		})
		switch {
		case okta.IsNotFound(err):
			return "", "", &InvalidAnswerError{Field: FieldTestGroupID,
				Err: fmt.Errorf("there is no group %s in %s: check the id (Directory > Groups, the id is in the group's URL), or leave it out to assign Everyone", id, s.OrgURL())}
		case err != nil:
			return "", "", fmt.Errorf("read the group %s chosen for the test app: %w", id, err)
		}
		return g.ID, g.Name, nil
	}
	g, err := cachedRead(ctx, s, keyEveryoneGroup, s.Okta.EveryoneGroup)
	if err != nil {
		return "", "", fmt.Errorf("find the Everyone group: %w", err)
	}
	return g.ID, g.Name, nil
}

// testAppNotes names what would make the test sign-in fail but that idme-okta does not
// change on an existing app (an admin may have had a reason).
func testAppNotes(app okta.OIDCApp) []string {
	var notes []string
	if app.Status != "" && app.Status != "ACTIVE" {
		notes = append(notes, fmt.Sprintf("The test app is %s: activate it in the Okta Admin Console (Applications) or the test sign-in cannot start.", app.Status))
	}
	if !slices.Contains(app.GrantTypes, "authorization_code") {
		notes = append(notes, "The test app does not allow the authorization code grant: the default test sign-in (code + PKCE) will fail.")
	}
	if !slices.Contains(app.GrantTypes, "implicit") || !slices.Contains(app.ResponseTypes, "id_token") {
		notes = append(notes, "The test app does not allow implicit id_token responses: the guide's response_type=id_token test will fail.")
	}
	if app.TokenAuthMethod != "" && app.TokenAuthMethod != "none" {
		notes = append(notes, fmt.Sprintf("The test app authenticates with %s, not as a public client: the test sign-in has no client secret and its code exchange will fail.", app.TokenAuthMethod))
	}
	return notes
}

func (st testApp) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	obs, err := observation[*testAppObservation](ctx, s, st, r)
	if err != nil {
		return Result{}, err
	}
	want := desiredTestApp(s.Answers)
	searched := want.Label // the key its search is remembered under
	want.Label = cmp.Or(obs.label, want.Label)
	var res Result
	var did, copies []string
	app := obs.found
	if app == nil {
		// unverified: whether Okta's app search can miss an app made a moment ago; if it
		// can, a lost answer may leave a second test app, which status reports.
		created, healed, err := createOnce(ctx, testAppObject(want.Label), func(ctx context.Context) (*okta.OIDCApp, error) {
			return s.Okta.CreateOIDCApp(ctx, want)
		}, func(ctx context.Context) (*okta.OIDCApp, error) {
			apps, err := s.Okta.FindOIDCAppsByLabel(ctx, want.Label)
			if len(apps) > 0 {
				return &apps[len(apps)-1], err
			}
			return nil, err
		})
		s.forget(keyTestAppsByLabel(searched))
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", testAppObject(want.Label), err)
		}
		app = created
		res.Writes++
		did = append(did, "created")
		if healed != "" {
			did[len(did)-1] = "created (" + healed + ")"
		}
		s.Record(func(o *Objects) { o.TestAppID, o.TestAppClientID = app.ID, app.ClientID })
	}
	if obs.addRedirect != "" {
		updated, err := s.Okta.SetOIDCAppRedirectURIs(ctx, app.ID, append(slices.Clone(app.RedirectURIs), obs.addRedirect))
		s.forget(keyApp(app.ID), keyTestAppsByLabel(searched))
		if err != nil {
			return res, fmt.Errorf("%s: add redirect URI %s: %w", testAppObject(app.Label), obs.addRedirect, err)
		}
		app = updated
		res.Writes++
		did = append(did, "added redirect URI "+obs.addRedirect+" to")
	}
	if obs.assign {
		err := s.Okta.AssignGroupToApp(ctx, app.ID, obs.groupID)
		s.forget(keyAppGroup(app.ID, obs.groupID))
		if err != nil {
			return res, fmt.Errorf("%s: assign group %s: %w", testAppObject(app.Label), obs.groupID, err)
		}
		res.Writes++
		did = append(did, "assigned group "+obs.groupID+" to")
	}
	if len(obs.duplicates) > 0 {
		// Searched again at the next check: the copies are gone.
		defer s.forget(keyTestAppsByLabel(searched))
		n, done, err := deleteDuplicates(ctx, s.Okta, obs.duplicates)
		res.Writes += n
		copies = done
		if err != nil {
			return res, err
		}
	}
	res.Objects = []Object{{Kind: "test app", Name: app.Label, ID: app.ID}}
	if len(did) == 0 {
		res.Detail = fmt.Sprintf("%s was already ready", testAppObject(app.Label))
	} else {
		res.Detail = fmt.Sprintf("%s %s (client id %s)", strings.Join(did, ", "), testAppObject(app.Label), app.ClientID)
	}
	if len(copies) > 0 {
		res.Detail += "; " + strings.Join(copies, "; ")
	}
	return res, nil
}

// EnsureTestAppCallback makes the test app accept the loopback callback on port, which the
// test sign-in bound because its preferred port was taken: Okta refuses any redirect URI
// that is not registered exactly. When CallbackURI(port) is missing it writes the app's
// redirect URIs as: those that are not idme-okta's loopback callbacks (an admin's), the
// preferred port's callback if registered, and CallbackURI(port), so that an earlier
// fallback port is replaced rather than kept beside it: every busy port would otherwise add
// a URI for good. It reports whether it wrote to Okta.
func EnsureTestAppCallback(ctx context.Context, c *okta.Client, appID string, preferred, port int) (changed bool, err error) {
	if port <= 0 || port > 65535 {
		return false, fmt.Errorf("callback port %d is not a TCP port", port)
	}
	app, err := c.GetOIDCApp(ctx, appID)
	if err != nil {
		return false, fmt.Errorf("read the test app: %w", err)
	}
	uri := CallbackURI(port)
	if slices.Contains(app.RedirectURIs, uri) {
		return false, nil
	}
	var uris []string
	for _, u := range app.RedirectURIs {
		if p, ours := callbackPort(u); !ours || p == preferred {
			uris = append(uris, u)
		}
	}
	uris = append(uris, uri)
	if _, err := c.SetOIDCAppRedirectURIs(ctx, app.ID, uris); err != nil {
		return false, fmt.Errorf("add redirect URI %s to the test app: %w", uri, err)
	}
	return true, nil
}

// callbackPort reports whether uri is one of idme-okta's loopback callbacks
// (CallbackURI), and on which port.
func callbackPort(uri string) (port int, ours bool) {
	rest, ok := strings.CutPrefix(uri, "http://127.0.0.1:")
	if !ok {
		return 0, false
	}
	digits, ok := strings.CutSuffix(rest, "/callback")
	if !ok {
		return 0, false
	}
	port, err := strconv.Atoi(digits)
	if err != nil || port <= 0 || port > 65535 || CallbackURI(port) != uri {
		return 0, false
	}
	return port, true
}
