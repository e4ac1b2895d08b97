/*
 * samples/drivers/aes_driver.c: encrypt N blocks with one of the AES kernels
 * of samples/aes.c, for `roofline measure` and callgrind. Prints a checksum
 * of the ciphertext so the work cannot be optimized away.
 *
 *   aes_driver N [ttable|bytes]
 *
 * The blocks are encrypted in place in a small buffer, chunk after chunk, so
 * the data stay in L1 like the analyzer's steady state and memory use does not
 * grow with N.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/aes.h"

enum { CHUNK_BLOCKS = 64 };

int main(int argc, char **argv)
{
    static const uint8_t key[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    uint8_t buf[CHUNK_BLOCKS * 16];
    uint32_t rk[44];
    uint8_t rkb[176];
    unsigned long long nblocks;
    unsigned long long checksum = 0;
    char *end = NULL;
    int use_bytes = 0;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: aes_driver N [ttable|bytes]\n");
        return 2;
    }
    errno = 0;
    nblocks = strtoull(argv[1], &end, 10);
    if (errno || end == argv[1] || *end != '\0' || argv[1][0] == '-') {
        fprintf(stderr, "aes_driver: N must be a non-negative integer, not '%s'\n", argv[1]);
        return 2;
    }
    if (argc == 3) {
        if (strcmp(argv[2], "bytes") == 0) {
            use_bytes = 1;
        } else if (strcmp(argv[2], "ttable") != 0) {
            fprintf(stderr, "aes_driver: unknown kernel '%s' (ttable or bytes)\n", argv[2]);
            return 2;
        }
    }

    aes128_expand_key(key, rk);
    aes128_round_key_bytes(rk, rkb);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 0x11);

    while (nblocks > 0) {
        size_t n = nblocks < CHUNK_BLOCKS ? (size_t)nblocks : CHUNK_BLOCKS;
        if (use_bytes)
            aes128_encrypt_ecb_bytes(rkb, buf, buf, n);
        else
            aes128_encrypt_ecb_ttable(rk, buf, buf, n);
        for (size_t i = 0; i < n * 16; i += 8) {
            uint64_t word;
            memcpy(&word, &buf[i], sizeof word);
            checksum ^= word;
        }
        nblocks -= n;
    }
    printf("checksum %016llx\n", checksum);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "aes_driver: cannot write to stdout\n");
        return 1;
    }
    return 0;
}
