/* Includes an endless file: the preprocessor reads /dev/zero until memory
 * runs out. Run only under a memory limit (run_hostile.py sets one). */
#include "/dev/zero"

int f(int n)
{
    return n;
}
