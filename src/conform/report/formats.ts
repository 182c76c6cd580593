/**
 * Output formats of `opsmith conform --format`, in the order `--help` lists them. Apart from the writers
 * (./index.ts maps each name to one), so the command can name them without loading the rule set.
 */
export const REPORT_FORMAT_NAMES = ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab'] as const

export type ReportFormat = (typeof REPORT_FORMAT_NAMES)[number]
