package okta

import (
	"context"
	"errors"

	sdk "github.com/okta/okta-sdk-golang/v5/okta"
)

type logEventWire struct {
	UUID           string `json:"uuid"`
	Published      any    `json:"published"` // read leniently (asTime), as for apps
	EventType      string `json:"eventType"`
	DisplayMessage string `json:"displayMessage"`
	Severity       string `json:"severity"`
	Outcome        *struct {
		Result string `json:"result"`
		Reason string `json:"reason"`
	} `json:"outcome"`
	Actor *struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
		AlternateID string `json:"alternateId"`
	} `json:"actor"`
	Transaction *struct {
		ID string `json:"id"`
	} `json:"transaction"`
	Target []struct {
		ID          string `json:"id"`
		Type        string `json:"type"`
		DisplayName string `json:"displayName"`
		AlternateID string `json:"alternateId"`
	} `json:"target"`
	DebugContext *struct {
		DebugData map[string]any `json:"debugData"`
	} `json:"debugContext"`
}

func (w *logEventWire) event() LogEvent {
	e := LogEvent{UUID: w.UUID, Published: asTime(w.Published), EventType: w.EventType,
		DisplayMessage: w.DisplayMessage, Severity: w.Severity}
	if w.Outcome != nil {
		e.OutcomeResult, e.OutcomeReason = w.Outcome.Result, w.Outcome.Reason
	}
	if w.Actor != nil {
		e.ActorID, e.ActorName, e.ActorLogin = w.Actor.ID, w.Actor.DisplayName, w.Actor.AlternateID
	}
	if w.Transaction != nil {
		e.TransactionID = w.Transaction.ID
	}
	for _, t := range w.Target {
		e.Targets = append(e.Targets, LogTarget{ID: t.ID, Type: t.Type, DisplayName: t.DisplayName, AlternateID: t.AlternateID})
	}
	if w.DebugContext != nil {
		e.DebugData = w.DebugContext.DebugData
	}
	return e
}

// ListLogEvents reads the System Log events between q.Since and q.Until, oldest first,
// across all pages. Until is required: without it the query is a poll that Okta answers
// with a next link forever.
func (c *Client) ListLogEvents(ctx context.Context, q LogQuery) ([]LogEvent, error) {
	events, _, err := c.ReadLog(ctx, q, 0)
	return events, err
}

// ReadLog is ListLogEvents that stops once it holds max events (0: no bound but the page
// walk's own), oldest first; more reports that the window holds more than it read.
func (c *Client) ReadLog(ctx context.Context, q LogQuery, max int) (events []LogEvent, more bool, err error) {
	switch {
	case q.Until.IsZero():
		return nil, false, &APIError{Op: opListLogs, Err: errors.New("a System Log query needs an end time (Until)")}
	case !q.Since.IsZero() && q.Until.Before(q.Since):
		return nil, false, &APIError{Op: opListLogs, Err: errors.New("the System Log query ends before it starts")}
	case q.Limit < 0 || q.Limit > 1000:
		return nil, false, &APIError{Op: opListLogs, Err: errors.New("the System Log page size must be 1..1000")}
	}
	limit := q.Limit
	if limit == 0 {
		limit = 100
	}
	err = c.paginate(ctx, opListLogs, func(ctx context.Context, after string) (*sdk.APIResponse, error) {
		req := c.api.SystemLogAPI.ListLogEvents(ctx).Until(q.Until.UTC()).SortOrder("ASCENDING").Limit(int32(limit))
		if !q.Since.IsZero() {
			req = req.Since(q.Since.UTC())
		}
		if q.Filter != "" {
			req = req.Filter(q.Filter)
		}
		if after != "" {
			req = req.After(after)
		}
		_, resp, err := req.Execute()
		return resp, err
	}, func(ex *exchange) error {
		page, err := decodeEach[logEventWire](opListLogs, ex)
		if err != nil {
			return err
		}
		for i := range page {
			events = append(events, page[i].event())
		}
		if max > 0 && len(events) >= max {
			_, next := nextCursor(ex.header)
			more = len(events) > max || next
			events = events[:max]
			return errStopPaging
		}
		return nil
	})
	if errors.Is(err, errStopPaging) {
		err = nil
	}
	return events, more, err
}
