package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuMark is a reading of the machine's busy CPU time and of this process's
// own CPU time (the emulator, the direct client and the /proc poller run in
// it), to tell how much CPU other processes took during a phase.
type cpuMark struct {
	machine time.Duration // busy time of every CPU since boot
	self    time.Duration // user+system time of this process
}

// markCPU reads the counters; zero values when they cannot be read.
func markCPU() cpuMark {
	var m cpuMark
	if data, err := os.ReadFile("/proc/stat"); err == nil {
		m.machine, _ = parseMachineBusy(data)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		m.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return m
}

// backgroundCPU is the CPU time other processes used between start and end:
// the machine's busy time minus this process's and minus commandCPU (the
// Terraform command and the children it waited for).
func backgroundCPU(start, end cpuMark, commandCPU time.Duration) time.Duration {
	if start.machine == 0 || end.machine == 0 {
		return 0
	}
	other := (end.machine - start.machine) - (end.self - start.self) - commandCPU
	return max(other, 0)
}

// parseMachineBusy reads the aggregate "cpu" line of /proc/stat and returns
// user+nice+system+irq+softirq+steal (guest time is included in user).
func parseMachineBusy(stat []byte) (time.Duration, error) {
	line, _, _ := bytes.Cut(stat, []byte("\n"))
	fields := strings.Fields(string(line))
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, fmt.Errorf("unexpected /proc/stat first line %q", line)
	}
	var ticks uint64
	// user nice system idle iowait irq softirq steal
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		v, err := strconv.ParseUint(fields[i], 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += v
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}
