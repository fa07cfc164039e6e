// The seccomp network wall: a BPF filter a worker process installs on itself, first thing, so the
// kernel refuses it (and every thread and child it will ever have) any socket but AF_UNIX. It
// needs no privilege, unlike a network namespace where unprivileged user namespaces are off
// (Ubuntu 24.04's kernel.apparmor_restrict_unprivileged_userns), and it holds an Electron utility
// process, which Electron starts itself (src/core/egress/seccompWall.ts explains the JS side).
//
// N-API only (node_api.h), so the same binary loads in Node and in Electron.
#define _GNU_SOURCE
#include <node_api.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NETWALL_ARCH AUDIT_ARCH_X86_64
#define NETWALL_ARCH_NAME "x86_64"
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif
#elif defined(__aarch64__)
#define NETWALL_ARCH AUDIT_ARCH_AARCH64
#define NETWALL_ARCH_NAME "aarch64"
#else
#define NETWALL_ARCH_NAME NULL
#endif

#ifndef SECCOMP_FILTER_FLAG_TSYNC
#define SECCOMP_FILTER_FLAG_TSYNC 1
#endif
#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif

// Whether this process's filter is ours and installed (a second install would stack a copy).
static bool installed = false;

#ifdef NETWALL_ARCH

#define ARG_LOW(n) (offsetof(struct seccomp_data, args) + (n) * sizeof(__u64))
#define ERRNO(e) (SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))
// One syscall number → one verdict, as two instructions.
#define REFUSE(nr, verdict)                                   \
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),            \
  BPF_STMT(BPF_RET | BPF_K, (verdict))

static struct sock_filter filter[] = {
  // 1. The architecture. A 64-bit process can still enter the kernel through another ABI (int
  //    0x80 gives i386 numbers, where 102 is socketcall): numbers only mean what this filter
  //    thinks they mean under the build's own ABI, so anything else ends the process.
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NETWALL_ARCH, 1, 0),
  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
  // 2. x32 shares AUDIT_ARCH_X86_64 but sets bit 30 of the number (x32 socket = 41 | bit 30):
  //    the number checks below would never match it. Nothing of ours is x32; end the process.
  BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1),
  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
  // 3. io_uring can open and connect sockets from the kernel's side (IORING_OP_SOCKET,
  //    IORING_OP_CONNECT), where seccomp never sees them. ENOSYS: libuv then uses epoll and its
  //    thread pool, as on a kernel without io_uring. All three calls, so a ring made before the
  //    filter (libuv makes one at start on some versions) cannot be driven either.
  REFUSE(__NR_io_uring_setup, ERRNO(ENOSYS)),
  REFUSE(__NR_io_uring_enter, ERRNO(ENOSYS)),
  REFUSE(__NR_io_uring_register, ERRNO(ENOSYS)),
  // 4. Reaching into another process of this user that has no wall (the app itself): ptrace
  //    could make it connect for us, process_vm_writev could rewrite its memory, pidfd_getfd
  //    could copy out a socket it has open. Our workers debug nothing; EPERM, as a denied attach
  //    gets. (Yama's ptrace_scope, where set, already limits ptrace to descendants, which inherit
  //    this filter; it is not set everywhere.)
  REFUSE(__NR_ptrace, ERRNO(EPERM)),
  REFUSE(__NR_process_vm_writev, ERRNO(EPERM)),
  REFUSE(__NR_process_vm_readv, ERRNO(EPERM)),
#ifdef __NR_pidfd_getfd
  REFUSE(__NR_pidfd_getfd, ERRNO(EPERM)),
#endif
  // 5. bpf(2) makes no sockets, but it attaches programs to them and is a large kernel surface
  //    with no use here (unprivileged bpf is usually off anyway). EPERM.
  REFUSE(__NR_bpf, ERRNO(EPERM)),
  // 6. socket(2) and socketpair(2): AF_UNIX only (the IPC channel to the host, libuv's internal
  //    pairs). The domain is an int: the kernel reads the low 32 bits of the argument, so that
  //    is what is compared (little-endian on both supported architectures). socketcall(2), the
  //    multiplexer, does not exist on x86_64 or aarch64; its i386 form is stopped by step 1.
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0),
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socketpair, 0, 3),
  BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LOW(0)),
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 1, 0),
  BPF_STMT(BPF_RET | BPF_K, ERRNO(EACCES)),
  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

// Applies the filter to every thread of the process. Returns 0, or an errno with *what set.
static int apply(const char **what) {
  // Without no_new_privs an unprivileged process may not install a filter; with it, no execve
  // can gain privileges (setuid) and so shed the filter.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *what = "prctl(PR_SET_NO_NEW_PRIVS)";
    return errno;
  }
  struct sock_fprog program = {
    .len = (unsigned short)(sizeof(filter) / sizeof(filter[0])),
    .filter = filter,
  };
  // TSYNC: Node and Electron run several threads (the V8 platform, libuv's pool, inspector);
  // a filter on this thread only would leave them open. All threads, or none and an error.
  long result = syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &program);
  if (result > 0) {
    // TSYNC failed: `result` is the id of a thread that could not be synchronised.
    *what = "seccomp TSYNC (a thread could not take the filter)";
    return ESRCH;
  }
  if (result != 0) {
    *what = "seccomp(SECCOMP_SET_MODE_FILTER)";
    return errno;
  }
  return 0;
}

#endif  // NETWALL_ARCH

static napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, "ERR_NETWALL", message);
  return NULL;
}

// install(): applies the filter, once; throws with the failing step and errno otherwise.
static napi_value install(napi_env env, napi_callback_info info) {
  (void)info;
#ifdef NETWALL_ARCH
  if (installed) return NULL;
  const char *what = NULL;
  int error = apply(&what);
  if (error != 0) {
    char message[256];
    snprintf(message, sizeof message, "%s failed: %s", what, strerror(error));
    return throw_error(env, message);
  }
  installed = true;
  return NULL;
#else
  return throw_error(env, "the seccomp network wall supports x86_64 and aarch64 only");
#endif
}

static napi_status set_bool(napi_env env, napi_value object, const char *name, bool value) {
  napi_value v;
  napi_status status = napi_get_boolean(env, value, &v);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, object, name, v);
}

static napi_status set_int(napi_env env, napi_value object, const char *name, int value) {
  napi_value v;
  napi_status status = napi_create_int32(env, value, &v);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, object, name, v);
}

// status(): { installed, arch, seccompMode, noNewPrivs } as the kernel sees this thread now.
static napi_value status(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  if (napi_create_object(env, &result) != napi_ok) return throw_error(env, "out of memory");
  napi_value arch;
  if (NETWALL_ARCH_NAME == NULL) napi_get_null(env, &arch);
  else napi_create_string_utf8(env, NETWALL_ARCH_NAME, NAPI_AUTO_LENGTH, &arch);
  napi_set_named_property(env, result, "arch", arch);
  set_bool(env, result, "installed", installed);
  // 0 off, 1 strict, 2 filter (prctl(2)).
  set_int(env, result, "seccompMode", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
  set_bool(env, result, "noNewPrivs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
    {"install", NULL, install, NULL, NULL, NULL, napi_default, NULL},
    {"status", NULL, status, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, 2, properties) != napi_ok) return NULL;
  return exports;
}
