/*
 * A file system that loses what it never synced, below LMDB: an LD_PRELOAD library that the
 * fault tests build with the system C compiler and load into a real server process.
 *
 * For every file under $SYNC_FAULT_DIR (but LMDB's lock file, which is not durable state) it
 * keeps, in $SYNC_FAULT_STATE:
 *   <name>.durable  what a power loss would leave: the file as of its last successful sync;
 *   <name>.pending  a journal of the writes made since (offset, length, bytes).
 * A successful fsync/fdatasync applies the journal to the durable image. While the file
 * $SYNC_FAULT_STATE/fail exists, fsync, fdatasync and msync fail with EIO and writes to an
 * O_DSYNC descriptor (LMDB's meta page) fail likewise: the journal is dropped, as a kernel
 * drops the dirty pages of a failed writeback, and the failure is counted in
 * $SYNC_FAULT_STATE/failures. While $SYNC_FAULT_STATE/fail-dsync exists, only the O_DSYNC
 * writes fail (the data syncs, its meta page does not: LMDB then refuses every transaction,
 * MDB_PANIC, until the environment is opened again). While $SYNC_FAULT_STATE/hold exists, a sync waits before it
 * does anything: the process is stopped between its commit's writes and their sync. Like Linux (errseq_t, 4.13 on), a failed writeback is then
 * reported once to every other descriptor of the file that was open at the time, whichever
 * process holds it: the state is shared through files, so it spans processes.
 *
 * Simulating a power loss is then the test's part: kill the processes, copy each durable image
 * over its file and remove the lock file (see helpers/sync-fault.ts).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 65536

struct tracked {
  char name[NAME_MAX + 1]; /* empty: not tracked */
  int dsync;
  uint64_t seen; /* the shared error sequence this descriptor has seen */
};

static struct tracked fds[MAX_FDS];
static char watch_dir[PATH_MAX];
static char state_dir[PATH_MAX];
static int ready;

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_msync)(void *, size_t, int);

__attribute__((constructor)) static void init(void) {
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_close = dlsym(RTLD_NEXT, "close");
  real_pwrite = dlsym(RTLD_NEXT, "pwrite");
  real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  real_write = dlsym(RTLD_NEXT, "write");
  real_writev = dlsym(RTLD_NEXT, "writev");
  real_fsync = dlsym(RTLD_NEXT, "fsync");
  real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  real_msync = dlsym(RTLD_NEXT, "msync");
  const char *dir = getenv("SYNC_FAULT_DIR");
  const char *state = getenv("SYNC_FAULT_STATE");
  if (dir && state && realpath(dir, watch_dir) && realpath(state, state_dir)) ready = 1;
}

static void state_path(char *out, const char *name, const char *suffix) {
  snprintf(out, PATH_MAX, "%s/%s%s", state_dir, name, suffix);
}

/* One lock for all shared state, across processes. */
static int lock_state(void) {
  char path[PATH_MAX];
  state_path(path, "lock", "");
  int fd = real_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) flock(fd, LOCK_EX);
  return fd;
}

static void unlock_state(int fd) {
  if (fd >= 0) real_close(fd); /* releases the flock */
}

static int flagged(const char *name) {
  char path[PATH_MAX];
  state_path(path, name, "");
  return access(path, F_OK) == 0;
}

static int failing(void) { return flagged("fail"); }

static uint64_t read_errseq(void) {
  char path[PATH_MAX];
  state_path(path, "errseq", "");
  uint64_t value = 0;
  int fd = real_open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    if (pread(fd, &value, sizeof value, 0) != sizeof value) value = 0;
    real_close(fd);
  }
  return value;
}

static void bump_errseq(const char *name, const char *call) {
  char path[PATH_MAX];
  uint64_t value = read_errseq() + 1;
  state_path(path, "errseq", "");
  int fd = real_open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    real_pwrite(fd, &value, sizeof value, 0);
    real_close(fd);
  }
  state_path(path, "failures", "");
  fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    char line[NAME_MAX + 64];
    int n = snprintf(line, sizeof line, "%d %s %s\n", (int)getpid(), call, name);
    real_write(fd, line, (size_t)n);
    real_close(fd);
  }
}

