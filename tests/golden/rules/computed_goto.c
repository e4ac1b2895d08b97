/* Rule: a dispatch loop made of computed gotos (goto *tbl[op], the shape
 * of CPython's ceval and Lua's VM) cannot be counted from the source: the
 * code between the labels is counted as one pass, and the result says so
 * (as for a goto back to an earlier label). One pass: *pc three times (1
 * byte) and ops[*pc] three times (8 bytes, a static table: resident).
 * ARGS: -k run
 * EXPECT run loads {"count": 6, "bytes": 27}
 * EXPECT run dram_bytes 3
 * EXPECT run exact false
 * EXPECT run inexact_because ["line 19: computed goto (goto *): a dispatch loop the model cannot count (counted as one pass)", "line 23: computed goto (goto *): a dispatch loop the model cannot count (counted as one pass)", "line 27: computed goto (goto *): a dispatch loop the model cannot count (counted as one pass)"]
 */
enum { OP_ADD, OP_DBL, OP_HALT };

int run(const unsigned char *code, int acc)
{
    static const void *const ops[] = {&&op_add, &&op_dbl, &&op_halt};
    const unsigned char *pc = code;

    goto *ops[*pc];
op_add:
    acc += 1;
    pc++;
    goto *ops[*pc];
op_dbl:
    acc *= 2;
    pc++;
    goto *ops[*pc];
op_halt:
    return acc;
}
