/* scaffold */ typedef int rl_scaffold_measure;
