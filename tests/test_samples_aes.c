/*
 * tests/test_samples_aes.c: the AES sample kernels are correct AES-128.
 *
 * Includes samples/aes.c itself so that the literal tables can be checked
 * entry by entry against the FIPS-197 definitions recomputed here.
 */
#include <stdio.h>
#include <string.h>

#include "samples/aes.c"

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAIL: %s\n", what);
        failures++;
    }
}

/* Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1, bit by bit. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, int s)
{
    return (uint8_t)(x << s | x >> (8 - s));
}

static uint32_t rotr32(uint32_t x, int s)
{
    return x >> s | x << (32 - s);
}

static void test_tables(void)
{
    int bad = 0;
    for (int a = 0; a < 256; a++) {
        uint8_t inv = 0;
        for (int b = 1; b < 256 && a; b++)
            if (gf_mul((uint8_t)a, (uint8_t)b) == 1)
                inv = (uint8_t)b;
        uint8_t s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        uint32_t te0 =
            (uint32_t)gf_mul(s, 2) << 24 | (uint32_t)s << 16 | (uint32_t)s << 8 | gf_mul(s, 3);
        if (sbox[a] != s || Te0[a] != te0 || Te1[a] != rotr32(te0, 8) ||
            Te2[a] != rotr32(te0, 16) || Te3[a] != rotr32(te0, 24)) {
            fprintf(stderr, "table entry %d differs from FIPS-197\n", a);
            bad = 1;
        }
        if (xtime((uint8_t)a) != gf_mul((uint8_t)a, 2))
            bad = 1;
    }
    check(!bad, "S-box, T-tables and xtime match FIPS-197");
}

static void from_hex(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void test_fips197(void)
{
    uint8_t key[16], plain[16], expect[16], got[16], rkb[176];
    uint32_t rk[44];

    from_hex("000102030405060708090a0b0c0d0e0f", key, 16);
    from_hex("00112233445566778899aabbccddeeff", plain, 16);
    from_hex("69c4e0d86a7b0430d8cdb78070b4c55a", expect, 16);
    aes128_expand_key(key, rk);
    aes128_round_key_bytes(rk, rkb);
    /* FIPS-197 C.1: round[1].k_sch starts d6aa74fd, round[10].k_sch is 13111d7f...4d2b30c5. */
    check(rk[4] == 0xd6aa74fd && rk[40] == 0x13111d7f && rk[43] == 0x4d2b30c5,
          "key expansion of the C.1 key");

    aes128_encrypt_block_bytes(rkb, plain, got);
    check(memcmp(got, expect, 16) == 0, "byte kernel: FIPS-197 C.1");
    aes128_encrypt_block_ttable(rk, plain, got);
    check(memcmp(got, expect, 16) == 0, "T-table kernel: FIPS-197 C.1");

    /* In place, as the driver uses it. */
    memcpy(got, plain, 16);
    aes128_encrypt_block_ttable(rk, got, got);
    check(memcmp(got, expect, 16) == 0, "T-table kernel in place");
    memcpy(got, plain, 16);
    aes128_encrypt_block_bytes(rkb, got, got);
    check(memcmp(got, expect, 16) == 0, "byte kernel in place");

    /* FIPS-197 Appendix A.1: the expansion of key 2b7e1516 28aed2a6 abf71588 09cf4f3c. */
    from_hex("2b7e151628aed2a6abf7158809cf4f3c", key, 16);
    aes128_expand_key(key, rk);
    check(rk[4] == 0xa0fafe17 && rk[43] == 0xb6630ca6, "key expansion of FIPS-197 A.1");
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint8_t rng_byte(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint8_t)(rng_state >> 32);
}

static void test_kernels_agree(void)
{
    enum { NBLOCKS = 1000 };
    static uint8_t in[NBLOCKS * 16], out_bytes[NBLOCKS * 16], out_ttable[NBLOCKS * 16];
    uint8_t key[16], rkb[176];
    uint32_t rk[44];
    int agree_single = 1;

    for (int k = 0; k < 10; k++) {
        for (int i = 0; i < 16; i++)
            key[i] = rng_byte();
        for (size_t i = 0; i < sizeof in; i++)
            in[i] = rng_byte();
        aes128_expand_key(key, rk);
        aes128_round_key_bytes(rk, rkb);
        aes128_encrypt_ecb_bytes(rkb, in, out_bytes, NBLOCKS);
        aes128_encrypt_ecb_ttable(rk, in, out_ttable, NBLOCKS);
        check(memcmp(out_bytes, out_ttable, sizeof in) == 0, "kernels agree on random blocks");
        uint8_t one[16];
        aes128_encrypt_block_ttable(rk, &in[16 * 7], one);
        agree_single &= memcmp(one, &out_bytes[16 * 7], 16) == 0;
    }
    check(agree_single, "ECB block 7 equals the single-block kernel");
}

int main(void)
{
    test_tables();
    test_fips197();
    test_kernels_agree();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("test_samples_aes: all passed\n");
    return 0;
}
