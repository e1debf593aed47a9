export declare const LARGE_CONFIG_BYTES: number;
export declare const DEFAULT_CONFIG: string;
/** A file's size, or the sum of a directory's files; 0 when it cannot be read. */
export declare function configBytes(config: string): number;
/** The --config (-c) a command line names, else DEFAULT_CONFIG. */
export declare function configArgument(args: readonly string[]): string;
