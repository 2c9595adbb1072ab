export type Say = (line: string) => void;
export const say: Say = (line) => process.stdout.write(`[hvs] ${line}\n`);
