/**
 * Every timer and sleep the sandbox starts goes through one TimerSet, so stop() can clear them all
 * and prove that nothing keeps the process alive afterwards.
 */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sleepers = new Set<() => void>();

	after(ms: number, run: () => void): NodeJS.Timeout {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				run();
			},
			Math.max(0, Math.round(ms)),
		);
		this.timers.add(timer);
		return timer;
	}

	cancel(timer: NodeJS.Timeout | undefined): void {
		if (timer === undefined) return;
		clearTimeout(timer);
		this.timers.delete(timer);
	}

	/** Resolves after `ms`, or at once when the set is cleared (the sandbox is stopping). */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = (): void => {
				this.sleepers.delete(wake);
				this.cancel(timer);
				resolve();
			};
			const timer = this.after(ms, wake);
			this.sleepers.add(wake);
		});
	}

	clear(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of [...this.sleepers]) wake();
	}

	get size(): number {
		return this.timers.size;
	}
}