static void copy_file(const char *from, const char *to) {
  int in = real_open(from, O_RDONLY | O_CLOEXEC);
  int out = real_open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  char buf[65536];
  ssize_t n;
  while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0) real_write(out, buf, (size_t)n);
  if (in >= 0) real_close(in);
  if (out >= 0) real_close(out);
}

static void drop_pending(const char *name) {
  char path[PATH_MAX];
  state_path(path, name, ".pending");
  truncate(path, 0);
}

/* Writes the journal's entries into the durable image, in order, then empties the journal. */
static void apply_pending(const char *name) {
  char pending[PATH_MAX], durable[PATH_MAX];
  state_path(pending, name, ".pending");
  state_path(durable, name, ".durable");
  int in = real_open(pending, O_RDONLY | O_CLOEXEC);
  int out = real_open(durable, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  uint64_t head[2];
  char *buf = NULL;
  size_t cap = 0;
  while (in >= 0 && out >= 0 && read(in, head, sizeof head) == sizeof head) {
    if (head[1] > cap) {
      cap = head[1];
      buf = realloc(buf, cap);
    }
    if (read(in, buf, head[1]) != (ssize_t)head[1]) break;
    real_pwrite(out, buf, head[1], (off_t)head[0]);
  }
  free(buf);
  if (in >= 0) real_close(in);
  if (out >= 0) real_close(out);
  truncate(pending, 0);
}

static void journal(const char *name, off_t offset, const struct iovec *iov, int count) {
  char path[PATH_MAX];
  state_path(path, name, ".pending");
  int fd = real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  uint64_t off = (uint64_t)offset;
  for (int i = 0; i < count; i++) {
    uint64_t head[2] = {off, iov[i].iov_len};
    real_write(fd, head, sizeof head);
    real_write(fd, iov[i].iov_base, iov[i].iov_len);
    off += iov[i].iov_len;
  }
  real_close(fd);
}

/* Applies one write straight to the durable image (a write through an O_DSYNC descriptor). */
static void write_durable(const char *name, off_t offset, const struct iovec *iov, int count) {
  char path[PATH_MAX];
  state_path(path, name, ".durable");
  int fd = real_open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  for (int i = 0; i < count; i++) {
    real_pwrite(fd, iov[i].iov_base, iov[i].iov_len, offset);
    offset += (off_t)iov[i].iov_len;
  }
  real_close(fd);
}

static void track(int fd, const char *path, int flags) {
  if (!ready || fd < 0 || fd >= MAX_FDS) return;
  fds[fd].name[0] = 0;
  char full[PATH_MAX];
  if (!realpath(path, full)) return;
  size_t len = strlen(watch_dir);
  if (strncmp(full, watch_dir, len) != 0 || full[len] != '/') return;
  const char *name = full + len + 1;
  if (strchr(name, '/') || strcmp(name, "lock.mdb") == 0) return;
  int lock = lock_state();
  char durable[PATH_MAX];
  state_path(durable, name, ".durable");
  /* What was there before the first open counts as synced. */
  if (access(durable, F_OK) != 0) copy_file(full, durable);
  fds[fd].seen = read_errseq();
  unlock_state(lock);
  snprintf(fds[fd].name, sizeof fds[fd].name, "%s", name);
  fds[fd].dsync = (flags & (O_DSYNC | O_SYNC)) != 0;
}

static struct tracked *tracked(int fd) {
  if (!ready || fd < 0 || fd >= MAX_FDS || fds[fd].name[0] == 0) return NULL;
  return &fds[fd];
}

static int open_mode(int flags, va_list ap) {
  return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  int fd = real_open(path, flags, mode);
  track(fd, path, flags);
  return fd;
}

int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  int fd = real_open64(path, flags, mode);
  track(fd, path, flags);
  return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  int mode = open_mode(flags, ap);
  va_end(ap);
  int fd = real_openat(dirfd, path, flags, mode);
  if (path[0] == '/') track(fd, path, flags);
  return fd;
}

