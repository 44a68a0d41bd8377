/*
 * The floor for one sample (bench/fleet.sh): a minimal reader that performs a list of file-system
 * reads as tightly as C allows, with no parsing and no allocation. The list is what the service
 * itself touched in one sample (from strace, each path once), one operation per line:
 *   F path   open(2), read(2) to EOF into one buffer, close(2)   (a failing open counts too)
 *   D path   open(2) O_DIRECTORY, getdents64(2) to the end, close(2)
 *   L path   readlink(2)
 *   S path   statfs(2)
 * Usage: sample-floor LIST PASSES  — prints "wall-µs cpu-µs operations" per pass; the list is read
 * into memory first, so a pass is the system calls alone.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_us(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s LIST PASSES\n", argv[0]); return 2; }
    FILE *list = fopen(argv[1], "r");
    if (!list) { perror(argv[1]); return 2; }
    size_t count = 0, capacity = 1024;
    char **paths = malloc(capacity * sizeof *paths), *ops = malloc(capacity);
    char line[4096];
    while (fgets(line, sizeof line, list)) {
        size_t n = strcspn(line, "\n");
        line[n] = 0;
        if (n < 3 || line[1] != ' ') continue;
        if (count == capacity) { capacity *= 2; paths = realloc(paths, capacity * sizeof *paths); ops = realloc(ops, capacity); }
        ops[count] = line[0];
        paths[count++] = strdup(line + 2);
    }
    fclose(list);
    static char buffer[65536];
    int passes = atoi(argv[2]);
    for (int pass = 0; pass < passes; pass++) {
        double wall = now_us(CLOCK_MONOTONIC), cpu = now_us(CLOCK_PROCESS_CPUTIME_ID);
        for (size_t i = 0; i < count; i++) {
            int fd;
            struct statfs fs;
            switch (ops[i]) {
            case 'F':
                if ((fd = open(paths[i], O_RDONLY | O_CLOEXEC)) >= 0) {
                    while (read(fd, buffer, sizeof buffer) > 0) {}
                    close(fd);
                }
                break;
            case 'D':
                if ((fd = open(paths[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
                    while (syscall(SYS_getdents64, fd, buffer, sizeof buffer) > 0) {}
                    close(fd);
                }
                break;
            case 'L':
                (void)readlink(paths[i], buffer, sizeof buffer);
                break;
            case 'S':
                (void)statfs(paths[i], &fs);
                break;
            }
        }
        printf("%.0f %.0f %zu\n", now_us(CLOCK_MONOTONIC) - wall, now_us(CLOCK_PROCESS_CPUTIME_ID) - cpu, count);
    }
    return 0;
}
