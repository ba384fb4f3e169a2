/*
 * rename_floor SRC DST: the floor for a moves run. Walks SRC with nftw(3) (as the updater lists its drop-in
 * folder), creates each sub-folder under DST with mkdir(2) and renames each file with rename(2) (and nothing
 * else: no stat of the destination, no no-replace check, no fsync). The emptied source folders are left.
 * Build: cc -O2 -o rename_floor rename_floor.c
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *src_root;
static size_t src_len;
static const char *dst_root;
static long moved;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    char target[4096];
    const char *rel = path + src_len; /* "" for the root, else "/sub/..." */
    if (snprintf(target, sizeof target, "%s%s", dst_root, rel) >= (int)sizeof target) {
        fprintf(stderr, "path too long: %s\n", path);
        return 1;
    }
    if (type == FTW_D) {
        if (mkdir(target, 0777) != 0 && errno != EEXIST) {
            perror(target);
            return 1;
        }
    } else if (type == FTW_F) {
        if (rename(path, target) != 0) {
            perror(target);
            return 1;
        }
        moved++;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
        return 2;
    }
    src_root = argv[1];
    src_len = strlen(src_root);
    dst_root = argv[2];
    /* FTW_PHYS: do not follow symbolic links (nor does the updater). Pre-order: a folder before its files. */
    if (nftw(src_root, visit, 64, FTW_PHYS) != 0) {
        return 1;
    }
    return moved > 0 ? 0 : 1;
}
