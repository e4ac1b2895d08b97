/*
 * samples/aes.h: AES-128 encryption, the sample kernels that `roofline analyze`
 * counts (see samples/aes.c) and that the drivers and tests call.
 *
 * Round keys come in two layouts: 44 big-endian words for the T-table kernel
 * and the same 176 bytes in order for the byte kernel. The caller owns every
 * buffer; in and out may be the same buffer.
 */
#ifndef SAMPLES_AES_H
#define SAMPLES_AES_H

#include <stddef.h>
#include <stdint.h>

/*
 * The kernels must stay real functions in the compiled drivers, so that
 * callgrind --toggle-collect=FUNCTION can measure exactly one of them.
 */
#if defined(__GNUC__)
#define AES_NOINLINE __attribute__((noinline))
#else
#define AES_NOINLINE
#endif

/* Expand a 16-byte key into the 44 round-key words of FIPS-197 5.2. */
void aes128_expand_key(const uint8_t key[16], uint32_t rk[44]);

/* The same round keys as 176 bytes, for the byte-oriented kernel. */
void aes128_round_key_bytes(const uint32_t rk[44], uint8_t rkb[176]);

/* One block with S-box, ShiftRows, MixColumns (xtime) and AddRoundKey on bytes. */
AES_NOINLINE void aes128_encrypt_block_bytes(const uint8_t rk[176], const uint8_t in[16],
                                             uint8_t out[16]);

/* One block with the four 256-entry T-tables (S-box and MixColumns in one lookup). */
AES_NOINLINE void aes128_encrypt_block_ttable(const uint32_t rk[44], const uint8_t in[16],
                                              uint8_t out[16]);

/* nblocks consecutive 16-byte blocks (ECB), one call of the block kernel each. */
AES_NOINLINE void aes128_encrypt_ecb_bytes(const uint8_t rk[176], const uint8_t *in, uint8_t *out,
                                           size_t nblocks);
AES_NOINLINE void aes128_encrypt_ecb_ttable(const uint32_t rk[44], const uint8_t *in, uint8_t *out,
                                            size_t nblocks);

#endif
