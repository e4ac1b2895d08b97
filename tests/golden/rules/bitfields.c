/* Rule: a bit-field is read as a load of its storage unit (the 4 bytes of
 * its declared unsigned), and written as a load and a store of it (the
 * other bits are kept). The shift and mask that pick the bits out are not
 * C operators of the source, and are not counted: the result says so.
 * header_len: h->ihl * 4: a load of 4 bytes and a mul.
 * set_tos: h->tos = tos: a load and a store of 4 bytes.
 * EXPECT header_len loads {"count": 1, "bytes": 4}
 * EXPECT header_len int_ops/mul 1
 * EXPECT header_len exact false
 * EXPECT header_len inexact_because ["line 25: bit-field ihl: a load of its 4-byte storage unit; its shift and mask not counted"]
 * EXPECT set_tos loads {"count": 1, "bytes": 4}
 * EXPECT set_tos stores {"count": 1, "bytes": 4}
 * EXPECT set_tos exact false
 * EXPECT set_tos inexact_because ["line 30: bit-field tos: a load and a store of its 4-byte storage unit; its shift and mask not counted"]
 */
struct ip_header {
    unsigned ihl : 4;
    unsigned version : 4;
    unsigned tos : 8;
    unsigned len : 16;
};

unsigned header_len(const struct ip_header *h)
{
    return h->ihl * 4;
}

void set_tos(struct ip_header *h, unsigned tos)
{
    h->tos = tos;
}
