/* scaffold: replaced by the analyzer work in progress */
typedef int rl_scaffold_report;
