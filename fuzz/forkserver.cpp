// A fork server for the reference tools of fuzz/diff (binaryen's wasm-opt), loaded with
// LD_PRELOAD. Two thirds of a wasm-opt run that makes one small module is process start-up:
// exec, the dynamic linker binding libbinaryen's ~13,000 relocations, static constructors.
// With NANOPROC_FORKSERVER=1 in the environment, the tool starts once (with LD_BIND_NOW=1
// every symbol is bound then), stops before its main, and forks one child per request; the
// child runs the real main with the request's arguments, so each run is exactly a fresh run
// of the tool, minus the start-up. Without the variable the library does nothing.
//
// Protocol, one request at a time on the tool's standard input, one line each:
//   TIMEOUT_SECONDS \t STDIN_PATH \t STDOUT_PATH \t STDERR_PATH \t ARG1 \t ARG2 ... \n
// (an empty STDIN_PATH means /dev/null; arguments cannot hold tabs or newlines). The reply on
// its standard output is one line: "exit N" or "signal N" (SIGALRM: the timeout expired).
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

using MainFn = int (*)(int, char**, char**);
MainFn real_main = nullptr;

bool read_line(int fd, std::string& line) {
  line.clear();
  char c;
  for (;;) {
    ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (c == '\n') return true;
    line.push_back(c);
  }
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

bool redirect(const std::string& path, int target, int flags) {
  int fd = open(path.empty() ? "/dev/null" : path.c_str(), flags, 0644);
  if (fd < 0) return false;
  if (fd != target) {
    if (dup2(fd, target) < 0) return false;
    close(fd);
  }
  return true;
}

void reply(int fd, const char* what, int n) {
  char buf[64];
  int len = std::snprintf(buf, sizeof buf, "%s %d\n", what, n);
  for (int off = 0; off < len;) {
    ssize_t w = write(fd, buf + off, static_cast<size_t>(len - off));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) _exit(1);
    off += static_cast<int>(w);
  }
}

[[noreturn]] void run_child(const std::vector<std::string>& fields, int ctl_in, int ctl_out, char** envp) {
  close(ctl_in);
  close(ctl_out);
  if (!redirect(fields[1], 0, O_RDONLY) || !redirect(fields[2], 1, O_WRONLY | O_CREAT | O_TRUNC) ||
      !redirect(fields[3], 2, O_WRONLY | O_CREAT | O_TRUNC))
    _exit(126);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("wasm-opt"));
  for (size_t i = 4; i < fields.size(); ++i) argv.push_back(const_cast<char*>(fields[i].c_str()));
  argv.push_back(nullptr);
  signal(SIGALRM, SIG_DFL);
  alarm(static_cast<unsigned>(std::strtoul(fields[0].c_str(), nullptr, 10)));
  int rc = real_main(static_cast<int>(argv.size() - 1), argv.data(), envp);
  // The tool's output is complete once its main has returned and its streams are flushed;
  // _exit skips the static destructors (binaryen frees its whole interned-string table
  // there), which the process's end makes moot.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(rc);
}

int serve(int, char**, char** envp) {
  // The control channel moves off fds 0 and 1, which each child points at its own files.
  int ctl_in = dup(0), ctl_out = dup(1);
  if (ctl_in < 0 || ctl_out < 0) return 1;
  fcntl(ctl_in, F_SETFD, FD_CLOEXEC);
  fcntl(ctl_out, F_SETFD, FD_CLOEXEC);
  std::string line;
  while (read_line(ctl_in, line)) {
    std::vector<std::string> fields = split_tabs(line);
    if (fields.size() < 4) {
      reply(ctl_out, "error", 0);
      continue;
    }
    pid_t pid = fork();
    if (pid < 0) {
      reply(ctl_out, "error", errno);
      continue;
    }
    if (pid == 0) run_child(fields, ctl_in, ctl_out, envp);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
      reply(ctl_out, "signal", WTERMSIG(status));
    else
      reply(ctl_out, "exit", WEXITSTATUS(status));
  }
  return 0;
}

}  // namespace

extern "C" int __libc_start_main(MainFn main, int argc, char** argv, void (*init)(), void (*fini)(),
                                 void (*rtld_fini)(), void* stack_end) {
  using StartFn = int (*)(MainFn, int, char**, void (*)(), void (*)(), void (*)(), void*);
  auto real_start = reinterpret_cast<StartFn>(dlsym(RTLD_NEXT, "__libc_start_main"));
  const char* on = std::getenv("NANOPROC_FORKSERVER");
  if (on == nullptr || std::strcmp(on, "1") != 0) return real_start(main, argc, argv, init, fini, rtld_fini, stack_end);
  real_main = main;
  return real_start(serve, argc, argv, init, fini, rtld_fini, stack_end);
}
