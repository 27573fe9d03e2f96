package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clockTicks is USER_HZ, the unit of the CPU times in /proc/PID/stat; Linux
// fixes it at 100 for every architecture this benchmark runs on.
const clockTicks = 100

// procWatcher polls /proc while one Terraform command runs. It finds every
// process whose executable is the provider binary (Terraform starts a fresh
// provider process for each walk of a command) and follows the terraform
// process itself, and remembers for each process its peak resident set size
// (VmHWM, which the kernel keeps as a high-water mark, so polling cannot miss
// a short spike; only growth in the last interval before exit can be missed)
// and its CPU time (utime+stime, as of the last poll).
type procWatcher struct {
	exe      string
	interval time.Duration

	mu      sync.Mutex
	rootPID int
	procs   map[procKey]*procSample

	stop chan struct{}
	done chan struct{}
}

// procKey identifies a process across PID reuse.
type procKey struct {
	pid       int
	startTime uint64
}

// procSample is what was last read about one process.
type procSample struct {
	provider bool
	peakRSS  uint64 // bytes
	cpuTicks uint64
}

// watchProcesses starts polling for processes running exe.
func watchProcesses(exe string, interval time.Duration) *procWatcher {
	w := &procWatcher{exe: exe, interval: interval, procs: map[procKey]*procSample{},
		stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// follow adds the process pid (terraform) to the watched processes.
func (w *procWatcher) follow(pid int) {
	w.mu.Lock()
	w.rootPID = pid
	w.mu.Unlock()
	w.poll()
}

// loop polls until stopped.
func (w *procWatcher) loop() {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		w.poll()
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
	}
}

// finish stops polling and returns the totals: provider processes seen,
// their largest peak RSS, their CPU time added up, and the peak RSS of the
// followed (terraform) process.
func (w *procWatcher) finish() (procs int, peak uint64, cpu time.Duration, rootPeak uint64) {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	var ticks uint64
	for key, s := range w.procs {
		if !s.provider {
			if key.pid == w.rootPID {
				rootPeak = max(rootPeak, s.peakRSS)
			}
			continue
		}
		procs++
		peak = max(peak, s.peakRSS)
		ticks += s.cpuTicks
	}
	return procs, peak, time.Duration(ticks) * time.Second / clockTicks, rootPeak
}

// poll reads every provider process and the followed process once.
func (w *procWatcher) poll() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	w.mu.Lock()
	root := w.rootPID
	w.mu.Unlock()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		isProvider := false
		if pid != root {
			exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
			if err != nil || exe != w.exe {
				continue
			}
			isProvider = true
		}
		w.sample(pid, isProvider)
	}
}

// sample reads one process's status and stat and records them.
func (w *procWatcher) sample(pid int, provider bool) {
	peak, err := readPeakRSS(pid)
	if err != nil {
		return // it exited meanwhile
	}
	ticks, start, err := readCPU(pid)
	if err != nil {
		return
	}
	key := procKey{pid: pid, startTime: start}
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.procs[key]
	if s == nil {
		s = &procSample{provider: provider}
		w.procs[key] = s
	}
	s.peakRSS = max(s.peakRSS, peak)
	s.cpuTicks = max(s.cpuTicks, ticks)
}

// readPeakRSS returns the larger of VmHWM and VmRSS of pid, in bytes.
func readPeakRSS(pid int) (uint64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parsePeakRSS(data)
}

// parsePeakRSS reads VmHWM and VmRSS (in kB) from a /proc/PID/status text
// and returns the larger, in bytes.
func parsePeakRSS(status []byte) (uint64, error) {
	var peak uint64
	found := false
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmHWM" && key != "VmRSS") {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, fmt.Errorf("unexpected %s line %q", key, sc.Text())
		}
		kb, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, err
		}
		peak = max(peak, kb*1024)
		found = true
	}
	if !found {
		return 0, fmt.Errorf("no VmHWM or VmRSS (a zombie or a kernel thread)")
	}
	return peak, nil
}

// readCPU returns utime+stime (in clock ticks) and the start time of pid.
func readCPU(pid int) (ticks, start uint64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	return parseStat(data)
}

// parseStat reads utime+stime and starttime from a /proc/PID/stat line. The
// command name (field 2) may hold spaces and parentheses, so the fields are
// counted from the last ')'.
func parseStat(stat []byte) (ticks, start uint64, err error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("malformed stat %q", stat)
	}
	// After ')' come the fields from 3 (state) on; utime is 14, stime 15,
	// starttime 22.
	fields := strings.Fields(string(stat[i+1:]))
	const utime, stime, starttime = 14 - 3, 15 - 3, 22 - 3
	if len(fields) <= starttime {
		return 0, 0, fmt.Errorf("short stat %q", stat)
	}
	var v [3]uint64
	for j, idx := range []int{utime, stime, starttime} {
		if v[j], err = strconv.ParseUint(fields[idx], 10, 64); err != nil {
			return 0, 0, err
		}
	}
	return v[0] + v[1], v[2], nil
}
