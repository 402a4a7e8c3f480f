package sandbox

import (
	"encoding/binary"
	"runtime"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A run's system calls pass through a seccomp filter, as in container
// runtimes, that refuses what no solution needs and what would reach
// beyond the run:
//
//   - the kernel keyrings (keyctl, add_key, request_key): the session
//     keyring a run inherits is the instructor's, shared across runs, so it
//     could be read, or carry one learner's code to the next;
//   - new user namespaces (unshare or clone with CLONE_NEWUSER): inside a
//     sandbox bubblewrap set up as root, one would give back capabilities;
//   - clone3, whose flags a filter cannot read: with ENOSYS the C library
//     falls back to clone, which is filtered;
//   - system calls of another ABI than the filter's own (i386 or x32 on
//     amd64), by which the numbers above would mean other calls.
//
// Refused calls fail with EPERM (ENOSYS for clone3); the program goes on.

// seccompArch is this architecture's audit number, which a filter must
// check before it reads a system call's number.
var seccompArch = map[string]uint32{
	"amd64": unix.AUDIT_ARCH_X86_64,
	"arm64": unix.AUDIT_ARCH_AARCH64,
}[runtime.GOARCH]

// x32Bit marks an x32 system call on amd64.
const x32Bit = 0x40000000

// Offsets into struct seccomp_data: the call's number, its architecture,
// and the low 32 bits of its first argument (little-endian).
const (
	dataNr    = 0
	dataArch  = 4
	dataArg0  = 16
	bpfLdW    = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeq    = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJge    = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
	bpfJset   = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
	bpfRet    = unix.BPF_RET | unix.BPF_K
	retAllow  = unix.SECCOMP_RET_ALLOW
	retEPERM  = unix.SECCOMP_RET_ERRNO | uint32(syscall.EPERM)
	retENOSYS = unix.SECCOMP_RET_ERRNO | uint32(syscall.ENOSYS)
)

// syscallFilter is the filter's program, or nil on an architecture it
// does not know.
func syscallFilter() []unix.SockFilter {
	if seccompArch == 0 {
		return nil
	}
	// Written backwards from its returns, so every jump is a count of
	// the instructions it skips.
	type insn = unix.SockFilter
	refused := []uint32{unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_REQUEST_KEY}
	var prog []insn
	prog = append(prog, insn{Code: bpfLdW, K: dataArch})
	// Not this ABI: refuse every call.
	prog = append(prog, insn{Code: bpfJeq, K: seccompArch, Jt: 1}, insn{Code: bpfRet, K: retEPERM})
	prog = append(prog, insn{Code: bpfLdW, K: dataNr})
	if runtime.GOARCH == "amd64" {
		prog = append(prog, insn{Code: bpfJge, K: x32Bit, Jf: 1}, insn{Code: bpfRet, K: retEPERM})
	}
	// Then: refused calls, clone3, the two that take clone flags; allow.
	// Each test jumps to one of the returns at the end:
	//   [allow] [eperm] [enosys] [load arg0] [jset NEWUSER] [eperm] [allow]
	tests := len(refused) + 3
	for i, nr := range refused {
		// To "eperm": past the other tests and "allow".
		prog = append(prog, insn{Code: bpfJeq, K: nr, Jt: uint8(tests - i)})
	}
	prog = append(prog,
		insn{Code: bpfJeq, K: unix.SYS_CLONE3, Jt: 4},
		insn{Code: bpfJeq, K: unix.SYS_UNSHARE, Jt: 4},
		insn{Code: bpfJeq, K: unix.SYS_CLONE, Jt: 3},
		insn{Code: bpfRet, K: retAllow},
		insn{Code: bpfRet, K: retEPERM},
		insn{Code: bpfRet, K: retENOSYS},
		insn{Code: bpfLdW, K: dataArg0},
		insn{Code: bpfJset, K: unix.CLONE_NEWUSER, Jf: 1},
		insn{Code: bpfRet, K: retEPERM},
		insn{Code: bpfRet, K: retAllow},
	)
	return prog
}

// syscallFilterBytes is the filter as bubblewrap's --seccomp reads it:
// struct sock_filter after struct sock_filter, in native byte order.
func syscallFilterBytes() []byte {
	var out []byte
	for _, f := range syscallFilter() {
		out = binary.NativeEndian.AppendUint16(out, f.Code)
		out = append(out, f.Jt, f.Jf)
		out = binary.NativeEndian.AppendUint32(out, f.K)
	}
	return out
}

// filterProgram is the filter, made the first time a run needs it rather
// than at every start of tokenlab.
var filterProgram = sync.OnceValue(syscallFilter)

// installSyscallFilter puts the filter on every thread of this process,
// to be inherited by what it executes; it comes before the limits, so it
// may allocate. no_new_privs, which a filter needs without CAP_SYS_ADMIN,
// is set first.
func installSyscallFilter() syscall.Errno {
	prog := filterProgram()
	if len(prog) == 0 {
		return 0
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0); errno != 0 {
		return errno
	}
	_, _, errno := syscall.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC,
		uintptr(unsafe.Pointer(&fprog)))
	return errno
}
