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
 *
 * Until then it obeys one command per line on stdin, answering each with one
 * line on stdout, so a test can make the jail misbehave and calm down:
 *
 *   grow BYTES  map and write BYTES more private memory  -> "grown TOTAL"
 *               (TOTAL: bytes grown so far), or "error ..."
 *   release     unmap all memory grown so far            -> "released"
 *   fork K      try to fork K children that pause        -> "forked N of K"
 *               (plus ": <why the first failure>" when N < K), then kill
 *               and reap them, so it probes a limit such as pids.max
 *               without changing the footprint
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
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

/* Memory added by "grow" commands, one mapping per command, unmapped by "release". */
#define MAX_GROWN_BLOCKS 64
static void *grown_blocks[MAX_GROWN_BLOCKS];
static size_t grown_sizes[MAX_GROWN_BLOCKS];
static int grown_count;
static long long grown_total;

static void reply(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void reply(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vprintf(format, arguments);
    va_end(arguments);
    putchar('\n');
    if (fflush(stdout) == EOF)
        die("write reply");
}

static void grow(long long bytes)
{
    if (bytes <= 0 || grown_count == MAX_GROWN_BLOCKS) {
        reply("error grow takes a positive size, at most %d times before a release", MAX_GROWN_BLOCKS);
        return;
    }
    /* mmap rather than malloc, so that "release" really returns the pages
     * (munmap) and the resident size falls at once. */
    void *block = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) {
        reply("error mmap: %s", strerror(errno));
        return;
    }
    memset(block, 0x5a, (size_t)bytes);
    grown_blocks[grown_count] = block;
    grown_sizes[grown_count] = (size_t)bytes;
    grown_count++;
    grown_total += bytes;
    reply("grown %lld", grown_total);
}

static void release(void)
{
    for (int i = 0; i < grown_count; i++)
        munmap(grown_blocks[i], grown_sizes[i]);
    grown_count = 0;
    grown_total = 0;
    reply("released");
}

static void try_fork(long long wanted)
{
    if (wanted <= 0 || wanted > 1000) {
        reply("error fork needs a count of 1..1000");
        return;
    }
    pid_t children[1000];
    int forked = 0;
    int failure = 0;
    for (long long i = 0; i < wanted; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            failure = errno;
            break;
        }
        if (pid == 0) {
            for (;;)
                pause();
        }
        children[forked++] = pid;
    }
    for (int i = 0; i < forked; i++)
        kill(children[i], SIGKILL);
    for (int i = 0; i < forked; i++)
        waitpid(children[i], NULL, 0);
    if (forked < wanted)
        reply("forked %d of %lld: %s", forked, wanted, strerror(failure));
    else
        reply("forked %d of %lld", forked, wanted);
}

static void obey(char *line)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *argument = strchr(line, ' ');
    if (argument != NULL)
        *argument++ = '\0';
    char *end = NULL;
    long long amount = argument != NULL ? strtoll(argument, &end, 10) : 0;
    bool numeric = argument != NULL && end != argument && *end == '\0';

    if (strcmp(line, "grow") == 0 && numeric)
        grow(amount);
    else if (strcmp(line, "release") == 0 && argument == NULL)
        release();
    else if (strcmp(line, "fork") == 0 && numeric)
        try_fork(amount);
    else
        reply("error unknown or malformed command '%s'", line);
}

/* Obeys commands until EOF on stdin (the harness closed it, or died). */
static void obey_commands_until_eof(void)
{
    char *line = NULL;
    size_t capacity = 0;
    while (getline(&line, &capacity, stdin) >= 0)
        obey(line);
    free(line);
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

    obey_commands_until_eof();
    return 0;
}
