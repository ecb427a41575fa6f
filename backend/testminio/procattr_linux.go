package testminio

import "syscall"

// sysProcAttr makes the kernel stop MinIO when the test binary dies without
// running its clean-up (a panic, a timeout, a forgotten StopShared).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