int close(int fd) {
  if (fd >= 0 && fd < MAX_FDS) fds[fd].name[0] = 0;
  return real_close(fd);
}

/* After a real write of `done` bytes at `offset`: journal it, or for O_DSYNC make it durable. */
static ssize_t after_write(struct tracked *t, off_t offset, const struct iovec *iov, int count,
                           ssize_t done) {
  if (done <= 0) return done;
  struct iovec parts[64];
  int n = 0;
  size_t left = (size_t)done;
  for (int i = 0; i < count && left > 0 && n < 64; i++) {
    size_t len = iov[i].iov_len < left ? iov[i].iov_len : left;
    parts[n].iov_base = iov[i].iov_base;
    parts[n].iov_len = len;
    left -= len;
    n++;
  }
  int lock = lock_state();
  if (t->dsync) {
    if (failing() || flagged("fail-dsync")) {
      bump_errseq(t->name, "dsync-write");
      t->seen = read_errseq();
      unlock_state(lock);
      errno = EIO;
      return -1;
    }
    write_durable(t->name, offset, parts, n);
  } else {
    journal(t->name, offset, parts, n);
  }
  unlock_state(lock);
  return done;
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  ssize_t done = real_pwrite(fd, buf, count, offset);
  struct tracked *t = tracked(fd);
  if (!t) return done;
  struct iovec iov = {(void *)buf, count};
  return after_write(t, offset, &iov, 1, done);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
  ssize_t done = real_pwrite64(fd, buf, count, offset);
  struct tracked *t = tracked(fd);
  if (!t) return done;
  struct iovec iov = {(void *)buf, count};
  return after_write(t, offset, &iov, 1, done);
}

ssize_t write(int fd, const void *buf, size_t count) {
  struct tracked *t = tracked(fd);
  if (!t) return real_write(fd, buf, count);
  off_t offset = lseek(fd, 0, SEEK_CUR);
  ssize_t done = real_write(fd, buf, count);
  struct iovec iov = {(void *)buf, count};
  return after_write(t, offset, &iov, 1, done);
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
  struct tracked *t = tracked(fd);
  if (!t) return real_writev(fd, iov, count);
  off_t offset = lseek(fd, 0, SEEK_CUR);
  ssize_t done = real_writev(fd, iov, count);
  return after_write(t, offset, iov, count, done);
}

static int sync_tracked(int fd, int (*real)(int), const char *call) {
  struct tracked *t = tracked(fd);
  if (!t) return real(fd);
  while (flagged("hold")) usleep(5000);
  int lock = lock_state();
  if (failing()) {
    drop_pending(t->name);
    bump_errseq(t->name, call);
    t->seen = read_errseq();
    unlock_state(lock);
    errno = EIO;
    return -1;
  }
  apply_pending(t->name);
  uint64_t errseq = read_errseq();
  int reported = errseq > t->seen;
  t->seen = errseq;
  unlock_state(lock);
  int rc = real(fd);
  if (rc == 0 && reported) {
    errno = EIO;
    return -1;
  }
  return rc;
}

int fsync(int fd) { return sync_tracked(fd, real_fsync, "fsync"); }

int fdatasync(int fd) { return sync_tracked(fd, real_fdatasync, "fdatasync"); }

int msync(void *addr, size_t length, int flags) {
  /* LMDB calls msync only with a writable map, which the store does not use; fail it all the
     same while failing, so a store that turned one on could not pass unseen. */
  if (ready && (flags & MS_SYNC) && failing()) {
    int lock = lock_state();
    bump_errseq("map", "msync");
    unlock_state(lock);
    errno = EIO;
    return -1;
  }
  return real_msync(addr, length, flags);
}
