package sim

import "time"

// Fault makes matching requests fail (or slow down) before the org handles them.
type Fault struct {
	Method       string        // "" = any
	PathTemplate string        // e.g. "/api/v1/idps/{idpId}"; "" = any
	Status       int           // e.g. 429, 500, 503, 423; 0 = no status fault
	Times        int           // how many requests it hits; 0 = until removed
	Latency      time.Duration // delay before answering
	Drop         bool          // hijack and close the connection without answering
}

type faultRule struct {
	Fault
	id   int
	hits int
}

func (f *faultRule) matches(method, template string) bool {
	return (f.Method == "" || f.Method == method) && (f.PathTemplate == "" || f.PathTemplate == template)
}

// InjectFault adds a fault; it applies to matching requests until it has hit Times requests
// (when Times > 0) or until remove is called. A status fault answers with the Okta error of
// that status (429 E0000047, 423 E0000239, 500 E0000009, 503 E0000010 …). Faults are checked
// in the order they were added; the first that matches a request applies.
func (o *Org) InjectFault(f Fault) (remove func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.nextFault++
	rule := &faultRule{Fault: f, id: o.nextFault}
	o.faults = append(o.faults, rule)
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.removeFault(rule.id)
	}
}

func (o *Org) removeFault(id int) {
	for i, f := range o.faults {
		if f.id == id {
			o.faults = append(o.faults[:i], o.faults[i+1:]...)
			return
		}
	}
}

// takeFault returns the fault that applies to this request, counting the hit.
func (o *Org) takeFault(method, template string) *Fault {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, f := range o.faults {
		if !f.matches(method, template) {
			continue
		}
		f.hits++
		if f.Times > 0 && f.hits >= f.Times {
			o.removeFault(f.id)
		}
		hit := f.Fault
		return &hit
	}
	return nil
}
