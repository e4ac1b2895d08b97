/* scaffold */ typedef int rl_scaffold_hwmodel;
