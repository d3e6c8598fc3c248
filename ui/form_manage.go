package ui

import (
	"strings"

	"github.com/idme-okta/idme-okta/steps"
	"github.com/idme-okta/idme-okta/steps/flow"
	"github.com/idme-okta/idme-okta/steps/promote"
)

// jobAnswers are what a day-two job asks before it reads (flow.Job.Input): production's
// client for a promotion, the directory of a Terraform export.
type jobAnswers struct {
	job *flow.Job
	// standIn: the setup's ID.me is a stand-in on this machine (the demo, tests), so
	// production's base URL is asked too; ID.me's own is the default otherwise.
	standIn bool

	clientID, secret, handle, baseURL string
	dir                               string
}

func newJobAnswers(j *flow.Job, a steps.Answers) *jobAnswers {
	return &jobAnswers{job: j, standIn: a.IDmeEnv == "custom", clientID: j.Promotion.ClientID, handle: j.Promotion.PolicyHandle,
		baseURL: j.Promotion.BaseURL, dir: j.ExportDir}
}

func (a *jobAnswers) form() *form {
	if a.job.Input() == flow.InputExportDir {
		return defineForm(group(inputField("Directory",
			"Where the Terraform files go (created if missing; idme-okta refuses to overwrite files of an earlier export there).",
			&a.dir, nonEmpty("a directory"))))
	}
	return defineForm(group(
		inputField("Production client ID", "The client ID ID.me issued for production (not the sandbox one).", &a.clientID, steps.ValidateClientID),
		secretField("Production client secret", "Kept in memory only: it goes to Okta, never to disk or the screen.", &a.secret, nonEmpty("the production client secret")),
		inputField("Production policy handle", "Leave it blank to keep the current one.", &a.handle, func(v string) error {
			if strings.TrimSpace(v) == "" {
				return nil
			}
			return steps.ValidatePolicyHandle(strings.TrimSpace(v))
		}),
	), group(
		inputField("Production base URL", "This setup uses an ID.me stand-in on this machine: give production's (a stand-in too).", &a.baseURL, func(v string) error {
			_, _, err := steps.ResolveIDmeBaseURL(promote.ToProduction, v)
			return err
		}),
	).hideUnless(func() bool { return a.standIn }))
}

// store puts the answers on the job; promote checks them again before anything is read.
func (a *jobAnswers) store() error {
	if a.job.Input() == flow.InputExportDir {
		a.job.ExportDir = strings.TrimSpace(a.dir)
		return nil
	}
	a.job.Promotion.ClientID = strings.TrimSpace(a.clientID)
	a.job.Promotion.ClientSecret = a.secret
	a.job.Promotion.PolicyHandle = strings.TrimSpace(a.handle)
	a.job.Promotion.BaseURL = strings.TrimSpace(a.baseURL)
	return nil
}

func (a *jobAnswers) refusal(err error) error { return err }
