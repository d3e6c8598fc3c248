package steps

import "context"

// orgChecklist covers what the guide needs but Okta offers no API for: Just-In-Time
// provisioning switched on for the whole org. Okta's ProvisioningAction documentation says
// JIT must be enabled in the org's security settings for the IdP's "Create New User (JIT)"
// to work (okta-api.md §1); only the admin can look, so the step asks them to.
type orgChecklist struct{}

// OrgChecklist returns the step that asks the admin to confirm the org-wide JIT setting.
func OrgChecklist() Step { return orgChecklist{} }

func (orgChecklist) ID() string    { return IDOrgChecklist }
func (orgChecklist) Title() string { return "Confirm Just-In-Time provisioning is on" }

// JITSettingPath is where the admin finds the org-wide JIT switch in the Okta Admin Console.
const JITSettingPath = "Customizations > Other > Just In Time Provisioning"

// Facts: there is no API to write, so the admin's word is recorded; one confirmation is
// enough, and the summary says where to turn it on while it is not given.
func (orgChecklist) Facts() Facts {
	return Facts{ShortTitle: "JIT provisioning", Attestation: &Attestation{
		Question: "Is it on?",
		Confirm:  "It is on: record it",
		LeftToDo: "Turn on Just-In-Time provisioning for the org: Admin Console > " + JITSettingPath + ".",
	}}
}

func (orgChecklist) Check(ctx context.Context, s *Setup) (Report, error) {
	if s.Answers.JITConfirmed {
		return Report{Status: StatusDone, Detail: "the admin confirmed Just-In-Time provisioning is on"}, nil
	}
	return Report{
		Status: StatusMissing,
		Detail: "Just-In-Time provisioning not confirmed yet",
		Changes: []Change{{
			Action:  "confirm",
			Object:  "Just-In-Time provisioning (org-wide)",
			Details: []string{"Okta Admin Console: " + JITSettingPath + ": enabled"},
			// Nothing is written, but idme-okta cannot see the setting: only the admin can
			// say it is on, so headless runs need --yes like any change made on trust.
			Overwrite: true,
		}},
		Notes: []string{
			"Okta has no API for this switch. Without it, people signing in with ID.me for the first time get no Okta account (their sign-in fails and the System Log says \"User Not Found\", with no user.lifecycle.create).",
			"Open the Okta Admin Console, go to " + JITSettingPath + ", make sure it is enabled, then confirm here.",
		},
	}, nil
}

// Apply records the admin's confirmation. It is only called once they confirmed (the
// wizard asks; headless runs need --yes), and it makes no Okta write.
func (orgChecklist) Apply(ctx context.Context, s *Setup, r Report) (Result, error) {
	s.Answers.JITConfirmed = true
	return Result{Detail: "Just-In-Time provisioning confirmed by the admin"}, nil
}
