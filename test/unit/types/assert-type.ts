/** Compile-time assertions for the type tests: ts-jest type-checks the tests, so a false one fails the run. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when its type argument is `true`. */
export function assertType<Condition extends true>(): Condition | undefined {
	return undefined;
}
