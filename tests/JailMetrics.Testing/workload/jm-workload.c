/*
 * jm-workload: the process a JailMetrics test sandbox runs as pid 1 of its
 * PID namespace.  It creates a known, easily verified resource footprint and
 * then idles until told to go away:
 *
 *   jm-workload PROCESSES EXTRA_FILES RSS_BYTES SHM_BYTES
 *
 *   - PROCESSES-1 children that only pause(), so the namespace holds exactly
 *     PROCESSES processes;
 *   - RSS_BYTES of private anonymous memory, every page written (resident);
 *   - one System V shared memory segment of SHM_BYTES (none when 0), created
 *     in the sandbox's IPC namespace, attached and written;
 *   - EXTRA_FILES descriptors open on /dev/null beyond stdin/stdout/stderr.
 *
 * It then prints "ready\n" on stdout.  From then on it waits for EOF on stdin:
 * the harness holds the write end of that pipe, so if the test process dies
 * without cleaning up (killed, crashed) the workload exits on its own and
 * the kernel tears the whole namespace down with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

/* Kept in globals so the compiler cannot prove the written memory is never
 * used and drop the allocation and the memset. */
static void *volatile private_memory;
static void *volatile shared_segment;

static void die(const char *what)
{
    fprintf(stderr, "jm-workload: %s: %s\n", what, strerror(errno));
    exit(1);
}

static long long parse_count(const char *text, const char *name)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || end == text || value < 0) {
        fprintf(stderr, "jm-workload: %s must be a non-negative integer, got '%s'\n", name, text);
        exit(2);
    }
    return value;
}

/* Whatever launched us may have leaked descriptors (shells keep saved fds,
 * some runners pass pipes); close them so the open-file count is exact. */
static void close_inherited_descriptors(void)
{
    if (close_range(3, UINT_MAX, 0) == 0)
        return;
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = 3; fd < max; fd++)
        close((int)fd);
}

static void fork_idle_children(long long count)
{
    for (long long i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            for (;;)
                pause();
        }
    }
}

static void touch_private_memory(long long bytes)
{
    if (bytes == 0)
        return;
    char *memory = malloc((size_t)bytes);
    if (memory == NULL)
        die("malloc");
    /* A non-zero pattern forces a real page for every page of the block. */
    memset(memory, 0x5a, (size_t)bytes);
    private_memory = memory;
}

static void attach_shared_segment(long long bytes)
{
    if (bytes == 0)
        return;
    int id = shmget(IPC_PRIVATE, (size_t)bytes, IPC_CREAT | 0600);
    if (id < 0)
        die("shmget");
    void *segment = shmat(id, NULL, 0);
    if (segment == (void *)-1)
        die("shmat");
    memset(segment, 0xa5, (size_t)bytes);
    shared_segment = segment;
}

static void open_extra_files(long long count)
{
    for (long long i = 0; i < count; i++) {
        if (open("/dev/null", O_RDONLY) < 0)
            die("open /dev/null");
    }
}

static void wait_for_eof_on_stdin(void)
{
    char buffer[256];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0)
            return;
        if (n < 0 && errno != EINTR)
            return;
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: jm-workload PROCESSES EXTRA_FILES RSS_BYTES SHM_BYTES\n");
        return 2;
    }
    long long processes = parse_count(argv[1], "PROCESSES");
    long long extra_files = parse_count(argv[2], "EXTRA_FILES");
    long long rss_bytes = parse_count(argv[3], "RSS_BYTES");
    long long shm_bytes = parse_count(argv[4], "SHM_BYTES");
    if (processes < 1) {
        fprintf(stderr, "jm-workload: PROCESSES must be at least 1\n");
        return 2;
    }

    signal(SIGPIPE, SIG_IGN);
    close_inherited_descriptors();

    /* Children first: forked before the memory, segment and files exist, they
     * share none of them and stay tiny, so the footprint belongs to pid 1. */
    fork_idle_children(processes - 1);
    touch_private_memory(rss_bytes);
    attach_shared_segment(shm_bytes);
    open_extra_files(extra_files);

    if (fputs("ready\n", stdout) == EOF || fflush(stdout) == EOF)
        die("write ready");

    wait_for_eof_on_stdin();
    return 0;
}
